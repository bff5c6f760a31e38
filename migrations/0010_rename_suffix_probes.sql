-- A renamed project's name suffixes (0006) were dropped with one DELETE whose suffix list came
-- from a subquery. Ingest runs with generic plans (server/store/sql_statements.h,
-- kUseGenericPlans), which reach the statements of PL/pgSQL triggers too; the generic plan
-- estimated that list at 1,000 suffixes and so used only city and project in the index,
-- filtering every suffix of the project's city: 2 to 3 ms per rename, 7% of the server's time on
-- ingest (auto_explain, docs/benchmarks.md). Each suffix is now its own DELETE on all three
-- columns of project_name_suffixes_idx, which no plan can turn into a scan of the city.
--
-- A rename within the city also keeps the rows the old and the new name share (a longer name
-- mostly ends the same way: 项目, 电池项目) instead of deleting and inserting them again. The
-- rows left are the same set as before: the old name's rows not in the new name's, then the new
-- name's not in the old name's.
CREATE OR REPLACE FUNCTION investtrack_project_names_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  gone text;
  moved boolean := TG_OP = 'DELETE' OR OLD.city IS DISTINCT FROM NEW.city;
BEGIN
  FOR gone IN
    SELECT o.suffix FROM investtrack_name_suffixes(OLD.name_key, OLD.city) o
    WHERE moved OR NOT EXISTS (
      SELECT 1 FROM investtrack_name_suffixes(NEW.name_key, NEW.city) n
      WHERE n.suffix = o.suffix AND n.whole = o.whole)
  LOOP
    DELETE FROM project_name_suffixes s
      WHERE s.city = OLD.city AND s.suffix = gone COLLATE "C" AND s.project_id = OLD.id;
  END LOOP;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO project_name_suffixes (city, suffix, project_id, whole)
      SELECT NEW.city, n.suffix, NEW.id, n.whole
      FROM investtrack_name_suffixes(NEW.name_key, NEW.city) n
      WHERE moved OR NOT EXISTS (
        SELECT 1 FROM investtrack_name_suffixes(OLD.name_key, OLD.city) o
        WHERE o.suffix = n.suffix AND o.whole = n.whole);
  END IF;
  RETURN NULL;
END
$$;
