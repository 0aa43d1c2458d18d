-- Units imported from a TMX file are kept once: importing the same file again,
-- or another file holding the same pair, adds nothing. A unit from the desk is
-- kept by its segment instead (`segment_id`), and has no hash.
ALTER TABLE memory_unit ADD COLUMN pair_hash TEXT;

CREATE UNIQUE INDEX memory_unit_pair ON memory_unit (pair_hash) WHERE pair_hash IS NOT NULL;
