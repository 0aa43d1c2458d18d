-- The desk's first schema: stories, their segments, history, revisions,
-- corrections, settings and the full-text index.
--
-- Times are RFC 3339 strings in UTC, written by core from the clock it is given.

CREATE TABLE story (
    id               INTEGER PRIMARY KEY,
    slug             TEXT    NOT NULL UNIQUE,
    status           TEXT    NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'translated', 'edited', 'published')),
    verification     TEXT    NOT NULL DEFAULT 'unreviewed'
                     CHECK (verification IN ('unreviewed', 'not_verified', 'verified')),
    headline         TEXT    NOT NULL DEFAULT '',
    standfirst       TEXT    NOT NULL DEFAULT '',
    -- A JSON array of strings, in the editor's order.
    keywords         TEXT    NOT NULL DEFAULT '[]',
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
);

CREATE INDEX story_status ON story (status, updated_at);
CREATE INDEX story_verification ON story (verification, updated_at);
CREATE INDEX story_updated ON story (updated_at);

CREATE TABLE related_story (
    story_id    INTEGER NOT NULL REFERENCES story (id) ON DELETE CASCADE,
    related_id  INTEGER NOT NULL REFERENCES story (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (story_id, related_id)
) WITHOUT ROWID;

CREATE TABLE segment (
    id          INTEGER PRIMARY KEY,
    story_id    INTEGER NOT NULL REFERENCES story (id) ON DELETE CASCADE,
    -- 1-based order within the story; renumbered by every structural change.
    position    INTEGER NOT NULL,
    -- Empty for a paragraph an editor added.
    source      TEXT    NOT NULL DEFAULT '',
    -- The translation, in Markdown.
    target      TEXT    NOT NULL DEFAULT '',
    state       TEXT    NOT NULL DEFAULT 'empty' CHECK (state IN ('empty', 'draft', 'done')),
    -- Set for a "Read Also" line: the story it points to.
    related_id  INTEGER REFERENCES story (id) ON DELETE SET NULL
);

CREATE INDEX segment_story ON segment (story_id, position);

CREATE TABLE history (
    id          INTEGER PRIMARY KEY,
    story_id    INTEGER NOT NULL REFERENCES story (id) ON DELETE CASCADE,
    at          TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    from_state  TEXT,
    to_state    TEXT,
    note        TEXT,
    detail      TEXT
);

CREATE INDEX history_story ON history (story_id, id);

-- Every saved text: a headline, a standfirst, the keywords or one segment's translation.
CREATE TABLE revision (
    id          INTEGER PRIMARY KEY,
    story_id    INTEGER NOT NULL REFERENCES story (id) ON DELETE CASCADE,
    -- 1, 2, 3… within the story.
    number      INTEGER NOT NULL,
    at          TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    field       TEXT    NOT NULL CHECK (field IN ('headline', 'standfirst', 'keywords', 'segment')),
    -- The segment's stable id (not its position, which moves) for field = 'segment'.
    segment_id  INTEGER,
    body        TEXT    NOT NULL,
    UNIQUE (story_id, number)
);

CREATE TABLE correction (
    id           INTEGER PRIMARY KEY,
    story_id     INTEGER NOT NULL REFERENCES story (id) ON DELETE CASCADE,
    note         TEXT    NOT NULL,
    opened_at    TEXT    NOT NULL,
    opened_by    TEXT    NOT NULL,
    -- Set when the corrected story is published again.
    published_at TEXT
);

CREATE INDEX correction_story ON correction (story_id, id);

CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;

-- One row per story (rowid = story.id). The text is folded by core before it is
-- written (Arabic diacritics and tatweel removed, alef forms unified), because
-- unicode61's remove_diacritics only covers Latin-script marks.
CREATE VIRTUAL TABLE story_fts USING fts5 (
    headline,
    standfirst,
    source,
    translation,
    tokenize = 'unicode61 remove_diacritics 2'
);
