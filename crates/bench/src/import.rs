//! Import: `Desk::import` in chunks, as the command does with a batch of files,
//! against plain inserts of the same rows plus one FTS5 rebuild. It also builds
//! the stores every later section runs on.

use std::time::{Duration, Instant};

use chrono::{SecondsFormat, Utc};
use dragoman_core::ingest::Intake;
use dragoman_core::{text, Desk};
use rusqlite::{params, Connection};

use crate::gen::{Generator, Translation};
use crate::measure::{Res, Row, Target, Value};
use crate::raw::{self, RawStory};
use crate::Fixture;

/// Stories per `Desk::import` call (and per baseline transaction).
pub const CHUNK: usize = 1000;

/// Imports `size` generated stories into both stores and returns them with the
/// import rows and a line describing the stores.
pub fn run(
    size: usize,
    quick: bool,
    seed: u64,
    gen: &Generator,
) -> Res<(Fixture<'_>, Vec<Row>, String)> {
    let dir = tempfile::Builder::new()
        .prefix("dragoman-bench-")
        .tempdir()?;
    let desk_path = dir.path().join("dragoman.db");
    let raw_path = dir.path().join("raw.db");
    let mut desk = Desk::open(&desk_path)?;
    let mut raw = raw::create(&raw_path)?;
    let (mut ours, mut base) = (Duration::ZERO, Duration::ZERO);
    let mut translations: Vec<(i64, Translation)> = Vec::new();
    let mut segments = 0usize;
    let chunks = size.div_ceil(CHUNK);
    for k in 0..chunks {
        let start = k * CHUNK;
        let end = (start + CHUNK).min(size);
        let stories: Vec<_> = (start..end).map(|i| gen.story(i)).collect();
        let intakes: Vec<Intake> = stories.iter().map(|s| s.intake.clone()).collect();
        let rows: Vec<RawStory<'_>> = intakes
            .iter()
            .enumerate()
            .map(|(j, intake)| RawStory {
                id: (start + j + 1) as i64,
                hash: intake.content_hash(),
                intake,
            })
            .collect();
        segments += intakes.iter().map(|i| i.paragraphs.len()).sum::<usize>();
        let mut run_ours = || -> Res<Duration> {
            let now = Utc::now();
            let t = Instant::now();
            let outcomes = desk.import(&intakes, None, now)?;
            let took = t.elapsed();
            for (j, outcome) in outcomes.into_iter().enumerate() {
                let outcome = outcome?;
                let expected = (start + j + 1) as i64;
                if !outcome.created || outcome.id != expected {
                    return Err(format!(
                        "generated story {expected} came back as {outcome:?}; the stores would not match"
                    )
                    .into());
                }
            }
            Ok(took)
        };
        let mut run_raw = || -> Res<Duration> {
            let at = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
            let t = Instant::now();
            raw::insert_chunk(&mut raw, &rows, &at)?;
            Ok(t.elapsed())
        };
        // Alternate which side goes first, so neither always inherits a warm
        // page cache or a WAL the other one grew.
        if k % 2 == 0 {
            ours += run_ours()?;
            base += run_raw()?;
        } else {
            base += run_raw()?;
            ours += run_ours()?;
        }
        for (j, s) in stories.into_iter().enumerate() {
            if let Some(t) = s.translation {
                translations.push(((start + j + 1) as i64, t));
            }
        }
        if (k + 1) % 10 == 0 || k + 1 == chunks {
            eprintln!(
                "   import {end}/{size}: dragoman {:.1} s, raw {:.1} s",
                ours.as_secs_f64(),
                base.as_secs_f64()
            );
        }
    }
    let t = Instant::now();
    raw::rebuild_index(&mut raw)?;
    let rebuild = t.elapsed();
    base += rebuild;

    let rate = |d: Duration| size as f64 / d.as_secs_f64();
    let rows = vec![Row::new(
        size,
        "import",
        format!("stories/s ({CHUNK} a call)"),
        Value::Rate(rate(ours)),
        Some(Value::Rate(rate(base))),
    )
    .target(Target::RatioAtLeast(0.7))];

    // Translations arrive one segment at a time through `Desk::translate` (the
    // save section measures that path); putting a third of the stories through
    // it here would take hours of fsyncs. The fixture writes the same English into
    // both stores with one statement per row instead, untimed, and refreshes each
    // store's index row with the folded text, as `Desk` would.
    let desk_raw = raw::connect(&desk_path)?;
    write_translations(&desk_raw, &translations)?;
    write_translations(&raw, &translations)?;

    let mb = |p: &std::path::Path| {
        let wal = p.with_extension("db-wal");
        let bytes = std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
            + std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0);
        bytes as f64 / 1e6
    };
    let note = format!(
        "{size} stories: {segments} segments, {} translated; dragoman.db {:.0} MB, raw.db {:.0} MB; \
         raw time includes its FTS5 rebuild ({:.1} s)",
        translations.len(),
        mb(&desk_path),
        mb(&raw_path),
        rebuild.as_secs_f64()
    );
    let translated = translations
        .iter()
        .map(|(id, _)| *id as usize - 1)
        .collect();
    Ok((
        Fixture {
            size,
            quick,
            seed,
            gen,
            dir,
            desk,
            desk_raw,
            raw,
            translated,
        },
        rows,
        note,
    ))
}

fn write_translations(conn: &Connection, translations: &[(i64, Translation)]) -> Res<()> {
    let fold = text::fold_for_search;
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let mut headline = conn.prepare("UPDATE story SET headline = ?1 WHERE id = ?2")?;
    let mut segment = conn.prepare(
        "UPDATE segment SET target = ?1, state = 'done' WHERE story_id = ?2 AND position = ?3",
    )?;
    let mut index =
        conn.prepare("UPDATE story_fts SET headline = ?1, translation = ?2 WHERE rowid = ?3")?;
    for (id, t) in translations {
        headline.execute(params![t.headline, id])?;
        for (i, s) in t.segments.iter().enumerate() {
            segment.execute(params![s, id, i as i64 + 1])?;
        }
        index.execute(params![fold(&t.headline), fold(&t.segments.join("\n")), id])?;
    }
    conn.execute_batch("COMMIT")?;
    Ok(())
}
