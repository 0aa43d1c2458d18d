//! Structural changes to a story's segments: split, merge, insert, Read Also,
//! delete and move. Each operation is one method of [`Order`], the story's
//! segments in order inside the change's transaction; the order is written back
//! once, after the operation.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{load_head, Change, Ctx, Saved, SegmentOp};
use crate::error::{Error, Result};
use crate::model::{Actor, SegmentState};
use crate::store::Desk;
use crate::workflow;

impl Desk {
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
            let mut order = Order::read(ctx)?;
            let before = order.ids.clone();
            let detail = match *op {
                SegmentOp::Split { no, at } => order.split(no, at)?,
                SegmentOp::Merge { no } => order.merge(no)?,
                SegmentOp::Insert { no, ref text } => order.insert(no, text)?,
                SegmentOp::ReadAlso { no, related } => order.read_also(no, related)?,
                SegmentOp::Delete { no } => order.delete(no)?,
                SegmentOp::Move { no, to } => order.move_to(no, to)?,
            };
            ctx.renumber(&order.ids)?;
            // The memory mirrors the segments marked done: a segment gone takes
            // its unit with it, and one whose text the operation changed (the
            // halves of a split, a merge, a new paragraph) is recorded again.
            let gone: Vec<i64> = before
                .iter()
                .copied()
                .filter(|id| !order.ids.contains(id))
                .collect();
            crate::memory::forget_segments(ctx.tx, &gone)?;
            let changed = match *op {
                SegmentOp::Split { no, .. } | SegmentOp::Merge { no } => no..no + 2,
                SegmentOp::Insert { no, .. } => no..no + 1,
                _ => 0..0,
            };
            for seg in changed.filter_map(|no| order.ids.get(no.wrapping_sub(1))) {
                crate::memory::record_segment(ctx.tx, *seg, &actor.name, &ctx.at)?;
            }
            Ok(((), Change::text("segment", detail)))
        })
        .map(|(_, saved)| saved)
    }
}

/// One segment's stored text, state and Read Also target.
struct Stored {
    source: String,
    target: String,
    state: SegmentState,
    related: Option<i64>,
}

/// A story's segment ids in order, changed by one operation.
struct Order<'c, 'a> {
    ctx: &'c Ctx<'a>,
    ids: Vec<i64>,
}

impl<'c, 'a> Order<'c, 'a> {
    fn read(ctx: &'c Ctx<'a>) -> Result<Self> {
        Ok(Order {
            ctx,
            ids: ctx.segment_ids()?,
        })
    }

    /// The id of segment `no` (1-based).
    fn at(&self, no: usize) -> Result<i64> {
        self.ids
            .get(no.wrapping_sub(1))
            .copied()
            .ok_or(Error::SegmentNotFound {
                story: self.ctx.id,
                no,
                count: self.ids.len(),
            })
    }

    fn load(&self, seg: i64) -> Result<Stored> {
        Ok(self.ctx.tx.query_row(
            "SELECT source, target, state, related_id FROM segment WHERE id = ?1",
            [seg],
            |r| {
                Ok(Stored {
                    source: r.get(0)?,
                    target: r.get(1)?,
                    state: super::read::parse_col(r, 2)?,
                    related: r.get(3)?,
                })
            },
        )?)
    }

    /// A new segment row; its place in the order is the caller's to give.
    fn create(
        &self,
        source: &str,
        target: &str,
        state: SegmentState,
        related: Option<i64>,
    ) -> Result<i64> {
        // Positions are renumbered after the operation; a new row waits at a
        // place no other row of the story holds (see `Ctx::renumber`).
        self.ctx.tx.execute(
            "INSERT INTO segment (story_id, position, source, target, state, related_id)
             VALUES (?1, (SELECT COALESCE(MIN(position), 1) - 1 FROM segment WHERE story_id = ?1),
                     ?2, ?3, ?4, ?5)",
            params![self.ctx.id, source, target, state.as_str(), related],
        )?;
        Ok(self.ctx.tx.last_insert_rowid())
    }

