//! The raw baseline: what plain rusqlite does with the same rows, with Dragoman's
//! schema and Dragoman's connection settings, and none of its rules (no
//! de-duplication, history, revisions, slugs or per-story index refresh).

use std::path::Path;
use std::time::Duration;

use dragoman_core::text::fold_for_search;
use rusqlite::{params, Connection, TransactionBehavior};

use crate::measure::Res;

/// A connection set up as `crates/core/src/store.rs` sets up Dragoman's: WAL,
/// synchronous FULL, foreign keys on, the same busy timeout, and reads through
/// a memory map of the same size, so a ratio measures Dragoman's code and the
/// shape of its file, not a setting the baseline could have too.
pub fn connect(path: &Path) -> Res<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "mmap_size", dragoman_core::store::MMAP_BYTES)?;
    Ok(conn)
}

/// A fresh baseline store with Dragoman's schema, every migration applied as
/// is, so that the baseline writes the same tables and indexes.
pub fn create(path: &Path) -> Res<Connection> {
    let conn = connect(path)?;
    for sql in dragoman_core::store::schema_sql() {
        conn.execute_batch(sql)?;
    }
    Ok(conn)
}

/// A story row as the baseline inserts it; the content hash is worked out
/// before the clock starts, the baseline only stores it.
pub struct RawStory<'a> {
    pub id: i64,
    pub hash: String,
    pub intake: &'a dragoman_core::ingest::Intake,
}

/// Inserts a chunk of stories and their segments in one IMMEDIATE transaction,
/// as `Desk::import` does with the same chunk.
pub fn insert_chunk(conn: &mut Connection, stories: &[RawStory<'_>], at: &str) -> Res<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut story = tx.prepare_cached(
            "INSERT INTO story (id, slug, content_hash, target_language, source_name, source_url,
                                source_language, source_headline, source_date, source_author,
                                created_at, updated_at)
             VALUES (?1, ?2, ?3, 'en', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        )?;
        let mut segment = tx.prepare_cached(
            "INSERT INTO segment (story_id, position, source, target, state)
             VALUES (?1, ?2, ?3, '', 'empty')",
        )?;
        for s in stories {
            let src = &s.intake.source;
            story.execute(params![
                s.id,
                format!("story-{}", s.id),
                s.hash,
                src.name,
                src.url,
                src.language,
                src.headline,
                src.date,
                src.author,
                at
            ])?;
            for (i, p) in s.intake.paragraphs.iter().enumerate() {
                segment.execute(params![s.id, i as i64 + 1, p])?;
            }
        }
    }
    tx.commit()?;
    Ok(())
}

/// Rebuilds the full-text index from the stored rows: the same four columns
/// Dragoman indexes, source and translation in segment order, folded as Dragoman
/// folds them so that both indexes hold the same terms and answer the same
/// queries. Plain FTS5 cannot fold Arabic in SQL, so the rows pass through Rust
/// on their way in.
pub fn rebuild_index(conn: &mut Connection) -> Res<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute("DELETE FROM story_fts", [])?;
    {
        let mut read = tx.prepare(
            "SELECT s.id, s.headline, s.standfirst,
                    s.source_headline || char(10) || COALESCE((
                        SELECT group_concat(source, char(10)) FROM (
                            SELECT source FROM segment WHERE story_id = s.id AND source <> ''
                            ORDER BY position)), ''),
                    COALESCE((
                        SELECT group_concat(target, char(10)) FROM (
                            SELECT target FROM segment WHERE story_id = s.id AND target <> ''
                            ORDER BY position)), '')
             FROM story s ORDER BY s.id",
        )?;
        let mut write = tx.prepare(
            "INSERT INTO story_fts (rowid, headline, standfirst, source, translation)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let text = |i: usize| -> rusqlite::Result<String> {
                Ok(fold_for_search(r.get_ref(i)?.as_str()?))
            };
            write.execute(params![
                r.get::<_, i64>(0)?,
                text(1)?,
                text(2)?,
                text(3)?,
                text(4)?
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The raw FTS5 query the search section compares against.
pub const SEARCH: &str = "SELECT rowid, snippet(story_fts, -1, '[', ']', '…', 16)
     FROM story_fts WHERE story_fts MATCH ?1 ORDER BY rank LIMIT 20";

/// Runs the raw query and collects what it returns, as a caller would.
pub fn search(conn: &Connection, query: &str) -> Res<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(SEARCH)?;
    let rows = stmt
        .query_map([query], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One segment save, raw: the UPDATE alone in its own IMMEDIATE transaction.
pub fn save(conn: &mut Connection, segment_id: i64, target: &str) -> Res<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.prepare_cached("UPDATE segment SET target = ?1 WHERE id = ?2")?
        .execute(params![target, segment_id])?;
    tx.commit()?;
    Ok(())
}
