//! The watched inbox end to end: the real `dragoman watch` binary on real folders
//! in temporary directories, with the real file system watcher. Files are written
//! the way browsers, editors and wire feeds write them; afterwards every story on
//! the desk is checked against what was written, and every file must be in
//! `imported/` or `failed/`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dragoman_core::{Desk as Store, StoryFilter};
use dragoman_e2e::{dragoman_bin, Desk};
use serde_json::Value;

/// Settle period for the tests that do not write slowly.
const QUICK: &str = "0.3";
/// How long any one wait may take before the test fails with what it saw.
const PATIENCE: Duration = Duration::from_secs(240);

/// `dragoman --json watch INBOX`, its events read line by line on a thread.
struct Watcher {
    child: Child,
    events: Receiver<Value>,
    stderr: Arc<Mutex<String>>,
}

impl Watcher {
    fn start(desk: &Desk, inbox: &Path, settle: &str) -> Watcher {
        let mut child = Command::new(dragoman_bin())
            .arg("--json")
            .arg("--db")
            .arg(&desk.db)
            .arg("watch")
            .arg(inbox)
            .args(["--settle", settle])
            .env("HOME", desk.dir.path())
            .env_remove("DRAGOMAN_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dragoman watch starts");
        let (tx, events) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let event: Value = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
                if tx.send(event).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            sink.lock().unwrap().push_str(&text);
        });
        let watcher = Watcher {
            child,
            events,
            stderr,
        };
        watcher.until(|e| e["event"] == "watching");
        watcher
    }

    /// Events up to and including the first that matches `done`.
    fn until(&self, done: impl Fn(&Value) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(event) => {
                    let stop = done(&event);
                    seen.push(event);
                    if stop {
                        return seen;
                    }
                }
                Err(e) => panic!(
                    "no matching event ({e:?}); the last of {} events: {:#?}\nstderr: {}",
                    seen.len(),
                    seen.iter().rev().take(5).collect::<Vec<_>>(),
                    self.stderr.lock().unwrap()
                ),
            }
        }
    }

    /// The next `n` file reports.
    fn files(&self, n: usize) -> Vec<Value> {
        let mut files = Vec::with_capacity(n);
        while files.len() < n {
            files.extend(
                self.until(|e| e["event"] == "file")
                    .into_iter()
                    .filter(|e| e["event"] == "file"),
            );
        }
        files
    }

    /// True when no file report comes within `quiet`.
    fn no_more_files(&self, quiet: Duration) -> bool {
        let until = Instant::now() + quiet;
        loop {
            match self
                .events
                .recv_timeout(until.saturating_duration_since(Instant::now()))
            {
                Ok(e) if e["event"] == "file" => return false,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => return true,
                Err(RecvTimeoutError::Disconnected) => panic!("the watcher ended"),
            }
        }
    }

    /// SIGTERM, as a service manager stops it; returns its exit status and the
    /// events it sent meanwhile.
    fn terminate(mut self) -> (ExitStatus, Vec<Value>) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "dragoman watch did not stop within 10 s of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        // The reader thread ends with the pipe; collect what it read.
        let rest = self.events.iter().collect();
        (status, rest)
    }

    /// SIGKILL: no chance to finish anything.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        // A failed test must not leave a watcher running.
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A desk and an empty inbox folder beside it.
fn setup() -> (Desk, PathBuf) {
    let desk = Desk::new();
    let inbox = desk.dir.path().join("Inbox");
    std::fs::create_dir(&inbox).unwrap();
    (desk, inbox)
}

fn names_in(dir: &Path) -> BTreeSet<String> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect(),
        Err(_) => BTreeSet::new(),
    }
}

