-- The store refuses what core would never write, and the filtered desk list
-- reads an index.
--
-- Until now only core kept roles, keyword lists and segment order sound; a
-- bug, or another program writing the file, could store a role no rule knows,
-- keywords that are not a list, or two segments at one position, and the desk
-- would read them back as if they were true. The rebuilt tables say so
-- themselves, and are STRICT, so a value of the wrong type is an error too.
--
-- The desk list filtered by status or verification used to walk the whole
-- `story_updated` index ("?1 IS NULL OR status = ?1" defeats any other) and
-- page with OFFSET. `story_state_updated` holds each (status, verification)
-- pair's stories newest first; core reads one pair straight from it, and a
-- status or a verification alone as a merge of its pairs (core/src/desk/read.rs).
--
-- Rebuilding `story` drops it, so Desk::open turns foreign keys off for the
-- migrations (a drop would otherwise delete every segment with it) and checks
-- them after.

CREATE TABLE story_checked (
    id               INTEGER PRIMARY KEY,
    slug             TEXT    NOT NULL UNIQUE,
    status           TEXT    NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'translated', 'edited', 'published')),
    verification     TEXT    NOT NULL DEFAULT 'unreviewed'
                     CHECK (verification IN ('unreviewed', 'not_verified', 'verified')),
    headline         TEXT    NOT NULL DEFAULT '',
    standfirst       TEXT    NOT NULL DEFAULT '',
    -- A JSON array of strings, in the editor's order.
    keywords         TEXT    NOT NULL DEFAULT '[]'
                     CHECK (json_valid(keywords) AND json_type(keywords) = 'array'),
    target_language  TEXT    NOT NULL DEFAULT 'en',
    source_name      TEXT    NOT NULL DEFAULT '',
    source_url       TEXT    NOT NULL DEFAULT '',
    source_language  TEXT    NOT NULL DEFAULT '',
    source_headline  TEXT    NOT NULL DEFAULT '',
    source_date      TEXT    NOT NULL DEFAULT '',
    source_author    TEXT    NOT NULL DEFAULT '',
    translator       TEXT    NOT NULL DEFAULT '',
    editor           TEXT    NOT NULL DEFAULT '',
    reviewer         TEXT    NOT NULL DEFAULT '',
    -- SHA-256 of the normalised source text: the same content is one story.
    content_hash     TEXT    NOT NULL UNIQUE,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    first_published_at TEXT,
    published_at     TEXT,
    version          INTEGER NOT NULL DEFAULT 1
) STRICT;

-- A store written by hand or by a bug may hold keywords that are not a list:
-- they become an empty list rather than stopping the upgrade.
INSERT INTO story_checked
SELECT id, slug, status, verification, headline, standfirst,
       CASE WHEN json_valid(keywords) AND json_type(keywords) = 'array' THEN keywords ELSE '[]' END,
       target_language, source_name, source_url, source_language, source_headline,
       source_date, source_author, translator, editor, reviewer, content_hash,
       created_at, updated_at, first_published_at, published_at, version
FROM story;

DROP TABLE story;
ALTER TABLE story_checked RENAME TO story;

CREATE INDEX story_updated ON story (updated_at);
CREATE INDEX story_state_updated ON story (status, verification, updated_at);
CREATE INDEX story_first_published ON story (first_published_at)
    WHERE first_published_at IS NOT NULL;

-- The desk's counts (0005), whose triggers went with the old table.
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

-- History and revisions name the role a person acted in, or 'intake' for what
-- Dragoman filed itself.
CREATE TABLE history_checked (
    story_id    INTEGER NOT NULL REFERENCES story (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    at          TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    role        TEXT    NOT NULL
                CHECK (role IN ('translator', 'editor', 'reviewer', 'intake')),
    action      TEXT    NOT NULL,
    from_state  TEXT,
    to_state    TEXT,
    note        TEXT,
    detail      TEXT,
    PRIMARY KEY (story_id, seq)
) WITHOUT ROWID, STRICT;

INSERT INTO history_checked
SELECT story_id, seq, at, actor,
       CASE WHEN role IN ('translator', 'editor', 'reviewer', 'intake') THEN role ELSE 'intake' END,
       action, from_state, to_state, note, detail
FROM history;

DROP TABLE history;
ALTER TABLE history_checked RENAME TO history;

CREATE TABLE revision_checked (
    story_id    INTEGER NOT NULL REFERENCES story (id) ON DELETE CASCADE,
    -- 1, 2, 3… within the story.
    number      INTEGER NOT NULL,
    at          TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    role        TEXT    NOT NULL
                CHECK (role IN ('translator', 'editor', 'reviewer', 'intake')),
    field       TEXT    NOT NULL CHECK (field IN ('headline', 'standfirst', 'keywords', 'segment')),
    -- The segment's stable id (not its position, which moves) for field = 'segment'.
    segment_id  INTEGER,
    body        TEXT    NOT NULL,
    PRIMARY KEY (story_id, number)
) WITHOUT ROWID, STRICT;

INSERT INTO revision_checked
SELECT story_id, number, at, actor,
       CASE WHEN role IN ('translator', 'editor', 'reviewer', 'intake') THEN role ELSE 'intake' END,
       field, segment_id, body
FROM revision;

DROP TABLE revision;
ALTER TABLE revision_checked RENAME TO revision;

-- One segment per position. Positions are numbered again first, in the order
-- the desk already showed them (position, then id), in case two ever met.
UPDATE segment SET position = numbered.n
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY story_id ORDER BY position, id) AS n
      FROM segment) AS numbered
WHERE segment.id = numbered.id AND segment.position <> numbered.n;

DROP INDEX segment_story;
CREATE UNIQUE INDEX segment_position ON segment (story_id, position);
