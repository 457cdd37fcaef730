-- Where a run's results come from: 'local' (built by krt matrix run with this store) or 'remote'
-- (created through krt serve's API and filled by reports from other hosts). Only local results
-- are reused in place of a build; reports go to remote runs only.
ALTER TABLE runs ADD COLUMN origin TEXT NOT NULL DEFAULT 'local';
