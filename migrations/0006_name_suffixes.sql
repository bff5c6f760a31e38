-- Entity resolution's "one name contains the other in the same city" candidates by index probes
-- instead of a strpos over every project of the city (which made ingest slow down as the register
-- grew; numbers in docs/benchmarks.md).
--
-- Every suffix (of at least two characters) of each project's name key, phase marker cut off,
-- under the project's city. "The stored name contains the mention's key K" is then a range scan
-- over the suffixes starting with K; "K contains a stored name" goes through the rows marked
-- whole (the unphased key itself, see the partial indexes). Kept by triggers, so every writer of
-- projects (ingest, edits, merges) keeps it right.
CREATE TABLE project_name_suffixes (
  -- COLLATE "C": the range scan relies on byte order, whatever the database's collation.
  city       text COLLATE "C" NOT NULL,
  suffix     text COLLATE "C" NOT NULL,
  project_id text NOT NULL,
  -- The suffix is the project's whole name key and the key carries no phase.
  whole      boolean NOT NULL
);
CREATE INDEX project_name_suffixes_idx ON project_name_suffixes (city, suffix, project_id);
-- "K contains a stored name S": S starts somewhere in K. A short S (up to 6 characters) is found
-- by its first two characters, a long one by its first seven, each a range scan per position
-- of K; both kinds of range stay small (short names are few, seven-character prefixes rare),
-- where probing every substring of K cost hundreds of index descents per mention.
CREATE INDEX project_name_suffixes_short_idx ON project_name_suffixes (city, suffix)
  WHERE whole AND char_length(suffix) <= 6;
CREATE INDEX project_name_suffixes_long_idx ON project_name_suffixes (city, suffix)
  WHERE whole AND char_length(suffix) > 6;

-- Each project's organization keys with its place. Entity resolution looks a mention's owner up
-- here: a btree probe whose rows change only when a project's owners or place do, where the GIN
-- index on projects.organization_keys handed back every row version of every project of the
-- owner (a project is rewritten on each bulletin that mentions it) for a heap visit each.
CREATE TABLE project_organization_keys (
  organization_key text NOT NULL,
  project_id       text NOT NULL,
  province         text NOT NULL,
  city             text NOT NULL,
  county           text NOT NULL
);
CREATE INDEX project_organization_keys_idx ON project_organization_keys (organization_key);

-- The rows a (name key, city) pair stands for. Cities left empty are never compared.
CREATE FUNCTION investtrack_name_suffixes(name_key text, city text)
  RETURNS TABLE (suffix text, whole boolean) LANGUAGE sql IMMUTABLE AS $$
  SELECT substr(k.stem, i), i = 1 AND k.stem = name_key
  FROM (SELECT split_part(name_key, '#', 1) AS stem) k,
       generate_series(1, char_length(k.stem) - 1) i
  WHERE city <> ''
$$;

-- Inserts come in batches (one statement per bulletin): one statement-level trigger writes all
-- their rows at once. Updates and deletes are per row, and only when a looked-up column changed.
CREATE FUNCTION investtrack_projects_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO project_name_suffixes (city, suffix, project_id, whole)
    SELECT n.city, x.suffix, n.id, x.whole
    FROM inserted_projects n, investtrack_name_suffixes(n.name_key, n.city) x;
  INSERT INTO project_organization_keys (organization_key, project_id, province, city, county)
    SELECT DISTINCT k.key, n.id, n.province, n.city, n.county
    FROM inserted_projects n, unnest(n.organization_keys) k(key);
  RETURN NULL;
END
$$;

-- A renamed project or one moved to another city drops its old suffixes, each by one index
-- probe: as "suffix IN (subquery)" the planner could not use the suffix column of the index and
-- read every suffix of the project's city (about 2 ms per rename).
CREATE FUNCTION investtrack_project_names_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM project_name_suffixes s
    WHERE s.city = OLD.city AND s.project_id = OLD.id
      AND s.suffix = ANY(ARRAY(SELECT x.suffix COLLATE "C"
                               FROM investtrack_name_suffixes(OLD.name_key, OLD.city) x));
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO project_name_suffixes (city, suffix, project_id, whole)
      SELECT NEW.city, x.suffix, NEW.id, x.whole
      FROM investtrack_name_suffixes(NEW.name_key, NEW.city) x;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION investtrack_project_owners_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM project_organization_keys o
    WHERE o.organization_key = ANY(OLD.organization_keys) AND o.project_id = OLD.id;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO project_organization_keys (organization_key, project_id, province, city, county)
      SELECT DISTINCT k.key, NEW.id, NEW.province, NEW.city, NEW.county
      FROM unnest(NEW.organization_keys) k(key);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER projects_names_inserted AFTER INSERT ON projects
  REFERENCING NEW TABLE AS inserted_projects
  FOR EACH STATEMENT EXECUTE FUNCTION investtrack_projects_inserted();
CREATE TRIGGER projects_names_updated AFTER UPDATE OF name_key, city ON projects
  FOR EACH ROW WHEN (OLD.name_key IS DISTINCT FROM NEW.name_key OR OLD.city IS DISTINCT FROM NEW.city)
  EXECUTE FUNCTION investtrack_project_names_changed();
CREATE TRIGGER projects_names_deleted AFTER DELETE ON projects
  FOR EACH ROW EXECUTE FUNCTION investtrack_project_names_changed();
CREATE TRIGGER projects_owners_updated AFTER UPDATE OF organization_keys, province, city, county
  ON projects FOR EACH ROW
  WHEN (OLD.organization_keys IS DISTINCT FROM NEW.organization_keys
        OR OLD.province IS DISTINCT FROM NEW.province OR OLD.city IS DISTINCT FROM NEW.city
        OR OLD.county IS DISTINCT FROM NEW.county)
  EXECUTE FUNCTION investtrack_project_owners_changed();
CREATE TRIGGER projects_owners_deleted AFTER DELETE ON projects
  FOR EACH ROW EXECUTE FUNCTION investtrack_project_owners_changed();

INSERT INTO project_name_suffixes (city, suffix, project_id, whole)
  SELECT p.city, x.suffix, p.id, x.whole FROM projects p, investtrack_name_suffixes(p.name_key, p.city) x;
INSERT INTO project_organization_keys (organization_key, project_id, province, city, county)
  SELECT DISTINCT k.key, p.id, p.province, p.city, p.county
  FROM projects p, unnest(p.organization_keys) k(key);

-- Both served only the candidate search above (name search uses the display-name index), and
-- every project write paid for them.
DROP INDEX projects_name_key_trgm_idx;
DROP INDEX projects_organization_keys_idx;
