//! Every change to a story. Each one is a single IMMEDIATE transaction that checks
//! the version the caller read, applies the workflow rules, writes the change, a
//! history row and (for text) a revision, bumps the version and marks the story
//! for the full-text index, which `Desk::refresh_search` brings up to date
//! before a search reads it. Nothing else in the crate writes a story.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ingest::Intake;
use crate::model::*;
use crate::store::Desk;
use crate::text;
use crate::workflow::{self, Facts};

/// What `import` did with one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    pub id: i64,
    /// False when the same content was already on the desk.
    pub created: bool,
}

/// Fields an editor changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StoryEdit {
    pub headline: Option<String>,
    pub standfirst: Option<String>,
    pub keywords: Option<Vec<String>>,
    pub related: Option<Vec<i64>>,
    pub source_name: Option<String>,
    pub source_url: Option<String>,
    pub source_language: Option<String>,
    pub source_headline: Option<String>,
    pub source_date: Option<String>,
    pub source_author: Option<String>,
    pub language: Option<String>,
}

/// A structural change to a story's segments. Numbers are 1-based positions.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SegmentOp {
    /// Split segment `no` after `at` characters of its source (or of its
    /// translation, for a segment without source).
    Split {
        no: usize,
        at: usize,
    },
    /// Merge segment `no` with the one after it.
    Merge {
        no: usize,
    },
    /// A new segment without source text that becomes number `no`.
    Insert {
        no: usize,
        text: String,
    },
    /// A "Read Also" line pointing at another story, as number `no`.
    ReadAlso {
        no: usize,
        related: i64,
    },
    Delete {
        no: usize,
    },
    Move {
        no: usize,
        to: usize,
    },
}

/// Which stories `list` returns; newest change first.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StoryFilter {
    pub status: Option<Status>,
    pub verification: Option<Verification>,
    pub limit: Option<usize>,
    pub offset: usize,
}

/// A finished change: the story's new version, for the next write to carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Saved {
    pub id: i64,
    pub version: i64,
}

pub(crate) fn stamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The part of a story row every change looks at.
struct Head {
    status: Status,
    verification: Verification,
    headline: String,
    standfirst: String,
    version: i64,
    first_published_at: Option<String>,
    /// A translator is credited already.
    has_translator: bool,
}

/// What a change records in history.
struct Change {
    action: &'static str,
    from: Option<String>,
    to: Option<String>,
    note: Option<String>,
    detail: Option<String>,
    /// The searchable text changed: mark the story for re-indexing.
    reindex: bool,
}

impl Change {
    fn text(action: &'static str, detail: impl Into<String>) -> Change {
        Change {
            action,
            from: None,
            to: None,
            note: None,
            detail: Some(detail.into()),
            reindex: true,
        }
    }
}

/// The transaction a change runs in, with who and when.
struct Ctx<'a> {
    tx: &'a Transaction<'a>,
    id: i64,
    actor: &'a Actor,
    at: String,
}

impl Ctx<'_> {
    fn revision(&self, field: &str, segment_id: Option<i64>, body: &str) -> Result<()> {
        // Every saved text passes here, and every save keeps a revision: an
        // unbounded text would grow the store by its size at each save.
        if body.len() > crate::text::MAX_FIELD_BYTES {
            return Err(Error::TooLong {
                field: match field {
                    "segment" => "segment's text".to_string(),
                    other => other.to_string(),
                },
                kb: body.len().div_ceil(1024),
                max_kb: crate::text::MAX_FIELD_BYTES / 1024,
            });
        }
        self.tx
            .prepare_cached(
                "INSERT INTO revision (story_id, number, at, actor, role, field, segment_id, body)
             VALUES (?1, (SELECT COALESCE(MAX(number), 0) + 1 FROM revision WHERE story_id = ?1),
                     ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                self.id,
                self.at,
                self.actor.name,
                self.actor.role.as_str(),
                field,
                segment_id,
                body
            ])?;
        Ok(())
    }

    fn set(&self, column: &'static str, value: &str) -> Result<()> {
        // `column` is always one of this module's literals, never user input.
        self.tx.execute(
            &format!("UPDATE story SET {column} = ?1 WHERE id = ?2"),
            params![value, self.id],
        )?;
        Ok(())
    }

    fn segment_ids(&self) -> Result<Vec<i64>> {
        segment_ids(self.tx, self.id)
    }

    /// The id of segment `no` (1-based), read alone: a save looks up one
    /// segment, not the story's whole list.
    fn segment_at(&self, no: usize) -> Result<i64> {
        // A number past i64 would wrap to a negative OFFSET, which SQLite reads
        // as 0: it is simply not found.
        let found = match no.checked_sub(1).and_then(|o| i64::try_from(o).ok()) {
            Some(offset) => self
                .tx
                .prepare_cached(
                    "SELECT id FROM segment WHERE story_id = ?1 ORDER BY position, id LIMIT 1 OFFSET ?2",
                )?
                .query_row(params![self.id, offset], |r| r.get(0))
                .optional()?,
            None => None,
        };
        match found {
            Some(seg) => Ok(seg),
            None => Err(Error::SegmentNotFound {
                story: self.id,
                no,
                count: self.segment_ids()?.len(),
            }),
        }
    }

    fn renumber(&self, ids: &[i64]) -> Result<()> {
        let mut stmt = self
            .tx
            .prepare_cached("UPDATE segment SET position = ?1 WHERE id = ?2")?;
        for (i, id) in ids.iter().enumerate() {
            stmt.execute(params![i as i64 + 1, id])?;
        }
        Ok(())
    }

    fn facts(&self, head: &Head) -> Result<Facts> {
        facts(self.tx, self.id, head)
    }
}

