-- story_status (status, updated_at) and story_verification (verification,
-- updated_at) answer no query: the desk list filters with "?1 IS NULL OR
-- status = ?1", which SQLite plans as a walk of story_updated, and the counts
-- read story_counts (0003). Both end in updated_at, so every save rewrote an
-- entry in each: four index pages of the dozen a save writes, for nothing.
DROP INDEX story_status;
DROP INDEX story_verification;
