-- A run recorded from CI result directories (krt matrix import; origin 'import'): the digest of
-- every cell result it was made from, so importing the same results again changes nothing.
ALTER TABLE runs ADD COLUMN import_digest TEXT;
CREATE UNIQUE INDEX runs_import_digest ON runs (import_digest);
