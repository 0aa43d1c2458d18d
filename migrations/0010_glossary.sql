-- The glossary: agreed renderings of names and terms, and renderings the desk
-- does not want (`forbidden`). A term is found in a row by the stems of its
-- source (core/src/glossary.rs): `source_key` holds them joined by spaces and
-- `first_stem` the first, which the index finds a row's terms by.

CREATE TABLE term (
    id           INTEGER PRIMARY KEY,
    source       TEXT    NOT NULL CHECK (trim(source) <> ''),
    target       TEXT    NOT NULL CHECK (trim(target) <> ''),
    source_lang  TEXT    NOT NULL,
    target_lang  TEXT    NOT NULL,
    note         TEXT    NOT NULL DEFAULT '',
    forbidden    INTEGER NOT NULL DEFAULT 0 CHECK (forbidden IN (0, 1)),
    source_key   TEXT    NOT NULL CHECK (source_key <> ''),
    first_stem   TEXT    NOT NULL CHECK (first_stem <> ''),
    author       TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    -- The same term twice is one term; the same source with two renderings
    -- (one agreed, one forbidden) is two.
    UNIQUE (source_lang, target_lang, source_key, target)
) STRICT;

CREATE INDEX term_first_stem ON term (first_stem);
CREATE INDEX term_forbidden ON term (forbidden) WHERE forbidden = 1;
