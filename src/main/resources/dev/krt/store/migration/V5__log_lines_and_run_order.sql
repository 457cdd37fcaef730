-- How many lines a finished cell's log has: a log page then reads no further than itself, and the
-- page links know where the end is without decompressing the whole log. NULL for older cells and
-- for a cell whose log is still being written.
ALTER TABLE cells ADD COLUMN log_lines BIGINT;
-- The run list is paged newest first by (created_at, id).
CREATE INDEX runs_by_time ON runs (created_at, id);
