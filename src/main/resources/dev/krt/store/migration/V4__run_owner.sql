-- The krt process building a run now: "HOST PID START-MILLIS". A resume on the same host refuses
-- a run whose owner is still alive, so two processes never build the same cells.
ALTER TABLE runs ADD COLUMN owner TEXT;
