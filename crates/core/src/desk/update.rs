//! Updated sources: an outlet revised an article the desk already has, and the
//! new version is taken into the same story. The old paragraphs are aligned with
//! the new ones; an unchanged paragraph keeps its translation, a changed one
//! keeps it too but remembers the source it was made from, a new one arrives
//! empty and a removed one is deleted and listed.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

use super::{Change, Ctx, Saved};
use crate::error::{Error, Result};
use crate::ingest::Intake;
use crate::model::{Actor, Status};
use crate::store::Desk;
use crate::{text, workflow};

/// What taking an updated source did to a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SourceUpdate {
    pub saved: Saved,
    /// Segments (numbers in the updated story) whose source changed: each keeps
    /// its translation, marked with the change.
    pub changed: Vec<usize>,
    /// Segments (numbers in the updated story) the new version added, empty.
    pub added: Vec<usize>,
    /// Paragraphs the new version no longer has, with the translation each had.
    pub removed: Vec<RemovedSegment>,
    /// Segments the new version left as they were.
    pub unchanged: usize,
    /// The story was published, and the update opened a correction.
    pub correction: bool,
}

/// A paragraph an updated source dropped, as it was on the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct RemovedSegment {
    /// Its number before the update.
    pub no: usize,
    pub source: String,
    pub target: String,
}

/// Two paragraphs this similar (0–100, as the memory scores them) are one
/// paragraph revised; less, and the old one was removed and the new one added.
const SAME_PARAGRAPH: u8 = 50;

/// The largest stretch of changed paragraphs (old × new) paired by best
/// similarity; a bigger one (an article rewritten) is paired in order, so a
/// hostile file costs at most this many comparisons per stretch.
const MAX_PAIRING_CELLS: usize = 4096;

/// A segment as the update finds it.
struct Old {
    id: i64,
    source: String,
    target: String,
}

/// Where a new paragraph comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// The old segment at this index, with the same text.
    Same(usize),
    /// The old segment at this index, revised.
    Revised(usize),
    /// Nothing: a new paragraph.
    New,
}

