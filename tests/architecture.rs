//! ARCHITECTURE.md stays true: every file it names by path or name exists in the
//! repository, so a module renamed or removed fails here until the map is
//! updated. (What the invariants say is held by the tests each one names.)

use std::path::PathBuf;

use dragoman_e2e::{files_below, repo_root};

const SKIPPED: &[&str] = &["node_modules", "target", ".git", "dist", "gen", "artifacts"];

/// Backticked names in `text` that look like files: a known ending, no spaces.
fn named_files(text: &str) -> Vec<&str> {
    const ENDINGS: &[&str] = &[
        ".rs", ".ts", ".svelte", ".sql", ".sh", ".py", ".js", ".toml", ".json", ".css", ".html",
    ];
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|t| !t.contains(' ') && ENDINGS.iter().any(|e| t.ends_with(e)))
        .collect()
}

fn exists(name: &str, all: &[String]) -> bool {
    if name.contains('*') {
        // A pattern such as crates/core/tests/export_*.rs: its parts in order.
        let (head, tail) = name.split_once('*').unwrap();
        return all
            .iter()
            .any(|f| f.contains(&format!("/{head}")) && f.ends_with(tail));
    }
    all.iter().any(|f| f.ends_with(&format!("/{name}")))
}

#[test]
fn every_file_the_architecture_names_exists() {
    let root: PathBuf = repo_root();
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    // Paths from the root, each with a leading slash, so a name matches whole.
    let all: Vec<String> = files_below(&root, SKIPPED)
        .iter()
        .filter_map(|f| f.strip_prefix(&root).ok())
        .map(|f| format!("/{}", f.to_string_lossy()))
        .collect();
    let named = named_files(&text);
    assert!(named.len() > 50, "found only {} names", named.len());
    let missing: Vec<&str> = named.into_iter().filter(|n| !exists(n, &all)).collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names files that do not exist; update it:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_check_sees_a_missing_file() {
    let all = vec!["/crates/core/src/desk.rs".to_string()];
    assert!(exists("desk.rs", &all));
    assert!(exists("core/src/desk.rs", &all));
    assert!(!exists("desk_old.rs", &all));
    assert!(!exists("sk.rs", &all));
    assert_eq!(
        named_files("a `desk.rs` and `Desk::open` and `x y.rs`"),
        ["desk.rs"]
    );
}
