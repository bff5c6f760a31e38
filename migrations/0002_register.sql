-- The project register: bulletins as received, projects merged across bulletins, every observation
-- with its evidence, status history, manual edits, review queue and a change log for watchers.

-- 0001 creates it too; repeated here so this file states what it relies on.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE bulletins (
  id               bigserial PRIMARY KEY,
  source           text NOT NULL,
  publication_date date,
  -- SHA-256 hex of raw_text: the same bytes are one bulletin, however often they arrive.
  content_hash     text NOT NULL UNIQUE,
  -- Kept byte for byte (it may be GB18030) so a later parser can re-extract.
  raw_text         bytea NOT NULL,
  ingested_at      timestamptz NOT NULL DEFAULT now(),
  reparsed_at      timestamptz
);

CREATE TABLE articles (
  bulletin_id   bigint NOT NULL REFERENCES bulletins(id) ON DELETE CASCADE,
  article_index integer NOT NULL,
  title         text NOT NULL DEFAULT '',
  article_date  date,
  -- The whole Article message (lead, byline, paragraphs, captions) as proto JSON.
  content       jsonb NOT NULL,
  PRIMARY KEY (bulletin_id, article_index)
);

CREATE TABLE projects (
  -- URL-safe and lower-case, used in the resource name projects/{id}.
  id                      text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  display_name            text NOT NULL,
  -- normalize_name_key(display_name): what entity resolution compares.
  name_key                text NOT NULL,
  aliases                 text[] NOT NULL DEFAULT '{}',
  organizations           text[] NOT NULL DEFAULT '{}',
  organization_keys       text[] NOT NULL DEFAULT '{}',
  province                text NOT NULL DEFAULT '',
  city                    text NOT NULL DEFAULT '',
  county                  text NOT NULL DEFAULT '',
  zone                    text NOT NULL DEFAULT '',
  -- GB/T 2260 code of the most specific division known.
  division_code           text NOT NULL DEFAULT '',
  industry                text NOT NULL DEFAULT '',
  capacities              jsonb,
  total_investment        numeric(20, 2),
  currency_code           text NOT NULL DEFAULT '',
  total_investment_amount jsonb,
  amounts                 jsonb,
  floor_area              jsonb,
  land_area               jsonb,
  key_dates               jsonb,
  phases                  jsonb,
  evidence                jsonb,
  level                   text NOT NULL DEFAULT '',
  project_code            text NOT NULL DEFAULT '',
  ceremony                boolean NOT NULL DEFAULT false,
  status                  text NOT NULL DEFAULT 'unspecified' CHECK (status IN (
                            'unspecified', 'unknown', 'announced', 'signed', 'preparing',
                            'under_construction', 'completed', 'operating', 'suspended',
                            'cancelled')),
  status_phrase           text NOT NULL DEFAULT '',
  -- Date of the observation (or manual edit) the current status comes from.
  status_date             date,
  version                 bigint NOT NULL DEFAULT 1,
  etag                    text GENERATED ALWAYS AS (md5(id || ':' || version::text)) STORED,
  create_time             timestamptz NOT NULL DEFAULT clock_timestamp(),
  update_time             timestamptz NOT NULL DEFAULT clock_timestamp(),
  delete_time             timestamptz,
  needs_review            boolean NOT NULL DEFAULT false,
  -- Field-mask paths set by hand; ingest and reparse leave them alone.
  manual_fields           text[] NOT NULL DEFAULT '{}'
);

CREATE INDEX projects_status_idx ON projects (status);
CREATE INDEX projects_city_idx ON projects (city);
CREATE INDEX projects_county_idx ON projects (county);
CREATE INDEX projects_division_code_idx ON projects (division_code text_pattern_ops);
CREATE INDEX projects_industry_idx ON projects (industry);
CREATE INDEX projects_total_investment_idx ON projects (total_investment);
CREATE INDEX projects_update_time_idx ON projects (update_time, id);
CREATE INDEX projects_create_time_idx ON projects (create_time, id);
CREATE INDEX projects_display_name_trgm_idx ON projects USING gin (display_name gin_trgm_ops);
CREATE INDEX projects_name_key_trgm_idx ON projects USING gin (name_key gin_trgm_ops);
CREATE INDEX projects_organization_keys_idx ON projects USING gin (organization_keys);

