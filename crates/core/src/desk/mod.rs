//! Every change to a story. Each one is a single IMMEDIATE transaction that checks
//! the version the caller read, applies the workflow rules, writes the change, a
//! history row and (for text) a revision, bumps the version and marks the story
//! for the full-text index, which `Desk::refresh_search` brings up to date
//! before a search reads it. Nothing else in the crate writes a story.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::*;
use crate::store::Desk;
use crate::text;
use crate::workflow::{self, Facts};

/// What `import` did with one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ImportOutcome {
    pub id: i64,
    /// False when the same content was already on the desk, or when the
    /// article is a newer version of story `id`.
    pub created: bool,
    /// The article has the address of story `id` and other content: a newer
    /// version of it. Nothing was imported; `Desk::update_source` takes it
    /// into that story when the person chooses to.
    pub new_version: bool,
}

/// Translations made outside the desk, by segment id (see `xliff`); `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Translations {
    pub headline: Option<String>,
    pub standfirst: Option<String>,
    /// Segment id, translation, and whether the translator marked it finished.
    pub segments: Vec<(i64, String, bool)>,
}

/// Fields an editor changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[serde(default)]
#[ts(optional_fields)]
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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, ts_rs::TS)]
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
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct StoryFilter {
    pub status: Option<Status>,
    pub verification: Option<Verification>,
    pub limit: Option<usize>,
    #[ts(as = "Option<usize>", optional)]
    pub offset: usize,
    /// Start after this story (the last row of the page before); `offset` then
    /// counts from there. Only in the desk's usual order, by last change.
    pub after: Option<ListKey>,
    /// Only the stories assigned to this person.
    pub assignee: Option<String>,
    /// Only the stories assigned to nobody.
    #[ts(as = "Option<bool>", optional)]
    pub unassigned: bool,
    /// Only the stories not yet published that are due at or before this moment
    /// (RFC 3339), soonest first.
    pub due_before: Option<String>,
    #[ts(as = "Option<ListOrder>", optional)]
    pub order: ListOrder,
}

/// The order of the desk list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ListOrder {
    /// The last changed first.
    #[default]
    Updated,
    /// The soonest deadline first; stories without one after them.
    Due,
}

impl StoryFilter {
    /// Whether the filter asks about assignments or deadlines, which the desk's
    /// per-state walks (`list_sql`) do not answer.
    fn by_assignment(&self) -> bool {
        self.assignee.is_some()
            || self.unassigned
            || self.due_before.is_some()
            || self.order != ListOrder::Updated
    }
}

/// A story's place in the desk list, which is ordered by last change, newest
/// first.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, ts_rs::TS)]
pub struct ListKey {
    pub updated_at: String,
    pub id: i64,
}

