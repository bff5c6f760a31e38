-- ListProjects filtered by a division-code prefix (province, city or county), alone or with a
-- status, in the default order (update time, then id). The filter compares
-- left(division_code, n) (server/store/filter.cc), so each index yields one division's page in
-- order and stops after it. With only the text_pattern_ops index every matching row was read
-- and sorted for each page: p99 140 ms for a city prefix at a million projects, and seconds
-- for some status + county pairs (docs/benchmarks.md).
CREATE INDEX projects_province_update_idx
    ON projects (left(division_code, 2), update_time, id);
CREATE INDEX projects_city_code_update_idx
    ON projects (left(division_code, 4), update_time, id);
CREATE INDEX projects_county_code_update_idx
    ON projects (left(division_code, 6), update_time, id);
-- A status within a county: filtering the county's rows by status fetched each row from the
-- heap first (p99 20 ms).
CREATE INDEX projects_status_county_code_update_idx
    ON projects (status, left(division_code, 6), update_time, id);

-- Every index costs each insert and update. projects_status_city_update_idx (0004) leads with
-- status, so it serves a status-only filter as well as this one did.
DROP INDEX projects_status_idx;