-- Every name a project was seen under. At most one project owns a key: the owner claim is what
-- makes two concurrent ingests of the same new project converge (INSERT ... ON CONFLICT DO NOTHING
-- waits for the other transaction, then the loser resolves to the winner's project). Projects kept
-- apart for review list the key without owning it.
CREATE TABLE project_aliases (
  alias_key  text NOT NULL,
  project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  owner      boolean NOT NULL DEFAULT false,
  PRIMARY KEY (alias_key, project_id)
);
CREATE UNIQUE INDEX project_aliases_owner_idx ON project_aliases (alias_key) WHERE owner;
CREATE INDEX project_aliases_project_idx ON project_aliases (project_id);

CREATE TABLE project_observations (
  id               bigserial PRIMARY KEY,
  project_id       text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  bulletin_id      bigint NOT NULL REFERENCES bulletins(id) ON DELETE CASCADE,
  -- Position of the mention in the bulletin's ParseResult.projects.
  mention_index    integer NOT NULL,
  article_index    integer,
  -- Article date, else the bulletin's date: what "latest" means for the current status.
  observed_date    date,
  observed_status  text NOT NULL DEFAULT 'unspecified',
  status_phrase    text NOT NULL DEFAULT '',
  -- The whole extracted Project message as proto JSON.
  fields           jsonb NOT NULL,
  evidence_sentence text NOT NULL DEFAULT '',
  evidence_begin   bigint,
  evidence_end     bigint,
  match_rule       text NOT NULL,
  match_confidence real NOT NULL,
  created_project  boolean NOT NULL DEFAULT false,
  observed_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (bulletin_id, mention_index)
);
CREATE INDEX project_observations_project_idx ON project_observations (project_id, observed_date);

CREATE TABLE project_status_history (
  id                bigserial PRIMARY KEY,
  project_id        text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  status            text NOT NULL,
  status_phrase     text NOT NULL DEFAULT '',
  status_date       date,
  source            text NOT NULL CHECK (source IN ('parser', 'manual')),
  observation_id    bigint REFERENCES project_observations(id) ON DELETE CASCADE,
  bulletin_id       bigint REFERENCES bulletins(id) ON DELETE CASCADE,
  evidence_sentence text NOT NULL DEFAULT '',
  evidence_begin    bigint,
  evidence_end      bigint,
  recorded_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX project_status_history_project_idx ON project_status_history (project_id, status_date);

CREATE TABLE project_edits (
  id          bigserial PRIMARY KEY,
  project_id  text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  actor       text NOT NULL,
  edit_time   timestamptz NOT NULL DEFAULT clock_timestamp(),
  kind        text NOT NULL CHECK (kind IN ('update', 'delete', 'undelete')),
  field_path  text NOT NULL DEFAULT '',
  old_value   jsonb,
  new_value   jsonb,
  reason      text NOT NULL DEFAULT ''
);
CREATE INDEX project_edits_project_idx ON project_edits (project_id, edit_time);

CREATE TABLE review_items (
  id                   bigserial PRIMARY KEY,
  -- The project created apart instead of a doubtful merge.
  project_id           text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  candidate_project_id text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  observation_id       bigint REFERENCES project_observations(id) ON DELETE SET NULL,
  rule                 text NOT NULL,
  score                real NOT NULL,
  reason               text NOT NULL,
  state                text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved', 'dismissed')),
  create_time          timestamptz NOT NULL DEFAULT clock_timestamp(),
  resolve_time         timestamptz
);
CREATE INDEX review_items_state_idx ON review_items (state, id);

-- Append-only log of project changes. change_id is the cursor a watcher resumes from.
CREATE TABLE project_changes (
  change_id   bigserial PRIMARY KEY,
  project_id  text NOT NULL,
  version     bigint NOT NULL,
  change_kind text NOT NULL CHECK (change_kind IN ('created', 'updated', 'deleted', 'undeleted')),
  change_time timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX project_changes_project_idx ON project_changes (project_id, change_id);

-- Logs and announces a change only when the version moved, so bookkeeping updates stay silent.
CREATE FUNCTION investtrack_project_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text;
  new_change_id bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    kind := 'created';
  ELSIF NEW.version = OLD.version THEN
    RETURN NEW;
  ELSIF NEW.delete_time IS NOT NULL AND OLD.delete_time IS NULL THEN
    kind := 'deleted';
  ELSIF NEW.delete_time IS NULL AND OLD.delete_time IS NOT NULL THEN
    kind := 'undeleted';
  ELSE
    kind := 'updated';
  END IF;
  INSERT INTO project_changes (project_id, version, change_kind)
    VALUES (NEW.id, NEW.version, kind)
    RETURNING change_id INTO new_change_id;
  PERFORM pg_notify('investtrack_project_changes',
    json_build_object('id', NEW.id, 'version', NEW.version, 'change_id', new_change_id,
                      'kind', kind)::text);
  RETURN NEW;
END
$$;

CREATE TRIGGER projects_changed AFTER INSERT OR UPDATE ON projects
  FOR EACH ROW EXECUTE FUNCTION investtrack_project_changed();
