//! What the end-to-end suites share: finding the `dragoman` binary and the shared
//! corpus, running commands against a store in a temporary folder, and taking a
//! snapshot of a store to prove a refusal changed nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The repository's root (this package lives in `tests/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The `dragoman` binary: `DRAGOMAN_BIN`, or the workspace's debug build, which
/// `make test` builds before the suites run.
pub fn dragoman_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("DRAGOMAN_BIN") {
        return PathBuf::from(bin);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"));
    let bin = target.join("debug").join("dragoman");
    assert!(
        bin.exists(),
        "{} is missing: build it first with `cargo build -p dragoman-cli` (make test does), or set DRAGOMAN_BIN",
        bin.display()
    );
    bin
}

/// Every file below `dir`, recursively, leaving out folders named in `skip` and
/// hidden ones (`.git`): for the suites that check the repository's own files.
pub fn files_below(dir: &Path, skip: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !skip.contains(&name.as_str()) && !name.starts_with('.') {
                    folders.push(path);
                }
            } else {
                found.push(path);
            }
        }
    }
    found
}

/// The repository's test fixtures (`tests/fixtures/`, with their licences), or a
/// clear failure saying they are missing.
pub fn corpus_dir() -> PathBuf {
    let dir = repo_root().join("tests").join("fixtures");
    assert!(
        dir.is_dir(),
        "the test fixtures are missing: expected them at {}",
        dir.display()
    );
    dir
}

/// A store in a temporary folder and a way to run `dragoman` against it.
pub struct Desk {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Default for Desk {
    fn default() -> Self {
        Self::new()
    }
}

impl Desk {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = dir.path().join("desk.db");
        Desk { dir, db }
    }

    /// Runs `dragoman --db STORE ARGS...`, with HOME pointing into the temporary
    /// folder so nothing of the user's is read or written.
    pub fn run<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        Command::new(dragoman_bin())
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env("HOME", self.dir.path())
            .env_remove("DRAGOMAN_DB")
            .output()
            .expect("dragoman runs")
    }

    /// Runs with `--json` and returns the arguments (for failure messages) and the output.
    fn run_json<I, S>(&self, args: I) -> (Vec<std::ffi::OsString>, Output)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let args: Vec<std::ffi::OsString> = args
            .into_iter()
            .map(|a| a.as_ref().to_os_string())
            .collect();
        let out = self.run(std::iter::once("--json".into()).chain(args.iter().cloned()));
        (args, out)
    }

    /// Runs with `--json`, expects success, and parses stdout.
    pub fn json<I, S>(&self, args: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let (args, out) = self.run_json(args);
        assert!(
            out.status.success(),
            "dragoman {:?} failed: {}",
            args,
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "dragoman {args:?} printed no JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }

    /// Runs with `--json`, expects a refusal, and returns its `{code, message}`.
    pub fn refused<I, S>(&self, args: I) -> (String, String)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let (args, out) = self.run_json(args);
        assert!(
            !out.status.success(),
            "dragoman {args:?} should have been refused"
        );
        let err: Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
            panic!(
                "stderr is not {{code, message}} ({e}): {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (
            err["code"].as_str().expect("code").to_string(),
            err["message"].as_str().expect("message").to_string(),
        )
    }

    /// Every row of every table, as text: equal snapshots mean an unchanged store.
    pub fn snapshot(&self) -> String {
        snapshot(&self.db)
    }
}

/// Every row of every table of the store at `db`, as text (the search index's
/// shadow tables are left out: they follow the story rows).
pub fn snapshot(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("store opens");
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts_%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map(|cells| cells.join(" | "))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.push_str(&format!("== {table}\n{}\n", rows.join("\n")));
    }
    out
}