fn set<const N: usize>(names: [&str; N]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn story_count(desk: &Desk) -> usize {
    Store::open(&desk.db)
        .unwrap()
        .count(&StoryFilter::default())
        .unwrap()
}

fn file_name(report: &Value) -> String {
    Path::new(report["file"].as_str().unwrap())
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// A large test article: `count` paragraphs of about `bytes` each, made of a
/// newsroom's everyday words (as real text is: the full-text index works on
/// repeated words), each paragraph numbered, the last one a marker.
fn big_article(file: usize, count: usize, bytes: usize) -> (String, Vec<String>) {
    const WORDS: &str = "the heads of the security services met in tehran on monday to \
        discuss cooperation against terrorism and the situation in northern syria where \
        fighting continued while officials said talks would resume next week after a round \
        of consultations with regional partners";
    let words: Vec<&str> = WORDS.split_whitespace().collect();
    let mut paragraphs = Vec::with_capacity(count);
    for p in 1..count {
        let mut text = format!("File {file}, paragraph {p}:");
        let mut i = 0;
        while text.len() < bytes {
            text.push(' ');
            text.push_str(words[(i * 7 + p + file) % words.len()]);
            i += 1;
        }
        paragraphs.push(text);
    }
    paragraphs.push(format!("End of file {file}."));
    let body = format!("File {file}\n\n{}\n", paragraphs.join("\n\n"));
    (body, paragraphs)
}

#[test]
fn hundred_large_files_written_in_chunks_are_never_read_truncated() {
    const FILES: usize = 100;
    const PARAGRAPHS: usize = 16;
    const CHUNKS: usize = 8;
    // Each pause is longer than the debouncer's delay (a quarter of the settle
    // period, at most 250 ms), so the watcher hears "created" long before a file
    // is whole, and shorter than the settle period.
    const PAUSE: Duration = Duration::from_millis(500);
    let (desk, inbox) = setup();
    let watcher = Watcher::start(&desk, &inbox, "2");
    let articles: Vec<(String, Vec<String>)> = (0..FILES)
        .map(|n| big_article(n, PARAGRAPHS, 1_000_000usize.div_ceil(PARAGRAPHS - 1)))
        .collect();
    assert!(articles.iter().all(|(body, _)| body.len() >= 1_000_000));
    let mut handles: Vec<std::fs::File> = (0..FILES)
        .map(|n| std::fs::File::create(inbox.join(format!("article-{n:03}.txt"))).unwrap())
        .collect();
    let started = Instant::now();
    for chunk in 0..CHUNKS {
        for ((body, _), file) in articles.iter().zip(&mut handles) {
            let step = body.len().div_ceil(CHUNKS);
            let end = ((chunk + 1) * step).min(body.len());
            file.write_all(&body.as_bytes()[chunk * step..end]).unwrap();
            file.flush().unwrap();
        }
        if chunk + 1 < CHUNKS {
            std::thread::sleep(PAUSE);
        }
    }
    drop(handles);
    let written = started.elapsed();
    let files = watcher.files(FILES);
    let took = started.elapsed();
    let store = Store::open(&desk.db).unwrap();
    for report in &files {
        let name = file_name(report);
        let n: usize = name["article-".len()..][..3].parse().unwrap();
        let (body, paragraphs) = &articles[n];
        assert_eq!(report["outcome"], "imported", "{report}");
        let story = store.story(report["id"].as_i64().unwrap()).unwrap();
        let got: Vec<&str> = story.segments.iter().map(|s| s.source.as_str()).collect();
        assert_eq!(
            got.len(),
            paragraphs.len(),
            "{name}: {} paragraphs imported, {} written; last imported: {:?}",
            got.len(),
            paragraphs.len(),
            got.last().map(|p| &p[p.len().saturating_sub(40)..])
        );
        assert_eq!(got.last().copied(), paragraphs.last().map(String::as_str));
        assert!(got.iter().zip(paragraphs).all(|(a, b)| a == b), "{name}");
        let moved = std::fs::read_to_string(inbox.join("imported").join(&name)).unwrap();
        assert!(moved == *body, "{name} was changed on its way to imported/");
    }
    assert_eq!(story_count(&desk), FILES);
    assert_eq!(names_in(&inbox), set(["imported"]));
    eprintln!(
        "100 × 1 MB: written in {:.1}s, all imported {:.1}s after the first byte",
        written.as_secs_f64(),
        took.as_secs_f64()
    );
}

#[test]
fn thousand_files_dropped_at_once_make_exactly_a_thousand_stories() {
    const FILES: usize = 1000;
    let (desk, inbox) = setup();
    let staging = desk.dir.path().join("staging");
    std::fs::create_dir(&staging).unwrap();
    for n in 0..FILES {
        std::fs::write(
            staging.join(format!("wire-{n:04}.txt")),
            format!("Wire item {n}\nThe body of wire item number {n}.\n"),
        )
        .unwrap();
    }
    let watcher = Watcher::start(&desk, &inbox, QUICK);
    let started = Instant::now();
    for n in 0..FILES {
        let name = format!("wire-{n:04}.txt");
        std::fs::rename(staging.join(&name), inbox.join(&name)).unwrap();
    }
    let files = watcher.files(FILES);
    let took = started.elapsed();
    let mut ids = BTreeSet::new();
    for report in &files {
        assert_eq!(report["outcome"], "imported", "{report}");
        assert!(ids.insert(report["id"].as_i64().unwrap()), "{report}");
    }
    let names: BTreeSet<String> = files.iter().map(file_name).collect();
    assert_eq!(names.len(), FILES);
    assert_eq!(story_count(&desk), FILES);
    assert_eq!(names_in(&inbox.join("imported")), names);
    assert_eq!(names_in(&inbox), set(["imported"]));
    let (status, rest) = watcher.terminate();
    assert!(status.success(), "{status}");
    assert_eq!(rest.last().unwrap()["event"], "stopped");
    assert!(rest.iter().all(|e| e["event"] != "file"));
    eprintln!("1,000 files: all imported in {:.1}s", took.as_secs_f64());
}

#[test]
fn an_editor_style_save_is_imported_once() {
    let (desk, inbox) = setup();
    let watcher = Watcher::start(&desk, &inbox, QUICK);
    let text = "---\ntitle: مقال\nsource: al-Watan\nlanguage: ar\n---\n\nالفقرة الأولى.\n\nالفقرة الثانية.\n";
    // Written under a temporary name, slowly, with a pause longer than the settle
    // period: the temporary name is never read, however stable it looks.
    for temp in [
        "story.md.tmp",
        ".story.md.swp",
        "story.md~",
        "story.md.part",
    ] {
        let temp = inbox.join(temp);
        let mut f = std::fs::File::create(&temp).unwrap();
        f.write_all(&text.as_bytes()[..20]).unwrap();
        f.flush().unwrap();
        std::thread::sleep(Duration::from_millis(700));
        f.write_all(&text.as_bytes()[20..]).unwrap();
        drop(f);
        if temp.ends_with("story.md.tmp") {
            std::fs::rename(&temp, inbox.join("story.md")).unwrap();
        }
    }
    let files = watcher.files(1);
    assert_eq!(file_name(&files[0]), "story.md");
    assert_eq!(files[0]["outcome"], "imported");
    assert!(watcher.no_more_files(Duration::from_secs(2)));
    assert_eq!(story_count(&desk), 1);
    let store = Store::open(&desk.db).unwrap();
    let story = store.story(files[0]["id"].as_i64().unwrap()).unwrap();
    assert_eq!(story.source.name, "al-Watan");
    assert_eq!(story.segments.len(), 2);
    // The other temporary names are still there, untouched, waiting for a rename.
    assert_eq!(
        names_in(&inbox),
        set(["imported", ".story.md.swp", "story.md~", "story.md.part"])
    );
}

#[test]
fn a_duplicate_is_recognised_and_moved_not_imported() {
    let (desk, inbox) = setup();
    let watcher = Watcher::start(&desk, &inbox, QUICK);
    let text = "# Security meeting in Tehran\n\nThe heads of the services met.\n";
    std::fs::write(inbox.join("meeting.md"), text).unwrap();
    let first = watcher.files(1);
    assert_eq!(first[0]["outcome"], "imported");
    let id = first[0]["id"].as_i64().unwrap();
    // The same article again: under another name, then under the same name.
    std::fs::write(inbox.join("meeting-copy.md"), text).unwrap();
    let second = watcher.files(1);
    assert_eq!(second[0]["outcome"], "duplicate");
    assert_eq!(second[0]["id"], id);
    std::fs::write(inbox.join("meeting.md"), text).unwrap();
    let third = watcher.files(1);
    assert_eq!(third[0]["outcome"], "duplicate");
    assert!(third[0]["moved_to"]
        .as_str()
        .unwrap()
        .ends_with("imported/meeting (2).md"));
    assert_eq!(story_count(&desk), 1);
    assert_eq!(
        names_in(&inbox.join("imported")),
        set(["meeting.md", "meeting-copy.md", "meeting (2).md"])
    );
    let (status, rest) = watcher.terminate();
    assert!(status.success(), "{status}");
    assert_eq!(rest.last().unwrap()["event"], "stopped");
}

#[test]
fn unusable_files_end_in_failed_with_their_reason() {
    let (desk, inbox) = setup();
    std::fs::write(inbox.join("photo.jpg"), b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01").unwrap();
    std::fs::write(inbox.join("empty.txt"), b"").unwrap();
    std::fs::write(
        inbox.join("latin1.txt"),
        b"Caf\xe9 de la Paix\nUn article en Latin-1, pas en UTF-8.\n",
    )
    .unwrap();
    let huge = std::fs::File::create(inbox.join("huge.txt")).unwrap();
    huge.set_len(9 * 1024 * 1024).unwrap();
    drop(huge);
    // Already waiting when the watcher starts.
    let watcher = Watcher::start(&desk, &inbox, QUICK);
    let files = watcher.files(4);
    let codes: BTreeMap<String, String> = files
        .iter()
        .map(|r| {
            assert_eq!(r["outcome"], "failed", "{r}");
            (
                file_name(r),
                r["error"]["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: BTreeMap<String, String> = [
        ("photo.jpg", "binary_file"),
        ("empty.txt", "empty_file"),
        ("latin1.txt", "invalid_utf8"),
        ("huge.txt", "too_large"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(codes, expected);
    let failed = inbox.join("failed");
    for (name, code) in &expected {
        assert!(failed.join(name).is_file(), "{name} is in failed/");
        let reason = std::fs::read_to_string(failed.join(format!("{name}.error.txt"))).unwrap();
        assert!(reason.contains(&format!("code: {code}")), "{reason}");
    }
    assert_eq!(
        std::fs::metadata(failed.join("huge.txt")).unwrap().len(),
        9 * 1024 * 1024
    );
    assert_eq!(story_count(&desk), 0);
    assert_eq!(names_in(&inbox), set(["failed"]));
}

#[test]
fn killed_mid_batch_and_restarted_loses_nothing_and_doubles_nothing() {
    const GOOD: usize = 400;
    let (desk, inbox) = setup();
    let mut expected = BTreeSet::new();
    for n in 0..GOOD {
        let name = format!("item-{n:03}.md");
        std::fs::write(
            inbox.join(&name),
            format!("# Item {n}\n\nParagraph one of item {n}.\n\nParagraph two.\n"),
        )
        .unwrap();
        expected.insert(name);
    }
    // A copy of an item, and a file that cannot be imported, in the same drop.
    std::fs::copy(inbox.join("item-007.md"), inbox.join("copy-of-007.md")).unwrap();
    std::fs::write(inbox.join("broken.txt"), b"\0\0\0\0").unwrap();
    // One of these two is a duplicate of the other whatever happens.
    let is_007 = |r: &Value| ["item-007.md", "copy-of-007.md"].contains(&file_name(r).as_str());
    // Killed three times, each at a different point of the drop (the watcher
    // imports up to 100 files per transaction, then moves them one by one), then
    // left to finish.
    let mut duplicates_after_restart = 0;
    let mut reports = 0;
    for kill_after in [37, 150, 90] {
        let watcher = Watcher::start(&desk, &inbox, QUICK);
        let files = watcher.files(kill_after);
        duplicates_after_restart += files
            .iter()
            .filter(|r| r["outcome"] == "duplicate" && !is_007(r))
            .count();
        reports += files.len();
        watcher.kill();
    }
    let watcher = Watcher::start(&desk, &inbox, QUICK);
    // Every file leaves the inbox, whatever happened before.
    let deadline = Instant::now() + PATIENCE;
    while names_in(&inbox).len() > 2 {
        assert!(Instant::now() < deadline, "{:?}", names_in(&inbox));
        std::thread::sleep(Duration::from_millis(100));
    }
    let (status, rest) = watcher.terminate();
    assert!(status.success(), "{status}");
    duplicates_after_restart += rest
        .iter()
        .filter(|r| r["event"] == "file" && r["outcome"] == "duplicate" && !is_007(r))
        .count();
    let imported = names_in(&inbox.join("imported"));
    expected.insert("copy-of-007.md".into());
    assert_eq!(imported, expected, "every good file is in imported/, once");
    assert_eq!(
        names_in(&inbox.join("failed")),
        set(["broken.txt", "broken.txt.error.txt"])
    );
    assert_eq!(names_in(&inbox), set(["imported", "failed"]));
    assert_eq!(story_count(&desk), GOOD, "no story doubled, none lost");
    eprintln!(
        "killed 3 times after {reports} reports; {duplicates_after_restart} file(s) had been \
         imported but not yet moved when the watcher was killed"
    );
}
