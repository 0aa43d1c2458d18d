//! How the command behaves as a Unix tool: a reader that stops early is not a crash.

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
