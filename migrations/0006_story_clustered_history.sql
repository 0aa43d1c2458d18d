-- History and revisions stored in story order.
--
-- Both tables are only ever read one story at a time, yet each kept its rows
-- in the order they were written and found a story's rows through a second
-- b-tree (`history_story`, and the UNIQUE (story_id, number) index of
-- `revision`). Every save therefore wrote four pages for them: the newest leaf
-- of each table and a leaf of each index, somewhere else in the file. Keyed by
-- (story, number) without a rowid, each table is its own index and a save
-- writes one page of each, next to the story's earlier rows (`make bench`,
-- save p95 against a raw UPDATE).
--
-- History had a global id only to keep a story's entries in order; `seq` is
-- that order, counted within the story from 1, as revisions already were.

CREATE TABLE history_by_story (
    story_id    INTEGER NOT NULL REFERENCES story (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    at          TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    from_state  TEXT,
    to_state    TEXT,
    note        TEXT,
    detail      TEXT,
    PRIMARY KEY (story_id, seq)
) WITHOUT ROWID;

INSERT INTO history_by_story
    (story_id, seq, at, actor, role, action, from_state, to_state, note, detail)
SELECT story_id, ROW_NUMBER() OVER (PARTITION BY story_id ORDER BY id),
       at, actor, role, action, from_state, to_state, note, detail
FROM history;

DROP TABLE history;
ALTER TABLE history_by_story RENAME TO history;

CREATE TABLE revision_by_story (
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
    PRIMARY KEY (story_id, number)
) WITHOUT ROWID;

INSERT INTO revision_by_story
    (story_id, number, at, actor, role, field, segment_id, body)
SELECT story_id, number, at, actor, role, field, segment_id, body
FROM revision;

DROP TABLE revision;
ALTER TABLE revision_by_story RENAME TO revision;