/// A finished change: the story's new version, for the next write to carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
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

    /// Writes the story's segment order. Positions are unique within a story
    /// (migration 0007) and SQLite checks that row by row, so every row first
    /// steps aside to its own negative id, a place no other row holds.
    fn renumber(&self, ids: &[i64]) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE segment SET position = -id WHERE story_id = ?1")?
            .execute([self.id])?;
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
    // The checks read every segment and the glossary: only where publishing is
    // one of the story's moves.
    let check_errors = if head.status == Status::Edited {
        crate::checks::story_findings(conn, id)?
            .into_iter()
            .filter(|f| f.severity == crate::checks::Severity::Error)
            .map(|f| format!("{}: {}", f.at, f.message))
            .collect()
    } else {
        Vec::new()
    };
    let (translator, assignee): (String, Option<String>) = conn
        .prepare_cached("SELECT translator, assignee FROM story WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(Facts {
        check_errors,
        translator,
        four_eyes: crate::settings::four_eyes(conn)?,
        assignee,
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
                .prepare_cached(
                    // Saving the translation again is taking in the changed source.
                    "UPDATE segment SET target = ?1, state = ?2, previous_source = NULL WHERE id = ?3",
                )?
                .execute(params![target, state.as_str(), seg])?;
            ctx.revision("segment", Some(seg), target)?;
            crate::memory::record_segment(ctx.tx, seg, &actor.name, &ctx.at)?;
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

    /// Takes translations made outside the desk (an XLIFF file a freelancer sent
    /// back) into story `id`, in one change recorded as `actor`'s. A text changed
    /// on the desk after `since` (the export's time) stays as the desk has it
    /// where the file still holds it as it was then; where the file changed it
    /// too, the whole file is refused, so no newer text is overwritten. Returns
    /// how many texts changed.
    pub fn take_translations(
        &mut self,
        id: i64,
        incoming: &Translations,
        since: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(Saved, usize)> {
        let (changed, saved) = self.change(id, None, actor, now, |ctx, head| {
            workflow::check_text_change(head.status, actor, id, "taking translations from a file")?;
            let changed_since = |field: &str, segment: Option<i64>| -> Result<bool> {
                Ok(ctx
                    .tx
                    .prepare_cached(
                        "SELECT 1 FROM revision WHERE story_id = ?1 AND field = ?2
                         AND segment_id IS ?3 AND at > ?4 LIMIT 1",
                    )?
                    .query_row(params![id, field, segment, since], |_| Ok(()))
                    .optional()?
                    .is_some())
            };
            // What the field held when the file was written: a text the file
            // still has as it was then is one the translator left alone.
            let text_then = |field: &str, segment: Option<i64>| -> Result<String> {
                Ok(ctx
                    .tx
                    .prepare_cached(
                        "SELECT body FROM revision WHERE story_id = ?1 AND field = ?2
                         AND segment_id IS ?3 AND at <= ?4 ORDER BY number DESC LIMIT 1",
                    )?
                    .query_row(params![id, field, segment, since], |r| r.get(0))
                    .optional()?
                    .unwrap_or_default())
            };
            let mut stale = Vec::new();
            let mut writes: Vec<(usize, i64, String, SegmentState)> = Vec::new();
            for (segment, target, done) in &incoming.segments {
                let target = target.trim_end().to_string();
                let (no, current): (i64, String) = ctx
                    .tx
                    .prepare_cached("SELECT position, target FROM segment WHERE id = ?1 AND story_id = ?2")?
                    .query_row(params![segment, id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?
                    .ok_or_else(|| {
                        Error::invalid(format!(
                            "the file's unit for segment id {segment} is not a segment of story {id}; \
                             the file was made from another story, or the row was deleted since"
                        ))
                    })?;
                if current == target {
                    continue;
                }
                if changed_since("segment", Some(*segment))? {
                    if text_then("segment", Some(*segment))? != target {
                        stale.push(format!("segment {no}"));
                    }
                    continue;
                }
                let state = match (target.trim().is_empty(), done) {
                    (true, _) => SegmentState::Empty,
                    (false, true) => SegmentState::Done,
                    (false, false) => SegmentState::Draft,
                };
                writes.push((no as usize, *segment, target, state));
            }
            let mut fields: Vec<(&'static str, String)> = Vec::new();
            let current_headline = &head.headline;
            if let Some(headline) = &incoming.headline {
                let headline = text::normalize_inline(&text::without_controls(headline));
                if &headline != current_headline {
                    if changed_since("headline", None)? {
                        if text_then("headline", None)? != headline {
                            stale.push("headline".into());
                        }
                    } else {
                        fields.push(("headline", headline));
                    }
                }
            }
            if let Some(standfirst) = &incoming.standfirst {
                let standfirst = text::without_controls(standfirst).trim().to_string();
                if standfirst != head.standfirst {
                    if changed_since("standfirst", None)? {
                        if text_then("standfirst", None)? != standfirst {
                            stale.push("standfirst".into());
                        }
                    } else {
                        fields.push(("standfirst", standfirst));
                    }
                }
            }
            if !stale.is_empty() {
                return Err(Error::ChangedSinceExport { story: id, changed: stale });
            }
            for (_, segment, target, state) in &writes {
                ctx.tx
                    .prepare_cached(
                    // Saving the translation again is taking in the changed source.
                    "UPDATE segment SET target = ?1, state = ?2, previous_source = NULL WHERE id = ?3",
                )?
                    .execute(params![target, state.as_str(), segment])?;
                ctx.revision("segment", Some(*segment), target)?;
                crate::memory::record_segment(ctx.tx, *segment, &actor.name, &ctx.at)?;
            }
            for (field, value) in &fields {
                ctx.set(field, value)?;
                ctx.revision(field, None, value)?;
                if *field == "headline" && head.first_published_at.is_none() {
                    set_slug(ctx.tx, id, value)?;
                }
            }
            if !writes.is_empty() && actor.role == Role::Translator && !head.has_translator {
                ctx.set("translator", &actor.name)?;
            }
            let count = writes.len() + fields.len();
            let mut what: Vec<String> = fields.iter().map(|(f, _)| f.to_string()).collect();
            what.extend(writes.iter().map(|(no, ..)| format!("segment {no}")));
            let detail = if what.is_empty() {
                "nothing changed".to_string()
            } else {
                what.join(", ")
            };
            Ok((count, Change::text("take translations", format!("from a file: {detail}"))))
        })?;
        Ok((saved, changed))
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
        self.move_over(id, expected, to, note, None, actor, now)
    }

    /// Publishes a story whose checks found errors, for a `reason` the history
    /// keeps with the errors published over. Everything else publishing needs
    /// still holds.
    pub fn publish_over_checks(
        &mut self,
        id: i64,
        expected: Option<i64>,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        self.move_over(
            id,
            expected,
            Status::Published,
            None,
            Some(reason),
            actor,
            now,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn move_over(
        &mut self,
        id: i64,
        expected: Option<i64>,
        to: Status,
        note: Option<&str>,
        over_checks: Option<&str>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        let over_checks = over_checks.map(str::trim);
        self.change(id, expected, actor, now, |ctx, head| {
            let facts = ctx.facts(head)?;
            workflow::check_move_over(&facts, actor, to, note, over_checks)?;
            ctx.set("status", to.as_str())?;
            let mut detail = None;
            let mut note = note.map(str::to_string);
            if let Some(reason) = over_checks {
                note = Some(reason.to_string());
                detail = Some(if facts.check_errors.is_empty() {
                    "published over the checks, which found no error".to_string()
                } else {
                    format!(
                        "published over {}: {}",
                        text::count_of(facts.check_errors.len(), "check error", "check errors"),
                        facts.check_errors.join("; ")
                    )
                });
            }
            match to {
                Status::Translated if head.status == Status::Draft => {
                    let column = if actor.role == Role::Translator { "translator" } else { "editor" };
                    ctx.set(column, &actor.name)?;
                }
                Status::Edited if head.status == Status::Translated => ctx.set("editor", &actor.name)?,
                Status::Published => {
                    crate::memory::set_published(ctx.tx, id, true)?;
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
                        detail = Some(match detail.take() {
                            Some(over) => format!("correction published; {over}"),
                            None => "correction published".to_string(),
                        });
                    }
                }
                _ => {}
            }
            let change = Change {
                action: "move",
                from: Some(head.status.to_string()),
                to: Some(to.to_string()),
                note,
                detail,
                reindex: false,
            };
            Ok(((), change))
        })
        .map(|(_, saved)| saved)
    }

    /// Sets the verification; reviewers only.
    // The story, the version read, who and when, as every change; the
    // verification and the reviewer's note are what this one adds.
    #[allow(clippy::too_many_arguments)]
    pub fn verify(
        &mut self,
        id: i64,
        expected: Option<i64>,
        verification: Verification,
        note: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        let note = note.trim();
        self.change(id, expected, actor, now, |ctx, head| {
            workflow::check_verification(head.status, actor, id)?;
            workflow::check_verification_note(
                crate::settings::four_eyes(ctx.tx)?,
                verification,
                note,
            )?;
            ctx.set("verification", verification.as_str())?;
            ctx.set("reviewer", &actor.name)?;
            let change = Change {
                action: "verify",
                from: Some(head.verification.to_string()),
                to: Some(verification.to_string()),
                note: (!note.is_empty()).then(|| note.to_string()),
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
            crate::memory::set_published(ctx.tx, id, false)?;
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
                    crate::memory::record_segment(ctx.tx, seg, &actor.name, &ctx.at)?;
                }
            }
            ctx.revision(&rev.field, rev.segment_id, &rev.body)?;
            Ok(((), Change::text("restore", format!("revision {number} ({})", rev.field))))
        })
        .map(|(_, saved)| saved)
    }
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

mod assign;
mod counts;
mod import;
mod read;
mod segments;
mod update;

pub use assign::{parse_due, Due};
pub use counts::{DayCount, DeskCounts};
pub(crate) use read::summary_row;
pub use update::{RemovedSegment, SourceUpdate};

#[cfg(test)]
mod tests;
