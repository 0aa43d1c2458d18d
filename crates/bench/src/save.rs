//! Save: `Desk::translate` (one segment with its history row, revision, version
//! bump and search-index mark, in one IMMEDIATE transaction) against the bare
//! `UPDATE segment SET target = ? WHERE id = ?` in its own transaction. Both
//! commit with synchronous=FULL, so both pay an fsync.
//!
//! The bare UPDATE runs on a byte-for-byte copy of Dragoman's file, taken just
//! before the section, through a connection of its own. Each side is then the
//! one writer of its file, as the app's window is of the store. Run on the same
//! file, every save followed the other connection's commit, and SQLite throws
//! away a connection's page cache and memory map whenever another connection
//! has written: each save started cold, and the side reading more pages (ours)
//! paid more for it. No user's save starts that way.

use std::time::Instant;

use chrono::Utc;
use dragoman_core::{Actor, Role};
use rusqlite::Connection;

use crate::gen::Rng;
use crate::measure::{alternate, Res, Row, Target, Value};
use crate::raw;
use crate::Fixture;

/// A segment somewhere on the desk: its story, its 1-based number and its row id.
struct Pick {
    story: i64,
    no: usize,
    segment: i64,
}

fn picks(f: &Fixture<'_>, rng: &mut Rng, n: usize) -> Res<Vec<Pick>> {
    let mut stmt = f
        .desk_raw
        .prepare("SELECT id FROM segment WHERE story_id = ?1 ORDER BY position, id")?;
    (0..n)
        .map(|_| {
            let story = rng.below(f.size) as i64 + 1;
            let ids = stmt
                .query_map([story], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let k = rng.below(ids.len());
            Ok(Pick {
                story,
                no: k + 1,
                segment: ids[k],
            })
        })
        .collect()
}

/// A byte-for-byte copy of Dragoman's file, on disk before the clock starts,
/// with a raw connection of its own.
fn lone_copy(f: &Fixture<'_>) -> Res<Connection> {
    // Everything the WAL holds goes into the file first, so the copy is the
    // whole store and both sides start with an empty WAL.
    let busy: i64 = f
        .desk_raw
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        return Err("the store was busy; its WAL could not be checkpointed before copying".into());
    }
    let from = f.dir.path().join("dragoman.db");
    let to = f.dir.path().join("save-raw.db");
    std::fs::copy(&from, &to)?;
    // Flushed now: otherwise the first fsyncs of the timed saves would also
    // write back the copy's gigabyte of dirty pages.
    std::fs::File::open(&to)?.sync_all()?;
    std::fs::File::open(f.dir.path())?.sync_all()?;
    raw::connect(&to)
}

pub fn run(f: &mut Fixture<'_>) -> Res<Vec<Row>> {
    let n = f.reps(1000, 20);
    let warm = f.reps(20, 2);
    let mut rng = Rng::new(f.seed ^ 0x5A7E);
    // Separate picks for each side, from the same distribution, so neither
    // writes a page the other has just brought into the cache.
    let ours = picks(f, &mut rng, n + warm)?;
    let base = picks(f, &mut rng, n + warm)?;
    let texts: Vec<String> = (0..2 * (n + warm))
        .map(|_| f.gen.english_paragraph(&mut rng))
        .collect();
    let actor = Actor::new("Rana", Role::Translator);
    let mut copy = lone_copy(f)?;
    let desk = &mut f.desk;
    let mut save_ours = |i: usize| -> Res<()> {
        let p = &ours[i];
        desk.translate(p.story, None, p.no, &texts[2 * i], None, &actor, Utc::now())?;
        Ok(())
    };
    let mut save_raw =
        |i: usize| -> Res<()> { raw::save(&mut copy, base[i].segment, &texts[2 * i + 1]) };
    for i in 0..warm {
        save_ours(i)?;
        save_raw(i)?;
    }
    let (o, b) = alternate(n, |i| save_ours(warm + i), |i| save_raw(warm + i))?;
    let mut rows: Vec<Row> = Row::latencies(f.size, "save", "segment", &o, &b)
        .map(|r| r.target(Target::RatioAtMost(2.0)))
        .into();

    // The index rows the saves marked are rewritten by the next search: shown
    // for what that costs once, not judged (it has no raw counterpart).
    let marked = ours
        .iter()
        .map(|p| p.story)
        .collect::<std::collections::HashSet<_>>();
    let started = Instant::now();
    let rewritten = desk.refresh_search()?;
    let took = started.elapsed();
    if rewritten != marked.len() {
        return Err(format!(
            "the saves marked {} stories but the search re-indexed {rewritten}",
            marked.len()
        )
        .into());
    }
    rows.push(Row::new(
        f.size,
        "save",
        format!("next search re-indexes the {rewritten} stories saved"),
        Value::Millis(took.as_secs_f64() * 1000.0),
        None,
    ));
    Ok(rows)
}
