//! Reading stories: one story whole, the desk list and what a person may do.

use rusqlite::{params, OptionalExtension};

use super::counts::COUNT;
use super::{facts, load_head, ListOrder, StoryFilter};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::Desk;
use crate::workflow;

impl Desk {
    /// The whole story, with segments, corrections and history.
    pub fn story(&self, id: i64) -> Result<Story> {
        let conn = &self.conn;
        // Cached like every other read here: preparing this 22-column SELECT
        // afresh costs about a third of loading a story for export.
        let mut story = conn
            .prepare_cached(
                "SELECT id, slug, status, verification, headline, standfirst, keywords, target_language,
                        source_name, source_url, source_language, source_headline, source_date, source_author,
                        translator, editor, reviewer, created_at, updated_at, first_published_at,
                        published_at, version, assignee, due_at
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
                        assignee: r.get(22)?,
                        due: r.get(23)?,
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
            "SELECT id, position, source, target, state, related_id, previous_source FROM segment
             WHERE story_id = ?1 ORDER BY position, id",
        )?;
        let rows = stmt
            .query_map([id], |r| {
                let source: String = r.get(2)?;
                let previous_source: Option<String> = r.get(6)?;
                let source_change = previous_source
                    .as_deref()
                    .map(|before| crate::compare::diff_words(before, &source));
                Ok(Segment {
                    id: r.get(0)?,
                    no: r.get::<_, i64>(1)? as usize,
                    source,
                    target: r.get(3)?,
                    state: parse_col(r, 4)?,
                    related: r.get(5)?,
                    previous_source,
                    source_change,
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

    /// Stories on the desk, most recently changed first: from the start, from
    /// `filter.after` (a page after the one the caller has), or `filter.offset`
    /// rows in.
    pub fn list(&self, filter: &StoryFilter) -> Result<Vec<StorySummary>> {
        let limit = filter.limit.map_or(-1, |l| l as i64);
        let offset = filter.offset as i64;
        let mut rows: Vec<StorySummary> = if filter.order == ListOrder::Due {
            // Stories with a deadline, soonest first, through their index; then,
            // once those run out, the rest in the desk's order. One ORDER BY over
            // both would sort the whole desk.
            let mut rows = self.assignment_page(filter, Part::WithDue, limit, offset)?;
            if limit < 0 || rows.len() < limit as usize {
                let with_due = self.assignment_count(filter, Part::WithDue)? as i64;
                let rest = if limit < 0 {
                    -1
                } else {
                    limit - rows.len() as i64
                };
                let skip = (offset - with_due).max(0);
                rows.extend(self.assignment_page(filter, Part::WithoutDue, rest, skip)?);
            }
            rows
        } else if filter.by_assignment() {
            self.assignment_page(filter, Part::All, limit, offset)?
        } else {
            let sql = list_sql(filter.status, filter.verification, filter.after.is_some());
            let mut stmt = self.conn.prepare_cached(&sql)?;
            match &filter.after {
                Some(after) => stmt.query_map(
                    params![after.updated_at, after.id, limit, offset],
                    summary_row,
                )?,
                None => stmt.query_map(params![limit, offset], summary_row)?,
            }
            .collect::<rusqlite::Result<_>>()?
        };
        self.fill_progress(rows.iter_mut())?;
        Ok(rows)
    }

    /// Counts the rows done and the words of each listed story, in one read of
    /// their segments: a page of the desk is at most a few hundred stories, and
    /// the counts follow every change without being stored twice.
    pub(crate) fn fill_progress<'a>(
        &self,
        rows: impl IntoIterator<Item = &'a mut StorySummary>,
    ) -> Result<()> {
        let mut rows: Vec<&mut StorySummary> = rows.into_iter().collect();
        if rows.is_empty() {
            return Ok(());
        }
        let ids = serde_json::to_string(&rows.iter().map(|r| r.id).collect::<Vec<_>>())
            .expect("ids serialize");
        let at: std::collections::HashMap<i64, usize> =
            rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let mut stmt = self.conn.prepare_cached(
            "SELECT story_id, source, target, state FROM segment
             WHERE story_id IN (SELECT value FROM json_each(?1))",
        )?;
        let mut found = stmt.query([ids])?;
        while let Some(r) = found.next()? {
            let id: i64 = r.get(0)?;
            if let Some(&i) = at.get(&id) {
                let state: SegmentState = parse_col(r, 3)?;
                let source: String = r.get(1)?;
                let target: String = r.get(2)?;
                rows[i].progress.add(&source, &target, state);
            }
        }
        Ok(())
    }

    fn assignment_page(
        &self,
        filter: &StoryFilter,
        part: Part,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<StorySummary>> {
        let (sql, mut values) = assignment_sql(filter, part, false)?;
        values.extend([limit.into(), offset.into()]);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(values), summary_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn assignment_count(&self, filter: &StoryFilter, part: Part) -> Result<usize> {
        let (sql, values) = assignment_sql(filter, part, true)?;
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(values), |r| r.get(0))?;
        Ok(n as usize)
    }

    /// How many stories match a filter, for a paged list.
    pub fn count(&self, filter: &StoryFilter) -> Result<usize> {
        if filter.by_assignment() {
            return self.assignment_count(filter, Part::All);
        }
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
}

pub(super) fn parse_col<T: std::str::FromStr>(
    r: &rusqlite::Row<'_>,
    i: usize,
) -> rusqlite::Result<T> {
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
        assignee: r.get(11)?,
        due: r.get(12)?,
        pending: parse_col::<Status>(r, 2)?.awaits_deadline(),
        progress: Progress::default(),
    })
}

/// The columns `summary_row` reads, in its order.
const SUMMARY_COLUMNS: &str = "id, slug, status, verification, headline, source_headline, \
     source_name, source_language, translator, updated_at, version, assignee, due_at";

/// The list's SQL (or, with `count`, the count's) for a filter that asks about
/// assignments or deadlines, with its values; the list's take LIMIT and OFFSET
/// after them. Few stories have a deadline or a given assignee, and their
/// partial indexes (migration 0012) hold just those; "unassigned" walks the
/// desk's order, where most stories are.
pub(crate) fn assignment_sql(
    filter: &StoryFilter,
    part: Part,
    count: bool,
) -> Result<(String, Vec<rusqlite::types::Value>)> {
    use rusqlite::types::Value;
    let mut sql = format!(
        "SELECT {} FROM story WHERE 1",
        if count { "COUNT(*)" } else { SUMMARY_COLUMNS }
    );
    let mut values: Vec<Value> = Vec::new();
    let mut and = |clause: &str, value: Option<Value>| {
        sql.push_str(" AND ");
        sql.push_str(clause);
        values.extend(value);
    };
    if let Some(status) = filter.status {
        and("status = ?", Some(status.as_str().to_string().into()));
    }
    if let Some(verification) = filter.verification {
        and(
            "verification = ?",
            Some(verification.as_str().to_string().into()),
        );
    }
    if let Some(assignee) = &filter.assignee {
        and("assignee = ?", Some(assignee.trim().to_string().into()));
    }
    if filter.unassigned {
        and("assignee IS NULL", None);
    }
    if let Some(before) = &filter.due_before {
        let before = chrono::DateTime::parse_from_rfc3339(before).map_err(|_| {
            Error::invalid(format!(
                "\"{before}\" is not a moment the desk can compare deadlines with; give a date \
                 and time such as 2026-12-06T17:00:00Z"
            ))
        })?;
        and(
            "due_at <= ? AND status <> 'published'",
            Some(super::stamp(before.with_timezone(&chrono::Utc)).into()),
        );
    }
    match part {
        Part::All => {}
        Part::WithDue => and("due_at IS NOT NULL", None),
        Part::WithoutDue => and("due_at IS NULL", None),
    }
    // Stories with a deadline come soonest first: the deadline's index finds
    // and orders them in one walk.
    let by_due = part == Part::WithDue || filter.due_before.is_some();
    if let Some(after) = &filter.after {
        if by_due || filter.order != ListOrder::Updated {
            return Err(Error::invalid(
                "a page after a given story exists only in the order of last change; \
                 page by offset when sorting by deadline",
            ));
        }
        and(
            "(updated_at, id) < (?, ?)",
            Some(after.updated_at.clone().into()),
        );
        values.push(after.id.into());
    }
    if !count {
        sql.push_str(if by_due {
            " ORDER BY due_at, id"
        } else {
            " ORDER BY updated_at DESC, id DESC"
        });
        sql.push_str(" LIMIT ? OFFSET ?");
    }
    Ok((sql, values))
}

/// Which stories of a filter a query reads: the list by deadline reads those
/// with one, then those without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    All,
    WithDue,
    WithoutDue,
}

/// The desk list's SQL for a filter, newest change first.
///
/// Unfiltered, it walks `story_updated`. Filtered, each (status, verification)
/// pair the filter admits is a walk of `story_state_updated` (migration 0007)
/// and SQLite merges the walks, so no filter reads stories it does not show. With
/// `after`, each walk starts past the caller's last row (`?1`, `?2`): a page
/// deep in the list costs what the first one does, where OFFSET read every row
/// before it. The pairs are the enums' own names, never user input, so the text
/// is one of a few and prepared once.
pub(crate) fn list_sql(
    status: Option<Status>,
    verification: Option<Verification>,
    after: bool,
) -> String {
    let (limit, offset) = if after { ("?3", "?4") } else { ("?1", "?2") };
    let past = if after {
        " AND (updated_at, id) < (?1, ?2)"
    } else {
        ""
    };
    let order = "ORDER BY updated_at DESC, id DESC";
    if status.is_none() && verification.is_none() {
        return format!(
            "SELECT {SUMMARY_COLUMNS} FROM story WHERE 1{past} {order} LIMIT {limit} OFFSET {offset}"
        );
    }
    let statuses = status.map_or(Status::ALL.to_vec(), |s| vec![s]);
    let verifications = verification.map_or(Verification::ALL.to_vec(), |v| vec![v]);
    let arms: Vec<String> = statuses
        .iter()
        .flat_map(|s| verifications.iter().map(move |v| (s, v)))
        .map(|(s, v)| {
            format!(
                "SELECT {SUMMARY_COLUMNS} FROM story \
                 WHERE status = '{s}' AND verification = '{v}'{past}",
                s = s.as_str(),
                v = v.as_str()
            )
        })
        .collect();
    format!(
        "{} {order} LIMIT {limit} OFFSET {offset}",
        arms.join(" UNION ALL ")
    )
}