    fn split(&mut self, no: usize, at: usize) -> Result<String> {
        let seg = self.at(no)?;
        let Stored {
            source,
            target,
            related,
            ..
        } = self.load(seg)?;
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
            self.ctx.tx.execute(
                "UPDATE segment SET source = ?1, state = ?2 WHERE id = ?3",
                params![first, state.as_str(), seg],
            )?;
            self.create(second, "", SegmentState::Empty, None)?
        } else {
            self.ctx.tx.execute(
                "UPDATE segment SET target = ?1 WHERE id = ?2",
                params![first, seg],
            )?;
            self.ctx.revision("segment", Some(seg), first)?;
            let new = self.create("", second, SegmentState::Done, None)?;
            self.ctx.revision("segment", Some(new), second)?;
            new
        };
        self.ids.insert(no, new);
        Ok(format!("split segment {no} at {at}"))
    }

    fn merge(&mut self, no: usize) -> Result<String> {
        let first = self.at(no)?;
        let second = self.at(no + 1).map_err(|_| {
            Error::invalid(format!(
                "segment {no} is the last one; merge joins a segment with the next"
            ))
        })?;
        let (a, b) = (self.load(first)?, self.load(second)?);
        if a.related.is_some() || b.related.is_some() {
            return Err(Error::invalid(
                "a Read Also line cannot be merged; delete or move it instead",
            ));
        }
        let join = |x: &str, y: &str| {
            [x.trim(), y.trim()]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (source, target) = (join(&a.source, &b.source), join(&a.target, &b.target));
        let state = match (a.state, b.state) {
            _ if target.is_empty() => SegmentState::Empty,
            (SegmentState::Done, SegmentState::Done) => SegmentState::Done,
            _ => SegmentState::Draft,
        };
        self.ctx.tx.execute(
            "UPDATE segment SET source = ?1, target = ?2, state = ?3 WHERE id = ?4",
            params![source, target, state.as_str(), first],
        )?;
        self.ctx
            .tx
            .execute("DELETE FROM segment WHERE id = ?1", [second])?;
        self.ctx.revision("segment", Some(first), &target)?;
        self.ids.remove(no);
        Ok(format!("merged segments {no} and {}", no + 1))
    }

    fn insert(&mut self, no: usize, text: &str) -> Result<String> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::invalid("an inserted segment needs its text"));
        }
        self.check_new_position(no)?;
        let new = self.create("", text, SegmentState::Done, None)?;
        self.ctx.revision("segment", Some(new), text)?;
        self.ids.insert(no - 1, new);
        Ok(format!("inserted segment {no}"))
    }

    fn read_also(&mut self, no: usize, related: i64) -> Result<String> {
        if related == self.ctx.id {
            return Err(Error::invalid("a story cannot tell readers to read itself"));
        }
        load_head(self.ctx.tx, related)?;
        self.check_new_position(no)?;
        let new = self.create("", "", SegmentState::Done, Some(related))?;
        self.ids.insert(no - 1, new);
        self.ctx.tx.execute(
            "INSERT OR IGNORE INTO related_story (story_id, related_id, position)
             VALUES (?1, ?2, (SELECT COUNT(*) FROM related_story WHERE story_id = ?1))",
            params![self.ctx.id, related],
        )?;
        Ok(format!(
            "inserted Read Also to story {related} as segment {no}"
        ))
    }

    fn delete(&mut self, no: usize) -> Result<String> {
        let seg = self.at(no)?;
        self.ctx
            .tx
            .execute("DELETE FROM segment WHERE id = ?1", [seg])?;
        self.ids.remove(no - 1);
        Ok(format!("deleted segment {no}"))
    }

    fn move_to(&mut self, no: usize, to: usize) -> Result<String> {
        let seg = self.at(no)?;
        self.at(to)?;
        self.ids.remove(no - 1);
        self.ids.insert(to - 1, seg);
        Ok(format!("moved segment {no} to {to}"))
    }

    fn check_new_position(&self, no: usize) -> Result<()> {
        let count = self.ids.len();
        if no == 0 || no > count + 1 {
            return Err(Error::invalid(format!(
                "a new segment can be number 1 to {} (one past the last)",
                count + 1
            )));
        }
        Ok(())
    }
}
