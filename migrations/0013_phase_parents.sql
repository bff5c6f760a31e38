-- A phase recorded on its own (X二期, with its own name key X#2) points at the project it is a
-- phase of: the record whose name key, or one of whose aliases, is X. Set by ingest in both
-- directions (a phase reported before its project is linked when the project comes); a project
-- soft-deleted or merged away leaves its phases without a parent rather than pointing nowhere.
ALTER TABLE projects ADD COLUMN parent_id text REFERENCES projects(id) ON DELETE SET NULL;
CREATE INDEX projects_parent_idx ON projects (parent_id) WHERE parent_id IS NOT NULL;
-- The phases of a name, found from the name: only phased keys (X#2) are indexed, by their X. Ingest
-- looks phases up here for every project a bulletin touches; without it each look-up scanned
-- every project (docs/benchmarks.md, "Store ingest after the tracking changes").
CREATE INDEX projects_phase_stem_idx ON projects (split_part(name_key, '#', 1))
  WHERE strpos(name_key, '#') > 0;
