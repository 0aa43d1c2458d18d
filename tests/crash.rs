//! Crash safety: a process saving revisions is killed with SIGKILL at random
//! moments, again and again. Afterwards the store passes `PRAGMA integrity_check`
//! and holds every save the process had reported as done.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use dragoman_e2e::Desk;

const KILLS: u64 = 60;

/// A small deterministic generator, so a failing run can be repeated.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn killed_mid_save_loses_nothing_reported() {
    let desk = Desk::new();
    let file = desk.dir.path().join("story.txt");
    std::fs::write(
        &file,
        "عنوان\nالفقرة الأولى.\nالفقرة الثانية.\nالفقرة الثالثة.\n",
    )
    .unwrap();
    let id = desk.json(["import".as_ref(), file.as_os_str()])[0]["id"]
        .as_i64()
        .unwrap();

    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut reported: Vec<u64> = Vec::new();
    let mut interrupted_runs = 0;
    for run in 0..KILLS {
        let first = run * 1_000_000;
        let mut child = Command::new(env!("CARGO_BIN_EXE_save-loop"))
            .args([
                desk.db.as_os_str(),
                id.to_string().as_ref(),
                first.to_string().as_ref(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("save-loop starts");
        // Killed after a random number of its own reported saves, read as they
        // come: the kill lands while it is saving, whatever the machine's speed.
        let wanted = 1 + (rng.next() % 40) as usize;
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut saves: Vec<u64> = Vec::new();
        while saves.len() < wanted {
            let Some(Ok(line)) = lines.next() else { break };
            if let Some(n) = line.strip_prefix("saved ").and_then(|n| n.parse().ok()) {
                saves.push(n);
            }
        }
        // Child::kill is SIGKILL on Unix: no destructor, no flush, no rollback runs.
        child.kill().expect("kill");
        let status = child.wait().unwrap();
        // What it printed before the kill landed was reported too.
        saves.extend(
            lines
                .map_while(Result::ok)
                .filter_map(|l| l.strip_prefix("saved ").and_then(|n| n.parse::<u64>().ok())),
        );
        let stderr = std::io::read_to_string(child.stderr.take().unwrap()).unwrap();
        assert!(
            stderr.is_empty(),
            "save-loop failed on its own in run {run}: {stderr}"
        );
        assert!(!status.success());
        if !saves.is_empty() {
            interrupted_runs += 1;
        }
        reported.extend(saves);
    }
    assert!(
        interrupted_runs >= 50,
        "only {interrupted_runs} runs were killed while saving"
    );
    assert!(
        reported.len() > 500,
        "only {} saves reported",
        reported.len()
    );

    let conn = rusqlite::Connection::open(&desk.db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let mut stmt = conn
        .prepare("SELECT 1 FROM revision WHERE story_id = ?1 AND body = ?2")
        .unwrap();
    let lost: Vec<u64> = reported
        .iter()
        .copied()
        .filter(|n| {
            !stmt
                .exists(rusqlite::params![id, format!("save {n}")])
                .unwrap()
        })
        .collect();
    assert!(
        lost.is_empty(),
        "{} reported saves are missing, e.g. {:?}",
        lost.len(),
        &lost[..lost.len().min(5)]
    );

    // History and versions agree: one history row per change, whatever was cut off.
    let story = desk.json(["show", &id.to_string()]);
    assert_eq!(
        story["version"].as_u64().unwrap(),
        story["history"].as_array().unwrap().len() as u64
    );
    // The saves mark the story for the index in their own transaction; the
    // first search after the crash brings the index up to date from that mark.
    let hits = desk.json(["search", "save"]);
    assert_eq!(
        hits.as_array().unwrap().len(),
        1,
        "the story is found by its saved text: {hits}"
    );
    for segment in story["segments"].as_array().unwrap() {
        let text = segment["target"].as_str().unwrap();
        let hits = desk.json(["search", &format!("{text} ")]);
        assert_eq!(
            hits.as_array().unwrap().len(),
            1,
            "the segment's last saved text {text:?} is searchable: {hits}"
        );
    }
}
