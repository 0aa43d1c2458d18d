//! No test, benchmark or script reads outside the repository: a fresh clone with
//! nothing beside it must pass `make test`. Every fixture lives in
//! `tests/fixtures/`, and this suite fails on any source that reaches for the
//! folder our own checkout happens to have beside it.

use std::path::{Path, PathBuf};

use dragoman_e2e::{files_below, repo_root};

/// Ways a source file has reached outside the repository for test data. Spelled
/// in pieces so that this file does not match itself.
fn outside_references() -> Vec<String> {
    let shared = ["sha", "red"].concat();
    vec![
        format!("../{shared}"),
        format!("{shared}/corpus"),
        format!("{shared}/seed"),
        format!("\"{shared}\""),
        format!("'{shared}'"),
        ["ROOT", ".parent"].concat(),
    ]
}

const SCANNED: &[&str] = &[
    "crates",
    "src-tauri",
    "tests",
    "scripts",
    "ui/src",
    "ui/tests",
];
const SKIPPED: &[&str] = &["node_modules", "target", "fixtures", "dist", "gen"];
const TEXT: &[&str] = &[
    "rs", "js", "ts", "svelte", "py", "sh", "toml", "json", "mjs",
];

/// The sources the check reads: text files of the kinds above.
fn sources(dir: &Path) -> Vec<PathBuf> {
    files_below(dir, SKIPPED)
        .into_iter()
        .filter(|p| {
            p.extension()
                .is_some_and(|e| TEXT.contains(&e.to_string_lossy().as_ref()))
        })
        .collect()
}

#[test]
fn no_source_reads_outside_the_repository() {
    let root = repo_root();
    let mut files = Vec::new();
    for dir in SCANNED {
        files.extend(sources(&root.join(dir)));
    }
    files.push(root.join("Makefile"));
    assert!(files.len() > 50, "found only {} sources", files.len());
    let patterns = outside_references();
    let mut found = Vec::new();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if let Some(p) = patterns.iter().find(|p| line.contains(p.as_str())) {
                found.push(format!(
                    "{}:{}: {p}",
                    file.strip_prefix(&root).unwrap_or(file).display(),
                    n + 1
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "these read outside the repository; copy the data into tests/fixtures/ instead:\n{}",
        found.join("\n")
    );
}

#[test]
fn every_fixture_folder_says_where_it_comes_from() {
    let fixtures = repo_root().join("tests/fixtures");
    let readme = std::fs::read_to_string(fixtures.join("README.md")).unwrap();
    for entry in std::fs::read_dir(&fixtures).unwrap().flatten() {
        if entry.path().is_dir() {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                readme.contains(&format!("`{name}/")),
                "tests/fixtures/README.md does not say where {name}/ comes from or its licence"
            );
        }
    }
    for licence in ["CC BY-SA 4.0", "MIT"] {
        assert!(readme.contains(licence), "{licence}");
    }
}
