-- Assignments and deadlines (core/src/desk/assign.rs): an editor gives a story
-- to a person, with or without a time it is due; a translator may take a story
-- nobody has. NULL is nobody and no deadline.
ALTER TABLE story ADD COLUMN assignee TEXT CHECK (assignee IS NULL OR trim(assignee) <> '');
-- An RFC 3339 stamp in UTC with milliseconds, like every other stamp: they sort
-- as text in time order.
ALTER TABLE story ADD COLUMN due_at TEXT;

-- "Assigned to me" finds one person's stories, a handful, and sorts them. The
-- index holds no updated_at, so saving a story never rewrites it.
CREATE INDEX story_assignee ON story (assignee) WHERE assignee IS NOT NULL;
-- "Due today" and the list by deadline read only stories that have one.
CREATE INDEX story_due ON story (due_at, id) WHERE due_at IS NOT NULL;