impl Desk {
    /// Takes `intake`, a newer version of story `id`'s source article, into the
    /// story. A published story takes it as a correction, which only an editor
    /// may open; the correction's note says what the update changed.
    pub fn update_source(
        &mut self,
        id: i64,
        intake: &Intake,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<SourceUpdate> {
        let hash = intake.content_hash();
        let (mut update, saved) = self.change(id, None, actor, now, |ctx, head| {
            workflow::check_source_update(head.status, actor, id)?;
            check_new_content(ctx, &hash)?;
            let mut update = apply(ctx, intake)?;
            let s = &intake.source;
            ctx.tx.execute(
                "UPDATE story SET content_hash = ?1,
                    source_headline = CASE WHEN ?2 <> '' THEN ?2 ELSE source_headline END,
                    source_date = CASE WHEN ?3 <> '' THEN ?3 ELSE source_date END,
                    source_author = CASE WHEN ?4 <> '' THEN ?4 ELSE source_author END,
                    source_url = CASE WHEN ?5 <> '' THEN ?5 ELSE source_url END
                 WHERE id = ?6",
                params![hash, s.headline, s.date, s.author, s.url, id],
            )?;
            let summary = summary(&update, intake.origin.as_deref());
            let mut change = Change::text("update_source", summary.clone());
            if head.status == Status::Published {
                // The page already out says what it says; the update reaches it
                // only as a correction, which the next publication shows.
                ctx.set("status", Status::Edited.as_str())?;
                crate::memory::set_published(ctx.tx, id, false)?;
                let note = format!("The source article was updated: {summary}.");
                ctx.tx.execute(
                    "INSERT INTO correction (story_id, note, opened_at, opened_by) VALUES (?1, ?2, ?3, ?4)",
                    params![id, note, ctx.at, actor.name],
                )?;
                change.from = Some(Status::Published.to_string());
                change.to = Some(Status::Edited.to_string());
                change.note = Some(note);
                update.correction = true;
            }
            Ok((update, change))
        })?;
        update.saved = saved;
        Ok(update)
    }

    /// Reads `path` as a source article, applies `overrides` as an import
    /// would, and takes it into story `id` ([`Desk::update_source`]).
    pub fn update_source_file(
        &mut self,
        id: i64,
        path: &std::path::Path,
        overrides: &crate::ingest::SourceOverrides,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<SourceUpdate> {
        let mut intake = crate::ingest::read_file(path)?;
        overrides.apply(&mut intake);
        self.update_source(id, &intake, actor, now)
    }
}

/// The story whose source is at `url`, the newest when several are; none for
/// an empty address.
pub(crate) fn story_at_address(conn: &rusqlite::Connection, url: &str) -> Result<Option<i64>> {
    let url = url.trim();
    if url.is_empty() {
        return Ok(None);
    }
    Ok(conn
        .prepare_cached(
            "SELECT id FROM story WHERE source_url = ?1 AND source_url <> ''
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([url], |r| r.get(0))
        .optional()?)
}

/// Refuses an article that is not new: the story's own source, or another
/// story's.
fn check_new_content(ctx: &Ctx<'_>, hash: &str) -> Result<()> {
    let holder: Option<i64> = ctx
        .tx
        .prepare_cached("SELECT id FROM story WHERE content_hash = ?1")?
        .query_row([hash], |r| r.get(0))
        .optional()?;
    match holder {
        Some(story) if story == ctx.id => Err(Error::invalid(format!(
            "the article is story {story}'s source as it already stands; there is nothing to update"
        ))),
        Some(other) => Err(Error::invalid(format!(
            "the article is already on the desk as story {other}; open that story, or choose \
             the file of the newer version"
        ))),
        None => Ok(()),
    }
}

/// Aligns the story's segments with the new paragraphs and writes the result.
fn apply(ctx: &Ctx<'_>, intake: &Intake) -> Result<SourceUpdate> {
    let all: Vec<Old> = ctx
        .tx
        .prepare_cached(
            "SELECT id, source, target FROM segment WHERE story_id = ?1 ORDER BY position, id",
        )?
        .query_map([ctx.id], |r| {
            Ok(Old {
                id: r.get(0)?,
                source: r.get(1)?,
                target: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Only segments with a source are aligned; one an editor added (no
    // source) travels with the sourced segment it followed.
    let mut sourced: Vec<&Old> = Vec::new();
    let mut numbers: Vec<usize> = Vec::new();
    let mut leading: Vec<i64> = Vec::new();
    let mut following: Vec<Vec<i64>> = Vec::new();
    for (i, old) in all.iter().enumerate() {
        if !old.source.trim().is_empty() {
            sourced.push(old);
            numbers.push(i + 1);
            following.push(Vec::new());
        } else {
            match following.last_mut() {
                Some(list) => list.push(old.id),
                None => leading.push(old.id),
            }
        }
    }
    let old_sources: Vec<&str> = sourced.iter().map(|o| o.source.as_str()).collect();
    let new_sources: Vec<&str> = intake.paragraphs.iter().map(String::as_str).collect();
    let fates = align(&old_sources, &new_sources);

    let mut kept = vec![false; sourced.len()];
    for fate in &fates {
        if let Fate::Same(o) | Fate::Revised(o) = fate {
            kept[*o] = true;
        }
    }
    // Segments following a removed one move to the nearest kept one before it.
    let mut carried: Vec<i64> = Vec::new();
    let mut followers: Vec<Vec<i64>> = vec![Vec::new(); sourced.len()];
    let mut last_kept: Option<usize> = None;
    for (o, list) in following.iter().enumerate() {
        if kept[o] {
            followers[o].extend(list);
            last_kept = Some(o);
        } else {
            match last_kept {
                Some(k) => followers[k].extend(list),
                None => carried.extend(list),
            }
        }
    }
    leading.extend(carried);

    let mut update = SourceUpdate {
        saved: Saved {
            id: ctx.id,
            version: 0,
        },
        changed: Vec::new(),
        added: Vec::new(),
        removed: Vec::new(),
        unchanged: 0,
        correction: false,
    };
    let mut order: Vec<i64> = leading;
    let mut next_free: i64 = ctx.tx.query_row(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM segment WHERE story_id = ?1",
        [ctx.id],
        |r| r.get(0),
    )?;
    for (paragraph, fate) in intake.paragraphs.iter().zip(&fates) {
        match *fate {
            Fate::Same(o) => {
                // The same words, perhaps spaced or encoded differently: the
                // article's text is taken as it now reads.
                if *paragraph != sourced[o].source {
                    ctx.tx
                        .prepare_cached("UPDATE segment SET source = ?1 WHERE id = ?2")?
                        .execute(params![paragraph, sourced[o].id])?;
                    crate::memory::record_segment(ctx.tx, sourced[o].id, &ctx.actor.name, &ctx.at)?;
                }
                order.push(sourced[o].id);
                update.unchanged += 1;
            }
            Fate::Revised(o) => {
                let seg = sourced[o].id;
                // The source the translation was made from is kept through
                // several updates until the translation is saved again; the
                // translation, done before, needs a look now.
                ctx.tx
                    .prepare_cached(
                        "UPDATE segment SET previous_source = COALESCE(previous_source, source),
                            source = ?1,
                            state = CASE WHEN state = 'done' THEN 'draft' ELSE state END
                         WHERE id = ?2",
                    )?
                    .execute(params![paragraph, seg])?;
                crate::memory::record_segment(ctx.tx, seg, &ctx.actor.name, &ctx.at)?;
                order.push(seg);
                update.changed.push(order.len());
            }
            Fate::New => {
                ctx.tx
                    .prepare_cached(
                        "INSERT INTO segment (story_id, position, source, target, state)
                         VALUES (?1, ?2, ?3, '', 'empty')",
                    )?
                    .execute(params![ctx.id, next_free, paragraph])?;
                next_free += 1;
                order.push(ctx.tx.last_insert_rowid());
                update.added.push(order.len());
            }
        }
        if let Fate::Same(o) | Fate::Revised(o) = *fate {
            order.extend(&followers[o]);
        }
    }
    for (o, old) in sourced.iter().enumerate() {
        if !kept[o] {
            ctx.tx
                .execute("DELETE FROM segment WHERE id = ?1", [old.id])?;
            crate::memory::forget_segments(ctx.tx, &[old.id])?;
            update.removed.push(RemovedSegment {
                no: numbers[o],
                source: old.source.clone(),
                target: old.target.clone(),
            });
        }
    }
    ctx.renumber(&order)?;
    Ok(update)
}

/// One line for history: what the update did, and from which file.
fn summary(update: &SourceUpdate, origin: Option<&str>) -> String {
    let list = text::segment_list;
    let mut parts = Vec::new();
    if !update.changed.is_empty() {
        parts.push(format!("source changed in {}", list(&update.changed)));
    }
    if !update.added.is_empty() {
        parts.push(format!("new {}", list(&update.added)));
    }
    if !update.removed.is_empty() {
        let removed: Vec<usize> = update.removed.iter().map(|r| r.no).collect();
        parts.push(format!("removed former {}", list(&removed)));
    }
    if parts.is_empty() {
        parts.push("no segment changed".to_string());
    }
    let mut line = parts.join("; ");
    if let Some(origin) = origin {
        line.push_str(&format!(" (from {origin})"));
    }
    line
}

/// Which old paragraph (if any) each new paragraph is. Paragraphs that read
/// the same (as the memory folds them) anchor the alignment; between anchors,
/// old and new paragraphs are paired by similarity, keeping their order.
fn align(old: &[&str], new: &[&str]) -> Vec<Fate> {
    let key = |s: &&str| text::fold_for_match(&text::normalize(s));
    let old_keys: Vec<String> = old.iter().map(key).collect();
    let new_keys: Vec<String> = new.iter().map(key).collect();
    let mut fates = vec![Fate::New; new.len()];
    // A stretch of changed paragraphs, collected until the next equal run.
    let mut gap: Option<(std::ops::Range<usize>, std::ops::Range<usize>)> = None;
    let close = |gap: &mut Option<(std::ops::Range<usize>, std::ops::Range<usize>)>,
                 fates: &mut Vec<Fate>| {
        if let Some((o, n)) = gap.take() {
            for (i, j) in pair(&old[o.clone()], &new[n.clone()]) {
                fates[n.start + j] = Fate::Revised(o.start + i);
            }
        }
    };
    for op in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                close(&mut gap, &mut fates);
                for k in 0..len {
                    fates[new_index + k] = Fate::Same(old_index + k);
                }
            }
            other => {
                let (o, n) = (other.old_range(), other.new_range());
                gap = Some(match gap.take() {
                    Some((go, gn)) => (go.start..o.end.max(go.end), gn.start..n.end.max(gn.end)),
                    None => (o, n),
                });
            }
        }
    }
    close(&mut gap, &mut fates);
    fates
}

/// Pairs old and new paragraphs of one changed stretch, in order, so that the
/// pairs' total similarity is greatest and each pair is at least
/// [`SAME_PARAGRAPH`] alike. Returns (old index, new index) pairs.
fn pair(old: &[&str], new: &[&str]) -> Vec<(usize, usize)> {
    if old.is_empty() || new.is_empty() {
        return Vec::new();
    }
    if old.len() * new.len() > MAX_PAIRING_CELLS {
        return old
            .iter()
            .zip(new)
            .enumerate()
            .filter(|(_, (o, n))| crate::memory::similarity(n, o) >= SAME_PARAGRAPH)
            .map(|(i, _)| (i, i))
            .collect();
    }
    let score: Vec<Vec<u32>> = old
        .iter()
        .map(|o| {
            new.iter()
                .map(|n| {
                    let s = crate::memory::similarity(n, o);
                    if s >= SAME_PARAGRAPH {
                        u32::from(s)
                    } else {
                        0
                    }
                })
                .collect()
        })
        .collect();
    // best[i][j]: the greatest total for old[i..] and new[j..].
    let (h, w) = (old.len(), new.len());
    let mut best = vec![vec![0u32; w + 1]; h + 1];
    for i in (0..h).rev() {
        for j in (0..w).rev() {
            let take = if score[i][j] > 0 {
                score[i][j] + best[i + 1][j + 1]
            } else {
                0
            };
            best[i][j] = take.max(best[i + 1][j]).max(best[i][j + 1]);
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < h && j < w {
        if score[i][j] > 0 && best[i][j] == score[i][j] + best[i + 1][j + 1] {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if best[i][j] == best[i + 1][j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_revised_paragraph_between_equal_ones() {
        let old = ["one two three", "four five six seven", "eight nine"];
        let new = ["one two three", "four five six eight", "eight nine"];
        assert_eq!(
            align(&old, &new),
            vec![Fate::Same(0), Fate::Revised(1), Fate::Same(2)]
        );
    }

    #[test]
    fn added_and_removed_paragraphs_are_not_paired_with_strangers() {
        let old = ["alpha beta gamma", "delta epsilon zeta eta", "theta iota"];
        let new = [
            "alpha beta gamma",
            "something entirely different here",
            "theta iota",
            "a new closing line",
        ];
        assert_eq!(
            align(&old, &new),
            vec![Fate::Same(0), Fate::New, Fate::Same(2), Fate::New]
        );
    }

    #[test]
    fn folded_spelling_and_spacing_count_as_the_same() {
        let old = ["قال أحمد  إن الاجتماع"];
        let new = ["قال احمد إن الاجتماع"];
        assert_eq!(align(&old, &new), vec![Fate::Same(0)]);
    }

    #[test]
    fn pairing_keeps_order_and_prefers_the_closest() {
        let old = ["a b c d e f", "g h i j k l"];
        let new = ["g h i j k x", "a b c x y f"];
        // Crossing pairs are not allowed: of the two, the closer (5 of 6 words
        // against 4 of 6) is kept, and the other is a removal and an addition.
        assert_eq!(pair(&old, &new), vec![(1, 0)]);
    }

    #[test]
    fn a_huge_rewrite_is_paired_in_order_without_quadratic_work() {
        // Every paragraph revised: one stretch of 5,000 × 5,000, past the bound,
        // so each is paired with the one at its place instead of with all.
        let old: Vec<String> = (0..5000)
            .map(|i| format!("paragraph {i} of the first article"))
            .collect();
        let new: Vec<String> = (0..5000)
            .map(|i| format!("paragraph {i} of the second article"))
            .collect();
        let old: Vec<&str> = old.iter().map(String::as_str).collect();
        let new: Vec<&str> = new.iter().map(String::as_str).collect();
        let fates = align(&old, &new);
        assert_eq!(fates, (0..5000).map(Fate::Revised).collect::<Vec<_>>());
    }

    use crate::ingest::{self, Format};
    use crate::model::SegmentState;
    use crate::testing::{edit_and_verify, editor, t, translator};

    /// NTREX-128 article 02, as the desk's fixture holds it: a headline and
    /// three paragraphs.
    const NTREX_02: &str = include_str!("../../../../tests/fixtures/ntrex/02.ar.txt");
    const NTREX_02_EN: &str = include_str!("../../../../tests/fixtures/ntrex/02.en.txt");
    const URL: &str = "https://alwatan.sy/2";

    fn article(text: &str) -> Intake {
        let mut intake = ingest::parse_text("02.ar.txt", Format::Plain, text).unwrap();
        intake.source.url = URL.to_string();
        intake.origin = Some("02.ar.txt".to_string());
        intake
    }

    /// A desk holding NTREX 02 with every paragraph translated and done.
    fn translated() -> (tempfile::TempDir, Desk, i64) {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("desk.db")).unwrap();
        let id = desk.import(&[article(NTREX_02)], None, t(0)).unwrap()[0]
            .as_ref()
            .unwrap()
            .id;
        for (i, english) in NTREX_02_EN.lines().skip(1).enumerate() {
            desk.translate(id, None, i + 1, english, None, &translator(), t(1))
                .unwrap();
        }
        (dir, desk, id)
    }

    /// NTREX 02 with one sentence of its third paragraph changed.
    fn revised() -> String {
        assert!(NTREX_02.contains("أكثر من 380,000 شخص"));
        NTREX_02.replace("أكثر من 380,000 شخص", "أكثر من 400,000 نسمة")
    }

    #[test]
    fn a_revised_article_is_offered_as_a_new_version_not_a_new_story() {
        let (_dir, mut desk, id) = translated();
        let out = desk.import(&[article(&revised())], None, t(2)).unwrap();
        let out = out[0].as_ref().unwrap();
        assert_eq!((out.id, out.created, out.new_version), (id, false, true));
        assert_eq!(desk.list(&Default::default()).unwrap().len(), 1);
        // The same article again is the same story, not a new version.
        let again = desk.import(&[article(NTREX_02)], None, t(2)).unwrap();
        let again = again[0].as_ref().unwrap();
        assert_eq!(
            (again.id, again.created, again.new_version),
            (id, false, false)
        );
    }

    #[test]
    fn one_changed_sentence_marks_exactly_that_segment_and_keeps_every_translation() {
        let (_dir, mut desk, id) = translated();
        let before = desk.segments(id).unwrap();
        let update = desk
            .update_source(id, &article(&revised()), &translator(), t(3))
            .unwrap();
        assert_eq!(update.changed, vec![3]);
        assert!(update.added.is_empty() && update.removed.is_empty());
        assert_eq!(update.unchanged, 2);
        assert!(!update.correction);

        let after = desk.segments(id).unwrap();
        assert_eq!(after.len(), 3);
        for (old, new) in before.iter().zip(&after) {
            assert_eq!(old.id, new.id);
            assert_eq!(old.target, new.target, "every translation is kept");
        }
        assert_eq!(after[0].state, SegmentState::Done);
        assert_eq!(after[1].state, SegmentState::Done);
        assert_eq!(after[2].state, SegmentState::Draft);
        assert!(after[0].previous_source.is_none() && after[1].previous_source.is_none());
        assert_eq!(
            after[2].previous_source.as_deref(),
            Some(before[2].source.as_str())
        );
        let change = after[2].source_change.as_ref().unwrap();
        let of = |kind: &str| -> String {
            change
                .iter()
                .filter(|p| p.kind == kind)
                .map(|p| p.text.trim())
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(of("removed"), "380,000 شخص");
        assert_eq!(of("added"), "400,000 نسمة");

        let story = desk.story(id).unwrap();
        let last = story.history.last().unwrap();
        assert_eq!(last.action, "update_source");
        assert_eq!(
            last.detail.as_deref(),
            Some("source changed in segment 3 (from 02.ar.txt)")
        );
        // The desk now knows the new version as this story's content.
        let again = desk.import(&[article(&revised())], None, t(4)).unwrap();
        assert!(!again[0].as_ref().unwrap().new_version);

        // Saving the translation again takes in the change.
        desk.translate(id, None, 3, &after[2].target, None, &translator(), t(5))
            .unwrap();
        let seg = &desk.segments(id).unwrap()[2];
        assert!(seg.previous_source.is_none() && seg.source_change.is_none());
        assert_eq!(seg.state, SegmentState::Done);
    }

    #[test]
    fn new_paragraphs_arrive_empty_and_removed_ones_are_listed() {
        let (_dir, mut desk, id) = translated();
        // An editor's own paragraph after the second one travels with it.
        desk.segment(
            id,
            None,
            &crate::SegmentOp::Insert {
                no: 3,
                text: "Editor's note.".into(),
            },
            &editor(),
            t(2),
        )
        .unwrap();
        let lines: Vec<&str> = NTREX_02.lines().collect();
        let text = format!(
            "{}\n{}\n{}\nفقرة جديدة تماما عن عمليات الإنقاذ في المدينة.",
            lines[0], lines[2], lines[3]
        );
        let update = desk
            .update_source(id, &article(&text), &editor(), t(3))
            .unwrap();
        assert_eq!(update.removed.len(), 1);
        assert_eq!(update.removed[0].no, 1);
        assert_eq!(update.removed[0].source, lines[1]);
        assert_eq!(
            update.removed[0].target,
            NTREX_02_EN.lines().nth(1).unwrap()
        );
        assert_eq!(update.added, vec![4]);
        assert_eq!(update.unchanged, 2);
        let segs = desk.segments(id).unwrap();
        let shown: Vec<(&str, &str)> = segs
            .iter()
            .map(|s| (s.source.as_str(), s.state.as_str()))
            .collect();
        assert_eq!(
            shown,
            vec![
                (lines[2], "done"),
                ("", "done"),
                (lines[3], "done"),
                ("فقرة جديدة تماما عن عمليات الإنقاذ في المدينة.", "empty"),
            ]
        );
        assert_eq!(segs[1].target, "Editor's note.");
        // The removed paragraph's unit left the memory with it.
        let units: i64 = desk
            .conn
            .query_row(
                "SELECT COUNT(*) FROM memory_unit WHERE source = ?1",
                [lines[1]],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(units, 0);
    }

    #[test]
    fn a_published_story_takes_an_update_only_as_an_editors_correction() {
        let (_dir, mut desk, id) = translated();
        desk.move_to(id, None, Status::Translated, None, &translator(), t(2))
            .unwrap();
        edit_and_verify(
            &mut desk,
            id,
            "Indonesia tsunami toll rises to 832",
            "The toll rose on Sunday.",
        );
        desk.move_to(id, None, Status::Published, None, &editor(), t(6))
            .unwrap();

        let version = desk.story(id).unwrap().version;
        let err = desk
            .update_source(id, &article(&revised()), &translator(), t(7))
            .unwrap_err();
        assert_eq!(err.code(), "forbidden");
        assert_eq!(desk.story(id).unwrap().version, version, "nothing written");

        let update = desk
            .update_source(id, &article(&revised()), &editor(), t(8))
            .unwrap();
        assert!(update.correction);
        let story = desk.story(id).unwrap();
        assert_eq!(story.status, Status::Edited);
        let last = story.history.last().unwrap();
        assert_eq!(
            (last.from.as_deref(), last.to.as_deref()),
            (Some("published"), Some("edited"))
        );
        assert!(last
            .note
            .as_deref()
            .unwrap()
            .starts_with("The source article was updated: source changed in segment 3"));
    }

    #[test]
    fn the_same_article_or_another_storys_is_refused() {
        let (_dir, mut desk, id) = translated();
        let err = desk
            .update_source(id, &article(NTREX_02), &translator(), t(2))
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        let other = desk
            .import(
                &[ingest::parse_text("x", Format::Plain, "Other\nText.").unwrap()],
                None,
                t(3),
            )
            .unwrap()[0]
            .as_ref()
            .unwrap()
            .id;
        let err = desk
            .update_source(
                id,
                &ingest::parse_text("x", Format::Plain, "Other\nText.").unwrap(),
                &translator(),
                t(4),
            )
            .unwrap_err();
        assert!(err.to_string().contains(&format!("story {other}")), "{err}");
    }
}
