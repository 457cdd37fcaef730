-- A run's revision goes up with every change to it or its cells (in the same transaction), so a
-- reader (krt serve) can tell whether its cached view of the run is current with one row lookup.
ALTER TABLE runs ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
