-- Stories whose searchable text changed since their story_fts row was written.
--
-- Rewriting a story's whole index row took about four fifths of every save, and
-- the desktop saves while the translator types. A save now only records its
-- story here, in its own transaction; the index is brought up to date from this
-- table before the next search reads it. Because the mark commits with the
-- save, a crash between the two leaves the story marked, never stale.
CREATE TABLE search_pending (
    story_id INTEGER PRIMARY KEY REFERENCES story (id) ON DELETE CASCADE
);