/// What the workflow rules need to know about a story, read from the store.
fn facts(conn: &rusqlite::Connection, id: i64, head: &Head) -> Result<Facts> {
    let mut stmt = conn.prepare_cached(
        "SELECT position, state = 'done' FROM segment
         WHERE story_id = ?1 AND trim(source) <> '' ORDER BY position",
    )?;
    let with_source = stmt
        .query_map([id], |r| {
            Ok((r.get::<_, i64>(0)? as usize, r.get::<_, bool>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let untranslated = with_source
        .iter()
        .filter(|(_, done)| !done)
        .map(|&(position, _)| position)
        .collect();
    Ok(Facts {
        status: head.status,
        verification: head.verification,
        headline_present: !head.headline.trim().is_empty(),
        standfirst_present: !head.standfirst.trim().is_empty(),
        untranslated,
        source_segments: with_source.len(),
    })
}

fn segment_ids(tx: &rusqlite::Connection, id: i64) -> Result<Vec<i64>> {
    let mut stmt =
        tx.prepare_cached("SELECT id FROM segment WHERE story_id = ?1 ORDER BY position, id")?;
    let ids = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}

fn load_head(conn: &rusqlite::Connection, id: i64) -> Result<Head> {
    conn.prepare_cached(
        "SELECT status, verification, headline, standfirst, version, first_published_at,
                translator <> ''
         FROM story WHERE id = ?1",
    )?
    .query_row([id], |r| {
        Ok((
            (r.get::<_, String>(0)?, r.get::<_, String>(1)?),
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        ))
    })
    .optional()?
    .map(
        |(
            (status, verification),
            headline,
            standfirst,
            version,
            first_published_at,
            has_translator,
        )| {
            Ok(Head {
                status: status.parse()?,
                verification: verification.parse()?,
                headline,
                standfirst,
                version,
                first_published_at,
                has_translator,
            })
        },
    )
    .unwrap_or(Err(Error::StoryNotFound(id)))
}

/// Rewrites the story's row in the full-text index from the store.
pub(crate) fn reindex(conn: &rusqlite::Connection, id: i64) -> Result<()> {
    let (headline, standfirst, source_headline): (String, String, String) = conn
        .prepare_cached("SELECT headline, standfirst, source_headline FROM story WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let mut source = source_headline;
    let mut translation = String::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT source, target FROM segment WHERE story_id = ?1 ORDER BY position",
        )?;
        let mut rows = stmt.query([id])?;
        while let Some(row) = rows.next()? {
            let s: String = row.get(0)?;
            let t: String = row.get(1)?;
            for (acc, part) in [(&mut source, s), (&mut translation, t)] {
                if !part.is_empty() {
                    if !acc.is_empty() {
                        acc.push('\n');
                    }
                    acc.push_str(&part);
                }
            }
        }
    }
    conn.prepare_cached("DELETE FROM story_fts WHERE rowid = ?1")?
        .execute([id])?;
    conn.prepare_cached(
        "INSERT INTO story_fts (rowid, headline, standfirst, source, translation) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        id,
        text::fold_for_search(&headline),
        text::fold_for_search(&standfirst),
        text::fold_for_search(&source),
        text::fold_for_search(&translation),
    ])?;
    Ok(())
}

fn check_version(id: i64, expected: Option<i64>, actual: i64) -> Result<()> {
    match expected {
        Some(expected) if expected != actual => Err(Error::Conflict {
            story: id,
            expected,
            actual,
        }),
        _ => Ok(()),
    }
}

/// Splits "a, b ,, c" into trimmed, de-duplicated keywords.
pub fn parse_keywords(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in s
        .split([',', '،', ';'])
        .map(|k| text::normalize_inline(&text::without_controls(k)))
        .filter(|k| !k.is_empty())
    {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&k)) {
            out.push(k);
        }
    }
    out
}

