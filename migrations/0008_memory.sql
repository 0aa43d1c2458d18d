-- The translation memory: every segment marked done is a unit (its source,
-- its translation, the languages, the story, who and when), kept up to date as
-- the segment is saved again, and units from imported files beside them.
--
-- `memory_word` is the index fuzzy lookup reads instead of the units: each
-- distinct folded word of a unit's source, with the unit. A lookup asks it for
-- the units that share the query's rarest words, so it never scores more than a
-- few hundred candidates however large the memory grows (core/src/memory.rs).
-- `memory_word_count` keeps how many units hold each word, which is how the
-- lookup knows which words are rare.

CREATE TABLE memory_unit (
    id           INTEGER PRIMARY KEY,
    source       TEXT    NOT NULL,
    target       TEXT    NOT NULL,
    source_lang  TEXT    NOT NULL,
    target_lang  TEXT    NOT NULL,
    -- The story and segment it was translated in, for units from the desk.
    story_id     INTEGER REFERENCES story (id) ON DELETE SET NULL,
    segment_id   INTEGER UNIQUE,
    -- The file it was imported from, for units from another tool.
    file         TEXT,
    author       TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    changed_at   TEXT    NOT NULL,
    -- Units of published stories rank above drafts.
    published    INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
    -- How many words the folded source has, for the length bound of a lookup.
    words        INTEGER NOT NULL
) STRICT;

CREATE INDEX memory_unit_story ON memory_unit (story_id) WHERE story_id IS NOT NULL;

CREATE TABLE memory_word (
    word     TEXT    NOT NULL,
    unit_id  INTEGER NOT NULL REFERENCES memory_unit (id) ON DELETE CASCADE,
    PRIMARY KEY (word, unit_id)
) WITHOUT ROWID, STRICT;

CREATE INDEX memory_word_unit ON memory_word (unit_id);

CREATE TABLE memory_word_count (
    word   TEXT    PRIMARY KEY,
    units  INTEGER NOT NULL
) WITHOUT ROWID, STRICT;

CREATE TRIGGER memory_word_counted_in AFTER INSERT ON memory_word
BEGIN
    INSERT INTO memory_word_count (word, units) VALUES (NEW.word, 1)
    ON CONFLICT (word) DO UPDATE SET units = units + 1;
END;

CREATE TRIGGER memory_word_counted_out AFTER DELETE ON memory_word
BEGIN
    UPDATE memory_word_count SET units = units - 1 WHERE word = OLD.word;
END;
