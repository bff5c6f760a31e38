-- Merging projects that turn out to be one, and undoing it. A merge moves the sources'
-- observations, status history and names to the survivor and soft-deletes the sources; the rows
-- below record exactly what moved, so a split can move it back.

ALTER TABLE projects ADD COLUMN merged_into text REFERENCES projects(id);
CREATE INDEX projects_merged_into_idx ON projects (merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE project_merges (
  id                   bigserial PRIMARY KEY,
  survivor_id          text NOT NULL REFERENCES projects(id),
  -- The survivor's own name keys before the merge, and which of them it owned: a split gives
  -- back only what the sources brought.
  survivor_alias_keys  text[] NOT NULL,
  survivor_owned_keys  text[] NOT NULL,
  actor                text NOT NULL,
  reason               text NOT NULL DEFAULT '',
  merge_time           timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- Set once SplitProject undid the merge; a merge is undone at most once.
  split_time           timestamptz,
  split_actor          text
);
CREATE INDEX project_merges_survivor_idx ON project_merges (survivor_id, id);

-- One row per source project of a merge: the rows that moved from it to the survivor.
CREATE TABLE project_merge_sources (
  merge_id            bigint NOT NULL REFERENCES project_merges(id) ON DELETE CASCADE,
  source_id           text NOT NULL REFERENCES projects(id),
  observation_ids     bigint[] NOT NULL,
  status_history_ids  bigint[] NOT NULL,
  alias_keys          text[] NOT NULL,
  owned_alias_keys    text[] NOT NULL,
  PRIMARY KEY (merge_id, source_id)
);

ALTER TABLE project_edits DROP CONSTRAINT project_edits_kind_check;
ALTER TABLE project_edits ADD CONSTRAINT project_edits_kind_check
  CHECK (kind IN ('update', 'delete', 'undelete', 'merge', 'split'));
