//! Translation memory: ten units for every story of the size (100,000 and
//! 1,000,000 at the default sizes), generated from the corpus words and brought
//! in through `dragoman tm import`'s path (`Desk::tmx_import`).
//!
//! - TMX import: units per second against `quick-xml` reading the same file and
//!   nothing else (target ≥ 0.5×).
//! - Lookup: `Desk::memory_lookup` against a full scan that tokenizes and scores
//!   every unit for each row, as OmegaT does (its memory held in memory, so the
//!   scan reads no disk), with the same scoring (`memory::similarity`). Targets at
//!   1M units: p95 ≤ 30 ms and ≥ 50× faster than the scan; and the index must find
//!   ≥ 99% of the units the scan scores ≥ 70%.
//!
//! Half the rows are units with a word or two changed, as a translator's next
//! paragraph resembles an earlier one; half are new sentences.

use std::collections::HashSet;
use std::io::Write;
use std::time::Instant;

use chrono::Utc;
use dragoman_core::memory::{similarity, Lookup, TmxLanguages};

use crate::gen::Rng;
use crate::measure::{alternate, Res, Row, Target, Value};
use crate::Fixture;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn sentence(words: &crate::gen::Vocabulary, rng: &mut Rng) -> Vec<String> {
    let n = rng.between(6, 20);
    (0..n).map(|_| words.sample(rng).to_string()).collect()
}

pub fn run(f: &mut Fixture<'_>) -> Res<Vec<Row>> {
    let units = if f.quick { 2_000 } else { f.size * 10 };
    let mut rng = Rng::new(f.seed ^ 0x7E11);
    let path = f.dir.path().join("memory.tmx");
    let mut sources: Vec<Vec<String>> = Vec::with_capacity(units.min(200_000));
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        writeln!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header srclang=\"ar\" segtype=\"paragraph\" datatype=\"plaintext\" adminlang=\"en\" o-tmf=\"bench\" creationtool=\"dragoman-bench\" creationtoolversion=\"1\"/>\n<body>"
        )?;
        for i in 0..units {
            let ar = sentence(&f.gen.arabic, &mut rng);
            let en = sentence(&f.gen.english, &mut rng);
            writeln!(
                out,
                "<tu><tuv xml:lang=\"ar\"><seg>{}</seg></tuv><tuv xml:lang=\"en\"><seg>{}</seg></tuv></tu>",
                escape(&ar.join(" ")),
                escape(&en.join(" "))
            )?;
            // Rows are made from a sample of the units.
            if i % (units / 200).max(1) == 0 {
                sources.push(ar);
            }
        }
        writeln!(out, "</body>\n</tmx>")?;
        out.flush()?;
    }
    let bytes = std::fs::metadata(&path)?.len();

    // The raw read: quick-xml over the same file, every segment's text decoded.
    let started = Instant::now();
    let mut reader =
        quick_xml::Reader::from_reader(std::io::BufReader::new(std::fs::File::open(&path)?));
    let mut buf = Vec::new();
    let mut segs = 0usize;
    loop {
        match reader.read_event_into(&mut buf)? {
            quick_xml::events::Event::Text(t) => {
                segs += usize::from(!t.xml_content()?.trim().is_empty());
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let raw_read = started.elapsed();
    std::hint::black_box(segs);

    let started = Instant::now();
    let done = f
        .desk
        .tmx_import(&path, &TmxLanguages::default(), Utc::now(), &mut |_, _| {})?;
    let import = started.elapsed();
    if done.added != units {
        eprintln!(
            "   note: {} of {units} generated units were added ({} repeated a pair)",
            done.added, done.already
        );
    }
    let mut rows = vec![Row::new(
        units,
        "memory",
        format!("TMX import, units/s ({} MB)", bytes / (1 << 20)),
        Value::Rate(units as f64 / import.as_secs_f64()),
        Some(Value::Rate(units as f64 / raw_read.as_secs_f64())),
    )
    .target(Target::RatioAtLeast(0.5))];

    // The scan's memory: every unit's id and source, read once, untimed.
    let all: Vec<(i64, String)> = f
        .desk_raw
        .prepare("SELECT id, source FROM memory_unit")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;

    // The scan takes seconds a row at a million units: fewer rows there.
    let n = if units >= 1_000_000 {
        16
    } else {
        f.reps(40, 6)
    };
    let queries: Vec<String> = (0..n)
        .map(|i| {
            if i % 2 == 0 {
                let mut words = sources[rng.below(sources.len())].clone();
                let changes = 1 + rng.below(2);
                for _ in 0..changes {
                    let k = rng.below(words.len());
                    words[k] = f.gen.arabic.sample(&mut rng).to_string();
                }
                words.join(" ")
            } else {
                sentence(&f.gen.arabic, &mut rng).join(" ")
            }
        })
        .collect();

    let desk = &f.desk;
    let lookup = Lookup::default();
    let scan = |q: &str| -> Vec<i64> {
        all.iter()
            .filter(|(_, source)| similarity(q, source) >= lookup.min)
            .map(|(id, _)| *id)
            .collect()
    };
    let mut scanned: Vec<Vec<i64>> = vec![Vec::new(); n];
    let (ours, raw) = alternate(
        n,
        |i| {
            std::hint::black_box(desk.memory_lookup(&queries[i], "en", lookup)?);
            Ok(())
        },
        |i| {
            scanned[i] = scan(&queries[i]);
            Ok(())
        },
    )?;
    let [p50, p95] = Row::latencies(units, "memory", "lookup", &ours, &raw);
    let p95 = if units >= 1_000_000 {
        p95.target(Target::MillisAtMost(30.0))
            .target(Target::RatioAtMost(1.0 / 50.0))
    } else {
        p95
    };
    rows.push(p50);
    rows.push(p95);

    // What the index finds of what the scan finds, every match ≥ 70% counted.
    let (mut wanted, mut found) = (0usize, 0usize);
    let everything = Lookup {
        min: lookup.min,
        limit: usize::MAX,
    };
    for (q, scanned) in queries.iter().zip(&scanned) {
        let scanned: HashSet<i64> = scanned.iter().copied().collect();
        let indexed: HashSet<i64> = desk
            .memory_lookup(q, "en", everything)?
            .into_iter()
            .map(|m| m.unit)
            .collect();
        wanted += scanned.len();
        found += scanned.intersection(&indexed).count();
    }
    let recall = if wanted == 0 {
        1.0
    } else {
        found as f64 / wanted as f64
    };
    eprintln!("   memory: the index found {found} of the scan's {wanted} matches ≥ 70%");
    rows.push(
        Row::new(
            units,
            "memory",
            "share of the scan's matches found",
            Value::Share(recall),
            Some(Value::Share(1.0)),
        )
        .target(Target::RatioAtLeast(0.99)),
    );
    Ok(rows)
}
