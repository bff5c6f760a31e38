-- An index the register's filtered listing was missing (found with scripts/bench-store.sh;
-- numbers in docs/benchmarks.md).

-- ListProjects filtered by status and city in the default order (update time, then id): the
-- index yields the page in order. Without it the planner walked the update-time index and
-- discarded ~45,000 rows per page at a million projects (0.5 s).
CREATE INDEX projects_status_city_update_idx ON projects (status, city, update_time, id);
