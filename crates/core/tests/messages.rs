//! Core speaks no shell's language: no message of core names a command-line flag
//! (`--note`) or a command (`dragoman correct`). Each shell phrases its own hint
//! from the error's code and fields (the CLI in `output.rs`, the window in
//! `src-tauri/src/error.rs`). This scans every string literal of core's code
//! outside its tests, so a message added anywhere is held to it.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs")
            && !path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .ends_with("tests.rs")
        {
            into.push(path);
        }
    }
}

/// The string literals of a line of code (not of a comment).
fn literals(line: &str) -> Vec<&str> {
    let code = line.trim_start();
    if code.starts_with("//") {
        return vec![];
    }
    line.split('"').skip(1).step_by(2).collect()
}

fn shell_words(text: &str) -> Option<&'static str> {
    let flag = text
        .match_indices("--")
        .any(|(i, _)| text[i + 2..].starts_with(|c: char| c.is_ascii_lowercase()));
    if flag {
        return Some("a command-line flag");
    }
    if text.contains("dragoman ") || text.contains("`dragoman") {
        return Some("a command");
    }
    None
}

#[test]
fn no_core_message_names_a_flag_or_a_command() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(files.len() > 20, "{} files", files.len());
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // Unit tests sit at the end of a file, after this line.
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (n, line) in code.lines().enumerate() {
            for literal in literals(line) {
                if let Some(what) = shell_words(literal) {
                    found.push(format!(
                        "{}:{}: {what}: {literal:?}",
                        file.strip_prefix(&root).unwrap().display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "core messages must not speak a shell's language; phrase the hint in the shell:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_flags_and_commands() {
    assert!(shell_words("a note saying why (--note)").is_some());
    assert!(shell_words("see `dragoman edit --help`").is_some());
    assert!(shell_words("run dragoman list").is_some());
    assert!(shell_words("a page -- with a dash").is_none());
    assert!(shell_words("<!---->").is_none());
    assert_eq!(literals(r#"    // "dragoman list""#), Vec::<&str>::new());
    assert_eq!(literals(r#"f("a", b, "c")"#), vec!["a", "c"]);
}
