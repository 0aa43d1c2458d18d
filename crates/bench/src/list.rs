//! The desk list under a filter: a page of stories with one status, one
//! verification or both, from the top and from deep in the list, as the window
//! asks for them while scrolling (keyset paging: "after this row").
//!
//! The raw baseline is the list as it was before migration 0007: one walk of
//! `story_updated` filtered on the way (`?1 IS NULL OR status = ?1`), paged
//! with OFFSET, run on the same file. The target is absolute: a page in at most
//! 5 ms at 100,000 stories, whatever the filter and however deep.

use dragoman_core::{ListKey, Status, StoryFilter, Verification};

use crate::gen::Rng;
use crate::measure::{best_of, Res, Row, Samples, Target};
use crate::Fixture;

const PAGE: usize = 100;

const OLD_LIST: &str =
    "SELECT id, slug, status, verification, headline, source_headline, source_name,
            source_language, translator, updated_at, version
     FROM story
     WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR verification = ?2)
     ORDER BY updated_at DESC, id DESC LIMIT ?3 OFFSET ?4";

/// One page asked for: a filter, and how many rows of it lie before the page.
struct Ask {
    status: Option<Status>,
    verification: Option<Verification>,
    depth: usize,
    /// The last row before the page, for the keyset.
    after: Option<ListKey>,
}

pub fn run(f: &mut Fixture<'_>) -> Res<Vec<Row>> {
    // Imported stories are all drafts and unreviewed. A desk that has worked a
    // while has most stories published and verified, a few in each other
    // state: the rare states are the ones the old walk crossed the whole desk for.
    f.desk_raw.execute_batch(
        "UPDATE story SET status = CASE
             WHEN id % 50 = 0 THEN 'translated'
             WHEN id % 50 = 1 THEN 'edited'
             WHEN id % 10 = 2 THEN 'draft'
             ELSE 'published' END,
           verification = CASE
             WHEN id % 40 = 3 THEN 'not_verified'
             WHEN id % 5 = 4 THEN 'unreviewed'
             ELSE 'verified' END",
    )?;
    let filters = [
        (Some(Status::Translated), None),
        (Some(Status::Published), None),
        (None, Some(Verification::NotVerified)),
        (Some(Status::Edited), Some(Verification::Verified)),
        (None, None),
    ];
    let mut rng = Rng::new(f.seed ^ 0x1157);
    let mut asks = Vec::new();
    for (status, verification) in filters {
        let filter = StoryFilter {
            status,
            verification,
            ..Default::default()
        };
        let total = f.desk.count(&filter)?;
        for _ in 0..f.reps(40, 4) {
            // Half the pages from the top, half from anywhere in the list.
            let depth = if asks.len() % 2 == 0 || total <= PAGE {
                0
            } else {
                rng.below(total - PAGE) / PAGE * PAGE
            };
            let after = if depth == 0 {
                None
            } else {
                let before = f.desk.list(&StoryFilter {
                    limit: Some(1),
                    offset: depth - 1,
                    ..filter.clone()
                })?;
                before.first().map(|s| ListKey {
                    updated_at: s.updated_at.clone(),
                    id: s.id,
                })
            };
            asks.push(Ask {
                status,
                verification,
                depth,
                after,
            });
        }
    }
    let mut old = f.desk_raw.prepare(OLD_LIST)?;
    let desk = &f.desk;
    let (ours, raw): (Samples, Samples) = best_of(
        f.reps(3, 1),
        asks.len(),
        |i| {
            let a = &asks[i];
            let page = desk.list(&StoryFilter {
                status: a.status,
                verification: a.verification,
                limit: Some(PAGE),
                offset: 0,
                after: a.after.clone(),
                ..Default::default()
            })?;
            std::hint::black_box(page);
            Ok(())
        },
        |i| {
            let a = &asks[i];
            let n = old
                .query_map(
                    rusqlite::params![
                        a.status.map(Status::as_str),
                        a.verification.map(Verification::as_str),
                        PAGE as i64,
                        a.depth as i64
                    ],
                    |r| r.get::<_, i64>(0),
                )?
                .count();
            std::hint::black_box(n);
            Ok(())
        },
    )?;
    let [p50, p95] = Row::latencies(f.size, "list", "filtered page", &ours, &raw);
    let p95 = if f.size >= 100_000 {
        p95.target(Target::MillisAtMost(5.0))
    } else {
        p95
    };
    Ok(vec![p50, p95])
}
