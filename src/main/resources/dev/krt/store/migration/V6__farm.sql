-- The build farm (krt worker; krt matrix run --farm): a farm run's cells are JobRunr jobs that any
-- worker on any machine takes, and what a worker built crosses machines through the store only.
--   worker     the name of the worker that built the cell (or is building it)
--   worker_id  that worker's JobRunr server id: its heartbeat says whether the worker is alive
--   attempt    raised by every claim of the cell: a worker given up for dead that comes back holds
--              an old attempt and cannot record the cell a second time
ALTER TABLE cells ADD COLUMN worker TEXT;
ALTER TABLE cells ADD COLUMN worker_id TEXT;
ALTER TABLE cells ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0;

-- A farm cell's compressed build log as its worker wrote it (at most 16 MiB: longer ones are cut).
CREATE TABLE cell_logs (
    run_id    VARCHAR(64) NOT NULL,
    cell_key  VARCHAR(64) NOT NULL,
    log_gz    BYTEA       NOT NULL,
    truncated INTEGER     NOT NULL,  -- 1 when the log was longer than the store keeps
    PRIMARY KEY (run_id, cell_key),
    FOREIGN KEY (run_id, cell_key) REFERENCES cells (run_id, cell_key)
);

-- Why a worker would not build a cell: it lacks the cell's kernel or toolchain, or has another one
-- by that name. When every live worker has said no, the cell ends as an error with these reasons.
CREATE TABLE cell_refusals (
    run_id    VARCHAR(64) NOT NULL,
    cell_key  VARCHAR(64) NOT NULL,
    worker_id VARCHAR(64) NOT NULL,
    worker    TEXT        NOT NULL,
    reason    TEXT        NOT NULL,
    at        BIGINT      NOT NULL,
    PRIMARY KEY (run_id, cell_key, worker_id),
    FOREIGN KEY (run_id, cell_key) REFERENCES cells (run_id, cell_key)
);
