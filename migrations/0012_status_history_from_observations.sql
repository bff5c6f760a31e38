-- The parser's status history is its observations that state a status: each history row repeated
-- one observation (project, status, phrase, date, evidence) and cost ingest a second row, two
-- more index entries and three foreign-key checks per observation (docs/benchmarks.md, Store).
-- Only manual status changes are rows of their own now; project_status_history is a view over
-- both, with the columns and rows the table had, so SQL readers see no difference.
--
-- Also gone with the table's observation_id: deleting a bulletin's observations (reparse) looked
-- each one up in the history through that unindexed column, a sequential scan per observation.

DELETE FROM project_status_history WHERE source = 'parser';

ALTER TABLE project_status_history RENAME TO manual_status_changes;
ALTER INDEX project_status_history_project_idx RENAME TO manual_status_changes_project_idx;
ALTER TABLE manual_status_changes
  DROP COLUMN source,
  DROP COLUMN observation_id,
  DROP COLUMN bulletin_id,
  DROP COLUMN evidence_begin,
  DROP COLUMN evidence_end;

CREATE VIEW project_status_history AS
  SELECT o.project_id, o.observed_status AS status, o.status_phrase, o.observed_date AS status_date,
         'parser'::text AS source, o.id AS observation_id, o.bulletin_id, o.evidence_sentence,
         o.evidence_begin, o.evidence_end, o.observed_at AS recorded_at
  FROM project_observations o
  WHERE o.observed_status <> 'unspecified'
  UNION ALL
  SELECT m.project_id, m.status, m.status_phrase, m.status_date, 'manual', NULL, NULL,
         m.evidence_sentence, NULL, NULL, m.recorded_at
  FROM manual_status_changes m;

-- The same scan on review items, whose observation_id a deleted observation sets to NULL.
CREATE INDEX review_items_observation_idx ON review_items (observation_id);
