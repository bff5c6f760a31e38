-- Each observation's extracted fields also as one serialized investtrack.v1.Project message.
-- Ingest folds a project from its observations whenever a bulletin's mentions do not sort after
-- the stored ones; parsing them back from the jsonb column through protobuf's JSON parser was a
-- quarter of ingest's client CPU (docs/benchmarks.md, Store). As with projects.composite_pb
-- (0007), the jsonb column stays the form SQL reads and fields_pb is what the store reads; rows
-- from before this migration have none and are read from the jsonb column.
ALTER TABLE project_observations ADD COLUMN fields_pb bytea;

-- A writer that changes the jsonb fields without the bytes (a hand-written fix in psql) must not
-- leave stale bytes behind: they are dropped, and the row is read from the jsonb column.
CREATE FUNCTION project_observations_drop_stale_fields() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.fields IS DISTINCT FROM OLD.fields THEN
    NEW.fields_pb := NULL;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER project_observations_fields_pb_guard
  BEFORE UPDATE ON project_observations
  FOR EACH ROW
  WHEN (NEW.fields_pb IS NOT DISTINCT FROM OLD.fields_pb)
  EXECUTE FUNCTION project_observations_drop_stale_fields();

-- With the bytes beside it, nearly every observation row passes the size at which PostgreSQL
-- compresses its largest value, the jsonb fields; most project rows already did (evidence and
-- composite_pb), and ingest rewrites a project on every bulletin that mentions it. lz4
-- compresses several times faster than the default pglz, for a slightly larger result. It
-- applies to values written from now on. A server built without lz4 keeps pglz.
DO $$
BEGIN
  ALTER TABLE project_observations ALTER COLUMN fields SET COMPRESSION lz4,
    ALTER COLUMN fields_pb SET COMPRESSION lz4;
  ALTER TABLE projects ALTER COLUMN evidence SET COMPRESSION lz4,
    ALTER COLUMN phases SET COMPRESSION lz4, ALTER COLUMN composite_pb SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'this server has no lz4: stored values stay compressed with pglz';
END
$$;
