-- Updated sources: an outlet revises an article after the desk imported it, and
-- the new version is taken into the same story (core/src/desk/update.rs).
--
-- A segment whose source the update changed keeps the source its translation
-- was made from, so the editor can show the change word by word; saving the
-- translation again clears it.
ALTER TABLE segment ADD COLUMN previous_source TEXT;

-- A new version is recognised by its address; most stories have one, and a
-- story without one is never looked up by it.
CREATE INDEX story_source_url ON story (source_url) WHERE source_url <> '';
