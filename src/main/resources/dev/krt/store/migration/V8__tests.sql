-- The tests a cell's kunit step ran (the booted kernel's KTAP), one row per test.
CREATE TABLE tests (
    run_id    VARCHAR(64) NOT NULL,
    cell_key  VARCHAR(64) NOT NULL,
    ordinal   INTEGER     NOT NULL,
    suite     TEXT        NOT NULL,
    test      TEXT        NOT NULL,
    status    VARCHAR(16) NOT NULL,  -- pass, fail, skipped
    lines     TEXT,                  -- the kernel's diagnostic lines for it
    PRIMARY KEY (run_id, cell_key, ordinal),
    FOREIGN KEY (run_id, cell_key) REFERENCES cells (run_id, cell_key)
);
