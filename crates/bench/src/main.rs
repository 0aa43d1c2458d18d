//! `make bench`: Dragoman's real paths against raw rusqlite/FTS5 baselines, measured
//! in the same run on the same generated stories, printed as a table of ratios
//! with each target judged PASS or MISS. It never asserts a timing.
//!
//! For every size the import section builds two stores in a temporary folder:
//! Dragoman's own (through `Desk::import`) and the raw baseline (plain inserts
//! plus one FTS5 rebuild). Every other section then runs on those stores; adding
//! one is a module with a `run` function and one line in `SECTIONS`.

mod export;
mod gen;
mod import;
mod list;
mod measure;
mod memory;
mod raw;
mod save;
mod search;

use std::path::PathBuf;
use std::time::Instant;

use dragoman_core::Desk;
use rusqlite::Connection;
use tempfile::TempDir;

use crate::gen::Generator;
use crate::measure::{Res, Row};

/// A section measures something on the stores the import section built and
/// returns its table rows.
pub type Section = fn(&mut Fixture<'_>) -> Res<Vec<Row>>;

/// The sections that follow the import, in order, by the name `--sections` takes.
/// A new section is its module (`mod export;` above) and one line here.
const SECTIONS: &[(&str, Section)] = &[
    ("search", search::run),
    ("save", save::run),
    ("export", export::run),
    // It moves the stories to a working desk's mix of states.
    ("list", list::run),
    // Last: it adds ten memory units a story to the store.
    ("memory", memory::run),
    // One line per section, in the order they run.
];

/// What a section works on: both stores, filled with `size` generated stories.
/// Generated story `i` (0-based) has id `i + 1` in both stores.
pub struct Fixture<'g> {
    pub size: usize,
    pub quick: bool,
    pub seed: u64,
    pub gen: &'g Generator,
    /// Holds both store files; removed when the fixture is dropped.
    pub dir: TempDir,
    pub desk: Desk,
    /// A plain connection on Dragoman's own file, for baselines that must run
    /// on exactly the same data (the raw queries of the search section; the
    /// save section copies the file through it).
    pub desk_raw: Connection,
    /// The raw baseline store: Dragoman's schema, filled by plain inserts.
    pub raw: Connection,
    /// Generated stories that have an English translation.
    pub translated: Vec<usize>,
}

impl Fixture<'_> {
    /// `full` repetitions, or a handful in a `--quick` run.
    pub fn reps(&self, full: usize, quick: usize) -> usize {
        if self.quick {
            quick
        } else {
            full
        }
    }
}

struct Options {
    sizes: Vec<usize>,
    quick: bool,
    seed: u64,
    corpus: PathBuf,
    sections: Option<Vec<String>>,
    keep: bool,
}

const USAGE: &str = "dragoman-bench [--sizes 10000,100000] [--quick] [--seed N] [--corpus DIR] [--sections search,save]

  --sizes     story counts to generate, each measured on fresh stores (default 10000,100000)
  --quick     a tiny run to check the benchmark works (300 stories unless --sizes says otherwise)
  --seed      the generator's seed (default 20240917)
  --corpus    folder with NTREX *.ar.txt / *.en.txt to take words from
              (default tests/fixtures/ntrex in the repository; built-in word lists if absent)
  --sections  which sections to run after the import (default all)
  --keep      keep the generated stores (their folder is printed) to look into afterwards";

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut sizes = None;
    let mut opts = Options {
        sizes: vec![],
        quick: false,
        seed: 20_240_917,
        corpus: PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/ntrex"
        )),
        sections: None,
        keep: false,
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--sizes" => {
                sizes = Some(
                    value("--sizes")?
                        .split(',')
                        .map(|s| s.trim().replace('_', "").parse::<usize>())
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|e| format!("--sizes takes numbers like 10000,100000: {e}"))?,
                )
            }
            "--quick" => opts.quick = true,
            "--keep" => opts.keep = true,
            "--seed" => {
                opts.seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed takes a number: {e}"))?
            }
            "--corpus" => opts.corpus = PathBuf::from(value("--corpus")?),
            "--sections" => {
                opts.sections = Some(
                    value("--sections")?
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .collect(),
                )
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
        }
    }
    opts.sizes = sizes.unwrap_or(if opts.quick {
        vec![300]
    } else {
        vec![10_000, 100_000]
    });
    if opts.sizes.contains(&0) {
        return Err("--sizes: every size needs at least one story".to_string());
    }
    if let Some(names) = &opts.sections {
        if let Some(bad) = names
            .iter()
            .find(|n| !SECTIONS.iter().any(|(name, _)| name == n))
        {
            let known: Vec<_> = SECTIONS.iter().map(|(name, _)| *name).collect();
            return Err(format!(
                "--sections: no section {bad:?}; there are {}",
                known.join(", ")
            ));
        }
    }
    Ok(opts)
}

fn main() -> std::process::ExitCode {
    let opts = match options() {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("{msg}");
            return std::process::ExitCode::from(2);
        }
    };
    match run(&opts) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(opts: &Options) -> Res<()> {
    let started = Instant::now();
    let gen = Generator::new(opts.seed, &opts.corpus);
    println!(
        "Dragoman benchmarks: Dragoman's real paths against raw rusqlite/FTS5 in the same run."
    );
    println!(
        "SQLite {}, WAL, synchronous=FULL, foreign keys on, {} GiB mmap (both sides); temp dir {}",
        rusqlite::version(),
        dragoman_core::store::MMAP_BYTES >> 30,
        std::env::temp_dir().display()
    );
    println!(
        "seed {}, words from {}, import chunks of {} stories",
        opts.seed,
        gen.word_source,
        import::CHUNK
    );
    println!();
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for &size in &opts.sizes {
        eprintln!("== {size} stories");
        let (mut fixture, import_rows, note) = import::run(size, opts.quick, opts.seed, &gen)?;
        rows.extend(import_rows);
        notes.push(note);
        for (name, section) in SECTIONS {
            if opts
                .sections
                .as_ref()
                .is_some_and(|only| !only.iter().any(|n| n == name))
            {
                continue;
            }
            eprintln!("   {name} …");
            let t = Instant::now();
            rows.extend(section(&mut fixture)?);
            eprintln!("   {name} done in {:.1} s", t.elapsed().as_secs_f64());
        }
        if opts.keep {
            let Fixture { dir, .. } = fixture;
            notes.push(format!("{size} stories kept in {}", dir.keep().display()));
        }
    }
    measure::print_table(&rows);
    println!();
    for note in notes {
        println!("{note}");
    }
    let misses = rows.iter().filter(|r| r.verdict() == "MISS").count();
    let judged = rows.iter().filter(|r| !r.verdict().is_empty()).count();
    println!(
        "{} of {judged} targets met; total run {:.0} s.",
        judged - misses,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
