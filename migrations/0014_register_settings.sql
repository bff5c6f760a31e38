-- Facts about the register's own data that code, not SQL, keeps up to date: the version of the
-- name-key function the stored keys were computed with (server/store/name_key_upgrade.h). A
-- register written by an older version has its keys recomputed when the server starts.
CREATE TABLE register_settings (
  name  text PRIMARY KEY,
  value text NOT NULL
);
