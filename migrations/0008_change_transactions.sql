-- The transaction that wrote each change. A watch that starts without a resume token begins
-- after the last visible change id, but a transaction running at that moment may already hold a
-- lower id and commit afterwards; the watch finds those changes by their transaction
-- (server/store/change_feed.cc) instead of skipping them.
ALTER TABLE project_changes ADD COLUMN xact_id xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX project_changes_xact_idx ON project_changes (xact_id);