impl Desk {
    /// The one path for changing a story: see the module comment.
    fn change<T>(
        &mut self,
        id: i64,
        expected: Option<i64>,
        actor: &Actor,
        now: DateTime<Utc>,
        f: impl FnOnce(&Ctx<'_>, &Head) -> Result<(T, Change)>,
    ) -> Result<(T, Saved)> {
        self.write(|tx| {
            let head = load_head(tx, id)?;
            check_version(id, expected, head.version)?;
            let ctx = Ctx { tx, id, actor, at: stamp(now) };
            let (out, change) = f(&ctx, &head)?;
            let version = head.version + 1;
            tx.prepare_cached("UPDATE story SET version = ?1, updated_at = ?2 WHERE id = ?3")?
                .execute(params![version, ctx.at, id])?;
            tx.prepare_cached(
                "INSERT INTO history (story_id, seq, at, actor, role, action, from_state, to_state, note, detail)
                 VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM history WHERE story_id = ?1),
                         ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                id,
                ctx.at,
                actor.name,
                actor.role.as_str(),
                change.action,
                change.from,
                change.to,
                change.note,
                change.detail
            ])?;
            if change.reindex {
                // Marked, not re-indexed: see migrations/0002_search_pending.sql.
                tx.prepare_cached("INSERT OR IGNORE INTO search_pending (story_id) VALUES (?1)")?
                    .execute([id])?;
            }
            Ok((out, Saved { id, version }))
        })
    }

    /// Reads `paths` as source articles, applies `overrides`, and puts those that
    /// could be read on the desk in one call: one result per path, in order, a
    /// file that could not be read keeping its reason. The one import path of
    /// the command line and the window.
    pub fn import_files(
        &mut self,
        paths: &[std::path::PathBuf],
        overrides: &crate::ingest::SourceOverrides,
        by: Option<&Actor>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Result<ImportOutcome>>> {
        let read = paths
            .iter()
            .map(|p| {
                crate::ingest::read_file(p).map(|mut intake| {
                    overrides.apply(&mut intake);
                    intake
                })
            })
            .collect();
        self.import_read(read, by, now)
    }

    /// Imports what was read, one outcome per entry and in its order: an entry
    /// whose reading failed keeps its error, the others are imported together
    /// ([`Desk::import`]).
    pub fn import_read(
        &mut self,
        read: Vec<Result<Intake>>,
        by: Option<&Actor>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Result<ImportOutcome>>> {
        // Each entry's slot: `None` when its article is among `good`, in order.
        let mut good = Vec::new();
        let slots: Vec<Option<Error>> = read
            .into_iter()
            .map(|r| match r {
                Ok(intake) => {
                    good.push(intake);
                    None
                }
                Err(e) => Some(e),
            })
            .collect();
        let mut imported = if good.is_empty() {
            Vec::new().into_iter()
        } else {
            self.import(&good, by, now)?.into_iter()
        };
        Ok(slots
            .into_iter()
            .map(|slot| match slot {
                None => imported.next().expect("one outcome per intake"),
                Some(e) => Err(e),
            })
            .collect())
    }

    /// Puts articles on the desk in one transaction. Each article is its own
    /// savepoint, so one that fails leaves the others in; the same content
    /// already on the desk is reported, not copied. `by` is recorded in history;
    /// without it the import is recorded as Dragoman's own.
    pub fn import(
        &mut self,
        intakes: &[Intake],
        by: Option<&Actor>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Result<ImportOutcome>>> {
        let at = stamp(now);
        let (name, role) = by.map_or(("dragoman", "intake"), |a| {
            (a.name.as_str(), a.role.as_str())
        });
        let target_language = self.setting("target_language")?;
        self.write(|tx| {
            let mut outcomes = Vec::with_capacity(intakes.len());
            for intake in intakes {
                tx.execute_batch("SAVEPOINT import_one")?;
                let outcome = import_one(tx, intake, name, role, &at, &target_language);
                if outcome.is_err() {
                    tx.execute_batch("ROLLBACK TO import_one")?;
                }
                tx.execute_batch("RELEASE import_one")?;
                outcomes.push(outcome);
            }
            // Indexed after the savepoints, not inside them: FTS5 writes its pending
            // terms to disk at every SAVEPOINT, so indexing each article inside its
            // own savepoint made one tiny index segment per article and spent most
            // of an import merging them. Out here FTS5 batches the whole call.
            for outcome in outcomes.iter().flatten().filter(|o| o.created) {
                reindex(tx, outcome.id)?;
            }
            Ok(outcomes)
        })
    }

    /// The whole story, with segments, corrections and history.
    pub fn story(&self, id: i64) -> Result<Story> {
        let conn = &self.conn;
        // Cached like every other read here: preparing this 22-column SELECT
        // afresh was a third of loading a story for export (make bench).
        let mut story = conn
            .prepare_cached(
                "SELECT id, slug, status, verification, headline, standfirst, keywords, target_language,
                        source_name, source_url, source_language, source_headline, source_date, source_author,
                        translator, editor, reviewer, created_at, updated_at, first_published_at,
                        published_at, version
                 FROM story WHERE id = ?1",
            )?
            .query_row(
                [id],
                |r| {
                    Ok(Story {
                        id: r.get(0)?,
                        slug: r.get(1)?,
                        status: parse_col(r, 2)?,
                        verification: parse_col(r, 3)?,
                        headline: r.get(4)?,
                        standfirst: r.get(5)?,
                        keywords: serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default(),
                        language: r.get(7)?,
                        related: vec![],
                        source: Source {
                            name: r.get(8)?,
                            url: r.get(9)?,
                            language: r.get(10)?,
                            headline: r.get(11)?,
                            date: r.get(12)?,
                            author: r.get(13)?,
                        },
                        credits: Credits { translator: r.get(14)?, editor: r.get(15)?, reviewer: r.get(16)? },
                        created_at: r.get(17)?,
                        updated_at: r.get(18)?,
                        first_published_at: r.get(19)?,
                        published_at: r.get(20)?,
                        version: r.get(21)?,
                        segments: vec![],
                        corrections: vec![],
                        history: vec![],
                    })
                },
            )
            .optional()?
            .ok_or(Error::StoryNotFound(id))?;
        story.related = self.related(id)?;
        story.segments = self.segments(id)?;
        story.corrections = conn
            .prepare_cached(
                "SELECT note, opened_at, opened_by, published_at FROM correction WHERE story_id = ?1 ORDER BY id",
            )?
            .query_map([id], |r| {
                Ok(Correction { note: r.get(0)?, opened_at: r.get(1)?, opened_by: r.get(2)?, published_at: r.get(3)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        story.history = self.history(id)?;
        Ok(story)
    }

    fn related(&self, id: i64) -> Result<Vec<RelatedStory>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id, s.slug, CASE WHEN s.headline <> '' THEN s.headline ELSE s.source_headline END, s.status
             FROM related_story r JOIN story s ON s.id = r.related_id
             WHERE r.story_id = ?1 ORDER BY r.position",
        )?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(RelatedStory {
                    id: r.get(0)?,
                    slug: r.get(1)?,
                    headline: r.get(2)?,
                    status: parse_col(r, 3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// A story's segments, in order.
    pub fn segments(&self, id: i64) -> Result<Vec<Segment>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, position, source, target, state, related_id FROM segment
             WHERE story_id = ?1 ORDER BY position, id",
        )?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(Segment {
                    id: r.get(0)?,
                    no: r.get::<_, i64>(1)? as usize,
                    source: r.get(2)?,
                    target: r.get(3)?,
                    state: parse_col(r, 4)?,
                    related: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The story's history, oldest first.
    pub fn history(&self, id: i64) -> Result<Vec<HistoryEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, actor, role, action, from_state, to_state, note, detail
             FROM history WHERE story_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(HistoryEntry {
                    at: r.get(0)?,
                    actor: r.get(1)?,
                    role: r.get(2)?,
                    action: r.get(3)?,
                    from: r.get(4)?,
                    to: r.get(5)?,
                    note: r.get(6)?,
                    detail: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if rows.is_empty() {
            self.ensure_exists(id)?;
        }
        Ok(rows)
    }

    fn ensure_exists(&self, id: i64) -> Result<()> {
        load_head(&self.conn, id).map(|_| ())
    }

    /// Stories on the desk, most recently changed first.
    pub fn list(&self, filter: &StoryFilter) -> Result<Vec<StorySummary>> {
        let mut stmt = self.conn.prepare_cached(LIST)?;
        let limit = filter.limit.map_or(-1, |l| l as i64);
        let rows = stmt
            .query_map(
                params![
                    filter.status.map(Status::as_str),
                    filter.verification.map(Verification::as_str),
                    limit,
                    filter.offset as i64
                ],
                summary_row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// How many stories match a filter, for a paged list.
    pub fn count(&self, filter: &StoryFilter) -> Result<usize> {
        let n: i64 = self.conn.prepare_cached(COUNT)?.query_row(
            params![
                filter.status.map(Status::as_str),
                filter.verification.map(Verification::as_str)
            ],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// What `actor` may do with the story now (or, without one, what anyone may),
    /// each with the refusal the store would give.
    pub fn permissions(&self, id: i64, actor: Option<&Actor>) -> Result<workflow::Permissions> {
        let head = load_head(&self.conn, id)?;
        let facts = facts(&self.conn, id, &head)?;
        Ok(match actor {
            Some(actor) => workflow::permissions(&facts, actor, id),
            None => workflow::Permissions::anonymous(&facts, id),
        })
    }

    /// The workflow moves open from this story for `actor`, with reasons.
    pub fn moves(&self, id: i64, actor: &Actor) -> Result<Vec<workflow::MoveOption>> {
        let head = load_head(&self.conn, id)?;
        Ok(workflow::moves(&facts(&self.conn, id, &head)?, actor))
    }

    /// Saves the translation of segment `no`. `state` defaults to done for a text
    /// and is always empty for an empty text.
    // Every change takes the story, the version read, who and when; the segment,
    // its text and its state are what this one adds. A struct for them would only
    // be unpacked again on the next line.
    #[allow(clippy::too_many_arguments)]
    pub fn translate(
        &mut self,
        id: i64,
        expected: Option<i64>,
        no: usize,
        target: &str,
        state: Option<SegmentState>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        let target = target.trim_end();
        let state = if target.trim().is_empty() {
            SegmentState::Empty
        } else {
            state.unwrap_or(SegmentState::Done)
        };
        self.change(id, expected, actor, now, |ctx, head| {
            workflow::check_text_change(head.status, actor, id, "translating")?;
            let seg = ctx.segment_at(no)?;
            ctx.tx
                .prepare_cached("UPDATE segment SET target = ?1, state = ?2 WHERE id = ?3")?
                .execute(params![target, state.as_str(), seg])?;
            ctx.revision("segment", Some(seg), target)?;
            if actor.role == Role::Translator && !head.has_translator {
                ctx.tx
                    .prepare_cached(
                        "UPDATE story SET translator = ?1 WHERE id = ?2 AND translator = ''",
                    )?
                    .execute(params![actor.name, id])?;
            }
            Ok((
                (),
                Change::text("translate", format!("segment {no} ({state})")),
            ))
        })
        .map(|(_, saved)| saved)
    }

    /// Changes headline, standfirst, keywords, related stories or source details.
    pub fn edit(
        &mut self,
        id: i64,
        expected: Option<i64>,
        edit: &StoryEdit,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        self.change(id, expected, actor, now, |ctx, head| {
            workflow::check_text_change(head.status, actor, id, "editing a story")?;
            let mut changed: Vec<&str> = Vec::new();
            if let Some(headline) = &edit.headline {
                let headline = text::normalize_inline(&text::without_controls(headline));
                ctx.set("headline", &headline)?;
                ctx.revision("headline", None, &headline)?;
                if head.first_published_at.is_none() {
                    set_slug(ctx.tx, id, &headline)?;
                }
                changed.push("headline");
            }
            if let Some(standfirst) = &edit.standfirst {
                let standfirst = text::without_controls(standfirst);
                let standfirst = standfirst.trim();
                ctx.set("standfirst", standfirst)?;
                ctx.revision("standfirst", None, standfirst)?;
                changed.push("standfirst");
            }
            if let Some(keywords) = &edit.keywords {
                let keywords = parse_keywords(&keywords.join(","));
                ctx.set("keywords", &serde_json::to_string(&keywords).expect("strings serialise"))?;
                ctx.revision("keywords", None, &keywords.join(", "))?;
                changed.push("keywords");
            }
            if let Some(related) = &edit.related {
                ctx.tx.execute("DELETE FROM related_story WHERE story_id = ?1", [id])?;
                let mut seen = Vec::new();
                for &other in related {
                    if other == id {
                        return Err(Error::invalid("a story cannot be related to itself"));
                    }
                    load_head(ctx.tx, other)?;
                    if !seen.contains(&other) {
                        ctx.tx.execute(
                            "INSERT INTO related_story (story_id, related_id, position) VALUES (?1, ?2, ?3)",
                            params![id, other, seen.len() as i64],
                        )?;
                        seen.push(other);
                    }
                }
                changed.push("related stories");
            }
            let source_fields = [
                ("source_name", &edit.source_name),
                ("source_url", &edit.source_url),
                ("source_language", &edit.source_language),
                ("source_headline", &edit.source_headline),
                ("source_date", &edit.source_date),
                ("source_author", &edit.source_author),
                ("target_language", &edit.language),
            ];
            for (column, value) in source_fields {
                if let Some(value) = value {
                    ctx.set(column, value.trim())?;
                    changed.push(column);
                }
            }
            if changed.is_empty() {
                return Err(Error::invalid("nothing to change; name at least one field to change"));
            }
            Ok(((), Change::text("edit", changed.join(", "))))
        })
        .map(|(_, saved)| saved)
    }

    /// Splits, merges, inserts, deletes or moves segments.
    pub fn segment(
        &mut self,
        id: i64,
        expected: Option<i64>,
        op: &SegmentOp,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        self.change(id, expected, actor, now, |ctx, head| {
            workflow::check_text_change(head.status, actor, id, "changing segments")?;
            let detail = apply_segment_op(ctx, op)?;
            Ok(((), Change::text("segment", detail)))
        })
        .map(|(_, saved)| saved)
    }

    /// Moves a story along the workflow.
    pub fn move_to(
        &mut self,
        id: i64,
        expected: Option<i64>,
        to: Status,
        note: Option<&str>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        self.change(id, expected, actor, now, |ctx, head| {
            workflow::check_move(&ctx.facts(head)?, actor, to, note)?;
            ctx.set("status", to.as_str())?;
            let mut detail = None;
            match to {
                Status::Translated if head.status == Status::Draft => {
                    let column = if actor.role == Role::Translator { "translator" } else { "editor" };
                    ctx.set(column, &actor.name)?;
                }
                Status::Edited if head.status == Status::Translated => ctx.set("editor", &actor.name)?,
                Status::Published => {
                    ctx.set("editor", &actor.name)?;
                    ctx.set("published_at", &ctx.at)?;
                    ctx.tx.execute(
                        "UPDATE story SET first_published_at = ?1 WHERE id = ?2 AND first_published_at IS NULL",
                        params![ctx.at, id],
                    )?;
                    let corrected = ctx.tx.execute(
                        "UPDATE correction SET published_at = ?1 WHERE story_id = ?2 AND published_at IS NULL",
                        params![ctx.at, id],
                    )?;
                    if corrected > 0 {
                        detail = Some("correction published".to_string());
                    }
                }
                _ => {}
            }
            let change = Change {
                action: "move",
                from: Some(head.status.to_string()),
                to: Some(to.to_string()),
                note: note.map(str::to_string),
                detail,
                reindex: false,
            };
            Ok(((), change))
        })
        .map(|(_, saved)| saved)
    }

    /// Sets the verification; reviewers only.
    pub fn verify(
        &mut self,
        id: i64,
        expected: Option<i64>,
        verification: Verification,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        self.change(id, expected, actor, now, |ctx, head| {
            workflow::check_verification(head.status, actor, id)?;
            ctx.set("verification", verification.as_str())?;
            ctx.set("reviewer", &actor.name)?;
            let change = Change {
                action: "verify",
                from: Some(head.verification.to_string()),
                to: Some(verification.to_string()),
                note: None,
                detail: None,
                reindex: false,
            };
            Ok(((), change))
        })
        .map(|(_, saved)| saved)
    }

    /// Reopens a published story as a correction: back to edited, with the note
    /// that the next publication will show.
    pub fn correct(
        &mut self,
        id: i64,
        expected: Option<i64>,
        note: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        let note = note.trim();
        self.change(id, expected, actor, now, |ctx, head| {
            workflow::check_correction(head.status, actor, id, note)?;
            ctx.set("status", Status::Edited.as_str())?;
            ctx.tx.execute(
                "INSERT INTO correction (story_id, note, opened_at, opened_by) VALUES (?1, ?2, ?3, ?4)",
                params![id, note, ctx.at, actor.name],
            )?;
            let change = Change {
                action: "correct",
                from: Some(Status::Published.to_string()),
                to: Some(Status::Edited.to_string()),
                note: Some(note.to_string()),
                detail: None,
                reindex: false,
            };
            Ok(((), change))
        })
        .map(|(_, saved)| saved)
    }

    /// Every saved text of a story, oldest first.
    pub fn revisions(&self, id: i64) -> Result<Vec<Revision>> {
        self.ensure_exists(id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.number, r.at, r.actor, r.role, r.field, s.position, r.segment_id, r.body
             FROM revision r LEFT JOIN segment s ON s.id = r.segment_id
             WHERE r.story_id = ?1 ORDER BY r.number",
        )?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(Revision {
                    number: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    role: r.get(3)?,
                    field: r.get(4)?,
                    segment_no: r.get::<_, Option<i64>>(5)?.map(|p| p as usize),
                    segment_id: r.get(6)?,
                    body: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// One revision of a story.
    pub fn revision(&self, id: i64, number: i64) -> Result<Revision> {
        self.revisions(id)?
            .into_iter()
            .find(|r| r.number == number)
            .ok_or(Error::RevisionNotFound { story: id, number })
    }

    /// Puts a revision's text back where it came from. The restore is itself a new
    /// revision, so it can be undone the same way.
    pub fn restore(
        &mut self,
        id: i64,
        expected: Option<i64>,
        number: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        let rev = self.revision(id, number)?;
        self.change(id, expected, actor, now, |ctx, head| {
            workflow::check_text_change(head.status, actor, id, "restoring a revision")?;
            match rev.field.as_str() {
                "headline" => ctx.set("headline", &rev.body)?,
                "standfirst" => ctx.set("standfirst", &rev.body)?,
                "keywords" => ctx.set(
                    "keywords",
                    &serde_json::to_string(&parse_keywords(&rev.body)).expect("strings serialise"),
                )?,
                _ => {
                    let seg = rev.segment_id.filter(|_| rev.segment_no.is_some()).ok_or_else(|| {
                        Error::invalid(format!(
                            "revision {number} belongs to a segment that was since deleted or merged; \
                             insert its text as a new segment instead"
                        ))
                    })?;
                    let state = if rev.body.trim().is_empty() { "empty" } else { "draft" };
                    ctx.tx.execute(
                        "UPDATE segment SET target = ?1, state = ?2 WHERE id = ?3",
                        params![rev.body, state, seg],
                    )?;
                }
            }
            ctx.revision(&rev.field, rev.segment_id, &rev.body)?;
            Ok(((), Change::text("restore", format!("revision {number} ({})", rev.field))))
        })
        .map(|(_, saved)| saved)
    }
}

fn parse_col<T: std::str::FromStr>(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    s.parse().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("bad value {s:?}").into(),
        )
    })
}

pub(crate) fn summary_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StorySummary> {
    Ok(StorySummary {
        id: r.get(0)?,
        slug: r.get(1)?,
        status: parse_col(r, 2)?,
        verification: parse_col(r, 3)?,
        headline: r.get(4)?,
        source_headline: r.get(5)?,
        source_name: r.get(6)?,
        source_language: r.get(7)?,
        translator: r.get(8)?,
        updated_at: r.get(9)?,
        version: r.get(10)?,
    })
}

fn set_slug(tx: &Transaction<'_>, id: i64, headline: &str) -> Result<()> {
    let base = text::slugify(headline).unwrap_or_else(|| format!("story-{id}"));
    let mut slug = base.clone();
    let mut n = 2;
    while tx
        .query_row(
            "SELECT 1 FROM story WHERE slug = ?1 AND id <> ?2",
            params![slug, id],
            |_| Ok(()),
        )
        .optional()?
        .is_some()
    {
        slug = format!("{base}-{n}");
        n += 1;
    }
    tx.execute(
        "UPDATE story SET slug = ?1 WHERE id = ?2",
        params![slug, id],
    )?;
    Ok(())
}

fn import_one(
    tx: &Transaction<'_>,
    intake: &Intake,
    actor: &str,
    role: &str,
    at: &str,
    target_language: &str,
) -> Result<ImportOutcome> {
    let hash = intake.content_hash();
    if let Some(id) = tx
        .prepare_cached("SELECT id FROM story WHERE content_hash = ?1")?
        .query_row([&hash], |r| r.get(0))
        .optional()?
    {
        return Ok(ImportOutcome { id, created: false });
    }
    let s = &intake.source;
    tx.prepare_cached(
        "INSERT INTO story (slug, content_hash, target_language, source_name, source_url, source_language,
                            source_headline, source_date, source_author, created_at, updated_at)
         VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(params![hash, target_language, s.name, s.url, s.language, s.headline, s.date, s.author, at])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached("UPDATE story SET slug = ?1 WHERE id = ?2")?
        .execute(params![format!("story-{id}"), id])?;
    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO segment (story_id, position, source, target, state) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (i, p) in intake.paragraphs.iter().enumerate() {
            stmt.execute(params![id, i as i64 + 1, p, "", "empty"])?;
        }
    }
    tx.prepare_cached(
        // A story just created: its first entry.
        "INSERT INTO history (story_id, seq, at, actor, role, action, detail)
         VALUES (?1, 1, ?2, ?3, ?4, 'import', ?5)",
    )?
    .execute(params![
        id,
        at,
        actor,
        role,
        match &intake.origin {
            Some(origin) => format!("{} paragraph(s) from {origin}", intake.paragraphs.len()),
            None => format!("{} paragraph(s)", intake.paragraphs.len()),
        }
    ])?;
    Ok(ImportOutcome { id, created: true })
}

fn apply_segment_op(ctx: &Ctx<'_>, op: &SegmentOp) -> Result<String> {
    let mut ids = ctx.segment_ids()?;
    let count = ids.len();
    let at_pos = |no: usize| -> Result<i64> {
        ids.get(no.wrapping_sub(1))
            .copied()
            .ok_or(Error::SegmentNotFound {
                story: ctx.id,
                no,
                count,
            })
    };
    let load = |seg: i64| -> Result<(String, String, SegmentState, Option<i64>)> {
        Ok(ctx.tx.query_row(
            "SELECT source, target, state, related_id FROM segment WHERE id = ?1",
            [seg],
            |r| Ok((r.get(0)?, r.get(1)?, parse_col(r, 2)?, r.get(3)?)),
        )?)
    };
    let insert =
        |source: &str, target: &str, state: SegmentState, related: Option<i64>| -> Result<i64> {
            ctx.tx.execute(
                "INSERT INTO segment (story_id, position, source, target, state, related_id)
             VALUES (?1, 0, ?2, ?3, ?4, ?5)",
                params![ctx.id, source, target, state.as_str(), related],
            )?;
            Ok(ctx.tx.last_insert_rowid())
        };
    let detail = match *op {
        SegmentOp::Split { no, at } => {
            let seg = at_pos(no)?;
            let (source, target, _, related) = load(seg)?;
            if related.is_some() {
                return Err(Error::invalid("a Read Also line cannot be split"));
            }
            let splitting_source = !source.trim().is_empty();
            let whole = if splitting_source { &source } else { &target };
            let chars = whole.chars().count();
            let byte = whole
                .char_indices()
                .nth(at)
                .map(|(b, _)| b)
                .filter(|_| at > 0);
            let (first, second) = match byte {
                Some(b) => (whole[..b].trim(), whole[b..].trim()),
                None => ("", ""),
            };
            if first.is_empty() || second.is_empty() {
                return Err(Error::invalid(format!(
                    "cannot split segment {no} at {at}: give a position between 1 and {} that leaves text on both sides",
                    chars.saturating_sub(1)
                )));
            }
            let new = if splitting_source {
                // The translation stays with the first half, which it now over-covers:
                // it goes back to draft so someone looks at it again.
                let state = if target.trim().is_empty() {
                    SegmentState::Empty
                } else {
                    SegmentState::Draft
                };
                ctx.tx.execute(
                    "UPDATE segment SET source = ?1, state = ?2 WHERE id = ?3",
                    params![first, state.as_str(), seg],
                )?;
                insert(second, "", SegmentState::Empty, None)?
            } else {
                ctx.tx.execute(
                    "UPDATE segment SET target = ?1 WHERE id = ?2",
                    params![first, seg],
                )?;
                ctx.revision("segment", Some(seg), first)?;
                let new = insert("", second, SegmentState::Done, None)?;
                ctx.revision("segment", Some(new), second)?;
                new
            };
            ids.insert(no, new);
            format!("split segment {no} at {at}")
        }
        SegmentOp::Merge { no } => {
            let first = at_pos(no)?;
            let second = at_pos(no + 1).map_err(|_| {
                Error::invalid(format!(
                    "segment {no} is the last one; merge joins a segment with the next"
                ))
            })?;
            let (s1, t1, st1, r1) = load(first)?;
            let (s2, t2, st2, r2) = load(second)?;
            if r1.is_some() || r2.is_some() {
                return Err(Error::invalid(
                    "a Read Also line cannot be merged; delete or move it instead",
                ));
            }
            let join = |a: &str, b: &str| {
                [a.trim(), b.trim()]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let (source, target) = (join(&s1, &s2), join(&t1, &t2));
            let state = match (st1, st2) {
                _ if target.is_empty() => SegmentState::Empty,
                (SegmentState::Done, SegmentState::Done) => SegmentState::Done,
                _ => SegmentState::Draft,
            };
            ctx.tx.execute(
                "UPDATE segment SET source = ?1, target = ?2, state = ?3 WHERE id = ?4",
                params![source, target, state.as_str(), first],
            )?;
            ctx.tx
                .execute("DELETE FROM segment WHERE id = ?1", [second])?;
            ctx.revision("segment", Some(first), &target)?;
            ids.remove(no);
            format!("merged segments {no} and {}", no + 1)
        }
        SegmentOp::Insert { no, ref text } => {
            let text = text.trim();
            if text.is_empty() {
                return Err(Error::invalid("an inserted segment needs its text"));
            }
            check_insert_position(no, count)?;
            let new = insert("", text, SegmentState::Done, None)?;
            ctx.revision("segment", Some(new), text)?;
            ids.insert(no - 1, new);
            format!("inserted segment {no}")
        }
        SegmentOp::ReadAlso { no, related } => {
            if related == ctx.id {
                return Err(Error::invalid("a story cannot tell readers to read itself"));
            }
            load_head(ctx.tx, related)?;
            check_insert_position(no, count)?;
            let new = insert("", "", SegmentState::Done, Some(related))?;
            ids.insert(no - 1, new);
            ctx.tx.execute(
                "INSERT OR IGNORE INTO related_story (story_id, related_id, position)
                 VALUES (?1, ?2, (SELECT COUNT(*) FROM related_story WHERE story_id = ?1))",
                params![ctx.id, related],
            )?;
            format!("inserted Read Also to story {related} as segment {no}")
        }
        SegmentOp::Delete { no } => {
            let seg = at_pos(no)?;
            ctx.tx.execute("DELETE FROM segment WHERE id = ?1", [seg])?;
            ids.remove(no - 1);
            format!("deleted segment {no}")
        }
        SegmentOp::Move { no, to } => {
            let seg = at_pos(no)?;
            at_pos(to)?;
            ids.remove(no - 1);
            ids.insert(to - 1, seg);
            format!("moved segment {no} to {to}")
        }
    };
    ctx.renumber(&ids)?;
    Ok(detail)
}

fn check_insert_position(no: usize, count: usize) -> Result<()> {
    if no == 0 || no > count + 1 {
        return Err(Error::invalid(format!(
            "a new segment can be number 1 to {} (one past the last)",
            count + 1
        )));
    }
    Ok(())
}

/// How many stories are in each state, for the desk's header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DeskCounts {
    pub total: usize,
    pub by_status: std::collections::BTreeMap<String, usize>,
    pub by_verification: std::collections::BTreeMap<String, usize>,
}

/// Stories first published on one day (UTC), for the desk's chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCount {
    /// YYYY-MM-DD.
    pub day: String,
    pub count: usize,
}

/// The desk list, newest change first: a walk of the `story_updated` index,
/// filtered on the way.
pub(crate) const LIST: &str =
    "SELECT id, slug, status, verification, headline, source_headline, source_name,
            source_language, translator, updated_at, version
     FROM story
     WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR verification = ?2)
     ORDER BY updated_at DESC, id DESC LIMIT ?3 OFFSET ?4";

/// The desk's counts: the few rows of `desk_count`, which triggers keep as
/// stories arrive and move (migration 0005).
pub(crate) const COUNTS: &str = "SELECT status, verification, stories FROM desk_count";

/// How many stories the list holds under a filter, from the same rows.
pub(crate) const COUNT: &str = "SELECT COALESCE(SUM(stories), 0) FROM desk_count
     WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR verification = ?2)";

/// Stories first published per day from `?1` (YYYY-MM-DD) on. Stamps are RFC
/// 3339, so every stamp of a day sorts after the bare day: a range on the column
/// itself, which the `story_first_published` index answers (migration 0003).
pub(crate) const PER_DAY: &str = "SELECT substr(first_published_at, 1, 10) AS day, COUNT(*)
     FROM story WHERE first_published_at >= ?1 GROUP BY day";

impl Desk {
    /// Counts per status and per verification.
    pub fn counts(&self) -> Result<DeskCounts> {
        let mut counts = DeskCounts::default();
        for s in Status::ALL {
            counts.by_status.insert(s.to_string(), 0);
        }
        for v in Verification::ALL {
            counts.by_verification.insert(v.to_string(), 0);
        }
        let mut stmt = self.conn.prepare_cached(COUNTS)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (status, verification, n): (String, String, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?);
            *counts.by_status.entry(status).or_default() += n as usize;
            *counts.by_verification.entry(verification).or_default() += n as usize;
            counts.total += n as usize;
        }
        Ok(counts)
    }

    /// Stories first published on each of the `days` days up to and including
    /// `today`, oldest first, days without any included as zero.
    pub fn published_per_day(&self, today: DateTime<Utc>, days: u32) -> Result<Vec<DayCount>> {
        let first = today.date_naive() - chrono::Days::new(u64::from(days.saturating_sub(1)));
        let mut stmt = self.conn.prepare_cached(PER_DAY)?;
        let found: std::collections::HashMap<String, usize> = stmt
            .query_map([first.to_string()], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(first
            .iter_days()
            .take(days as usize)
            .map(|d| {
                let day = d.to_string();
                DayCount {
                    count: found.get(&day).copied().unwrap_or(0),
                    day,
                }
            })
            .collect())
    }
}

#[cfg(test)]
#[path = "desk_tests.rs"]
mod tests;
