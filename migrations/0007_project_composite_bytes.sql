-- The composite fields of a project (capacities, typed amounts, areas, key dates, phases,
-- evidence) also as one serialized protobuf message: an investtrack.v1.Project that holds only
-- those fields. Reading them back from the jsonb columns through protobuf's JSON parser was a
-- third of the server's CPU per GetProject (docs/benchmarks.md, API). The jsonb columns stay
-- the form SQL reads; composite_pb is what the store reads, and it is NULL until the store
-- next writes the row (rows from before this migration are read from the jsonb columns).
ALTER TABLE projects ADD COLUMN composite_pb bytea;

-- A writer that changes a composite column without writing composite_pb (a migration, a
-- hand-written fix in psql) must not leave stale bytes behind: they are dropped, and the row is
-- read from the jsonb columns until the store rewrites it.
CREATE FUNCTION projects_drop_stale_composite() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.capacities, NEW.total_investment_amount, NEW.amounts, NEW.floor_area, NEW.land_area,
      NEW.key_dates, NEW.phases, NEW.evidence) IS DISTINCT FROM
     (OLD.capacities, OLD.total_investment_amount, OLD.amounts, OLD.floor_area, OLD.land_area,
      OLD.key_dates, OLD.phases, OLD.evidence) THEN
    NEW.composite_pb := NULL;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER projects_composite_pb_guard
  BEFORE UPDATE ON projects
  FOR EACH ROW
  WHEN (NEW.composite_pb IS NOT DISTINCT FROM OLD.composite_pb)
  EXECUTE FUNCTION projects_drop_stale_composite();
