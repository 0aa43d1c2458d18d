-- The desk's counts per status and verification, kept as they change instead of
-- counted from the stories each time.
--
-- Counting read the whole `story_counts` index (migration 0003): a few ms at
-- 100,000 stories, but on a store filled by imports that index's pages lie
-- scattered through the file, and reading them through the memory map brought
-- about 40 MB of the file into the window's memory at start (`make
-- bench-desktop`). These few rows are all the desk reads now, for its counts and
-- for the length of its list.
--
-- The triggers keep one row per (status, verification) pair that has stories;
-- a pair whose last story moved on keeps a row with 0.
CREATE TABLE desk_count (
    status        TEXT    NOT NULL,
    verification  TEXT    NOT NULL,
    stories       INTEGER NOT NULL,
    PRIMARY KEY (status, verification)
) WITHOUT ROWID;

INSERT INTO desk_count (status, verification, stories)
SELECT status, verification, COUNT(*) FROM story GROUP BY status, verification;

CREATE TRIGGER story_counted_in AFTER INSERT ON story
BEGIN
    INSERT INTO desk_count (status, verification, stories)
    VALUES (NEW.status, NEW.verification, 1)
    ON CONFLICT (status, verification) DO UPDATE SET stories = stories + 1;
END;

CREATE TRIGGER story_counted_again AFTER UPDATE OF status, verification ON story
WHEN OLD.status IS NOT NEW.status OR OLD.verification IS NOT NEW.verification
BEGIN
    UPDATE desk_count SET stories = stories - 1
    WHERE status = OLD.status AND verification = OLD.verification;
    INSERT INTO desk_count (status, verification, stories)
    VALUES (NEW.status, NEW.verification, 1)
    ON CONFLICT (status, verification) DO UPDATE SET stories = stories + 1;
END;

CREATE TRIGGER story_counted_out AFTER DELETE ON story
BEGIN
    UPDATE desk_count SET stories = stories - 1
    WHERE status = OLD.status AND verification = OLD.verification;
END;

-- Nothing reads it any more, and every move and import wrote it.
DROP INDEX story_counts;
