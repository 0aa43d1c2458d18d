//! How the command behaves as a Unix tool: a reader that stops early is not a
//! crash, and a script that asked for `--json` gets JSON on stderr even when the
//! arguments themselves are wrong.

use std::process::{Command, Stdio};

use dragoman_e2e::{dragoman_bin, Desk};

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let desk = Desk::new();
    // A story long enough that `show` fills the pipe's buffer many times over.
    let file = desk.dir.path().join("long.txt");
    let body: String = (0..3000)
        .map(|i| format!("Paragraph {i} of a long wire story, with some words.\n"))
        .collect();
    std::fs::write(&file, format!("Headline\n{body}")).unwrap();
    desk.json(["import".as_ref(), file.as_os_str()]);

    let mut child = Command::new(dragoman_bin())
        .args([
            "--db".as_ref(),
            desk.db.as_os_str(),
            "show".as_ref(),
            "1".as_ref(),
        ])
        .env("HOME", desk.dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -1`: read a little, then close the pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}: {stderr}", out.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_mistake_in_the_arguments_is_json_when_json_was_asked_for() {
    let desk = Desk::new();
    for args in [
        &["verify", "1"][..],
        &["show", "abc"],
        &["no-such-command"],
        &["import"],
        &["translate", "3", "1", "text", "--file", "f.txt"],
        &["list", "--status"],
    ] {
        let out = desk.run(std::iter::once("--json").chain(args.iter().copied()));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let err: serde_json::Value = serde_json::from_str(stderr.trim())
            .unwrap_or_else(|e| panic!("{args:?}: stderr is not JSON ({e}): {stderr}"));
        assert_eq!(err["code"], "usage", "{args:?}");
        let message = err["message"].as_str().unwrap();
        assert!(message.contains("--help"), "{args:?}: {message}");
        assert!(!message.starts_with("error:"), "{args:?}: {message}");
    }
    // `--json` after the command counts too; without it, clap's own text stays.
    let out = desk.run(["verify", "1", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(serde_json::from_slice::<serde_json::Value>(&out.stderr).is_ok());
    let out = desk.run(["verify", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error:"));
    // Help is not a mistake.
    let out = desk.run(["--json", "--help"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage:"));
}

#[test]
fn a_search_without_a_word_is_refused_with_what_to_give() {
    let desk = Desk::new();
    desk.json(["init"]);
    for query in ["", "   ", "*", "\"", "(", "-"] {
        let (code, message) = desk.refused(["search", query]);
        assert_eq!(code, "invalid_input", "{query:?}");
        assert!(
            message.contains("at least one word"),
            "{query:?}: {message}"
        );
    }
}
