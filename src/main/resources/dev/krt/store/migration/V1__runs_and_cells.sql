-- krt's store: matrix runs and their cells. Portable SQL: the same file runs on SQLite and
-- PostgreSQL (text ids chosen by krt, times as epoch milliseconds).

CREATE TABLE runs (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    created_at  BIGINT       NOT NULL,
    finished_at BIGINT,
    status      VARCHAR(16)  NOT NULL,   -- running, done, interrupted
    spec_path   TEXT         NOT NULL,
    spec_text   TEXT         NOT NULL,
    jobs        INTEGER      NOT NULL,
    host        TEXT         NOT NULL
);

CREATE TABLE cells (
    run_id         VARCHAR(64)  NOT NULL REFERENCES runs (id),
    cell_key       VARCHAR(64)  NOT NULL,  -- sha-256 of what decides the outcome
    ordinal        INTEGER      NOT NULL,  -- order in the matrix
    kernel         TEXT         NOT NULL,
    toolchain      TEXT         NOT NULL,
    arch           TEXT         NOT NULL,
    config         TEXT         NOT NULL,
    steps          TEXT         NOT NULL,
    status         VARCHAR(16)  NOT NULL,  -- pending, running, pass, fail, error
    reused_from    VARCHAR(64),            -- a run whose result this cell reuses (unchanged cell)
    started_at     BIGINT,
    finished_at    BIGINT,
    duration_ms    BIGINT,
    failed_step    TEXT,
    classification TEXT,                   -- rustc-error, lint-denied, bindgen, missing-tool, kconfig-refused-rust, timeout, signal, oom, make-error
    first_error    TEXT,
    log_path       TEXT,
    metadata_json  TEXT,
    PRIMARY KEY (run_id, cell_key)
);

CREATE INDEX cells_by_key ON cells (cell_key, status);

CREATE TABLE steps (
    run_id         VARCHAR(64)  NOT NULL,
    cell_key       VARCHAR(64)  NOT NULL,
    ordinal        INTEGER      NOT NULL,
    name           TEXT         NOT NULL,
    status         VARCHAR(16)  NOT NULL,  -- pass, fail, skipped
    exit_code      INTEGER,
    duration_ms    BIGINT,
    classification TEXT,
    first_error    TEXT,
    PRIMARY KEY (run_id, cell_key, ordinal),
    FOREIGN KEY (run_id, cell_key) REFERENCES cells (run_id, cell_key)
);
