//! Tests of the inbox against real folders and stores in temporary directories.

use std::io::Write;
use std::sync::mpsc::Receiver;

use super::*;
use crate::error::ErrorCode;

#[test]
fn a_folder_is_prepared_once_absolute_and_made() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("wire/inbox");
    let first = prepare_folder(&inbox).unwrap();
    assert!(first.created && first.path.is_absolute() && inbox.is_dir());
    let again = prepare_folder(&inbox).unwrap();
    assert!(!again.created);
    assert_eq!(again.path, first.path);
    std::fs::write(dir.path().join("file"), "x").unwrap();
    assert_eq!(
        prepare_folder(&dir.path().join("file/inbox"))
            .unwrap_err()
            .code(),
        "io"
    );
}

const SETTLE: Duration = Duration::from_millis(300);
const PATIENCE: Duration = Duration::from_secs(20);

struct Running {
    _dir: tempfile::TempDir,
    inbox: PathBuf,
    db: PathBuf,
    watch: Option<InboxWatch>,
    events: Receiver<InboxEvent>,
}

fn clock() -> DateTime<Utc> {
    "2026-01-05T09:00:00Z".parse().unwrap()
}

/// An inbox in a temporary folder, with `before` run on it before watching.
fn start(before: impl FnOnce(&Path, &Path)) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("Inbox");
    std::fs::create_dir(&inbox).unwrap();
    let db = dir.path().join("desk.db");
    before(&inbox, &db);
    let desk = Desk::open(&db).unwrap();
    let (tx, events) = mpsc::channel();
    let watch = Inbox::new(desk, InboxOptions::new(&inbox, SETTLE), clock)
        .spawn(move |e| {
            let _ = tx.send(e);
        })
        .unwrap();
    Running {
        _dir: dir,
        inbox,
        db,
        watch: Some(watch),
        events,
    }
}

impl Running {
    /// Events until one matches `until` (included).
    fn until(&self, until: impl Fn(&InboxEvent) -> bool) -> Vec<InboxEvent> {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        loop {
            let left = deadline
                .checked_duration_since(Instant::now())
                .unwrap_or_else(|| panic!("waited too long; events so far: {seen:#?}"));
            let e = self
                .events
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("waited too long; events so far: {seen:#?}"));
            let done = until(&e);
            seen.push(e);
            if done {
                return seen;
            }
        }
    }

    /// The reports of the next `n` files.
    fn files(&self, n: usize) -> Vec<FileReport> {
        let mut files = Vec::new();
        while files.len() < n {
            for e in self.until(|e| matches!(e, InboxEvent::File(_))) {
                if let InboxEvent::File(f) = e {
                    files.push(f);
                }
            }
        }
        files
    }

    fn stop(&mut self) {
        self.watch.take().unwrap().stop();
    }

    fn desk(&self) -> Desk {
        Desk::open(&self.db).unwrap()
    }
}

fn story_count(desk: &Desk) -> usize {
    desk.count(&crate::StoryFilter::default()).unwrap()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn files_waiting_at_start_are_imported_or_failed_and_moved() {
    let mut run = start(|inbox, _| {
        std::fs::write(inbox.join("story.md"), "# Headline\n\nFirst.\n\nSecond.\n").unwrap();
        std::fs::write(inbox.join("image.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    });
    let mut files = run.files(2);
    files.sort_by(|a, b| a.file.cmp(&b.file));
    let (png, story) = (&files[0], &files[1]);
    let FileOutcome::Imported { id } = story.outcome else {
        panic!("{story:?}");
    };
    assert_eq!(story.moved_to, Some(run.inbox.join("imported/story.md")));
    let FileOutcome::Failed { error } = &png.outcome else {
        panic!("{png:?}");
    };
    assert_eq!(error.code, ErrorCode::BinaryFile);
    assert_eq!(png.moved_to, Some(run.inbox.join("failed/image.png")));
    let reason = std::fs::read_to_string(run.inbox.join("failed/image.png.error.txt")).unwrap();
    assert!(reason.contains("code: binary_file"), "{reason}");
    run.stop();
    assert_eq!(names_in(&run.inbox), ["failed", "imported"]);
    let desk = run.desk();
    let story = desk.story(id).unwrap();
    assert_eq!(story.source.headline, "Headline");
    assert_eq!(story.segments.len(), 2);
    assert_eq!(story.created_at, "2026-01-05T09:00:00.000Z");
    assert_eq!(story_count(&desk), 1);
}

#[test]
fn a_file_written_with_pauses_is_read_only_when_complete() {
    let mut run = start(|_, _| {});
    run.until(|e| matches!(e, InboxEvent::Watching { .. }));
    let path = run.inbox.join("slow.txt");
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(b"Headline\n").unwrap();
    // Each pause is longer than the debouncer's delay but shorter than the
    // settle period: a watcher that trusted the debounced "created" event
    // would read the file half-written.
    for n in 1..=6 {
        std::thread::sleep(SETTLE / 2);
        writeln!(f, "\nParagraph {n}.").unwrap();
        f.flush().unwrap();
    }
    drop(f);
    let files = run.files(1);
    let FileOutcome::Imported { id } = files[0].outcome else {
        panic!("{files:?}");
    };
    run.stop();
    let story = run.desk().story(id).unwrap();
    assert_eq!(story.segments.len(), 6);
    assert_eq!(story.segments[5].source, "Paragraph 6.");
}

#[test]
fn partial_names_wait_until_renamed_and_duplicates_are_moved_not_imported() {
    let mut run = start(|_, _| {});
    run.until(|e| matches!(e, InboxEvent::Watching { .. }));
    let text = "# Same story\n\nIts only paragraph.\n";
    std::fs::write(run.inbox.join("download.md.part"), text).unwrap();
    std::fs::write(run.inbox.join(".hidden.md"), text).unwrap();
    // A file written after them settles after them: once it is filed, the
    // partial and hidden files have had their chance, and nothing happened.
    std::fs::write(run.inbox.join("later.md"), "# Later\n\nAnother story.\n").unwrap();
    let filed = run.files(1);
    assert_eq!(
        filed[0].file,
        run.inbox.join("later.md"),
        "nothing happens to partial or hidden files"
    );
    run.until(|e| matches!(e, InboxEvent::BatchFinished { .. }));
    std::fs::rename(
        run.inbox.join("download.md.part"),
        run.inbox.join("download.md"),
    )
    .unwrap();
    let first = run.files(1);
    let FileOutcome::Imported { id } = first[0].outcome else {
        panic!("{first:?}");
    };
    std::fs::write(run.inbox.join("copy.md"), text).unwrap();
    let second = run.files(1);
    assert_eq!(second[0].outcome, FileOutcome::Duplicate { id });
    assert_eq!(second[0].moved_to, Some(run.inbox.join("imported/copy.md")));
    // The same name again gets a number, and the first copy is kept.
    std::fs::write(run.inbox.join("copy.md"), text).unwrap();
    let third = run.files(1);
    assert_eq!(
        third[0].moved_to,
        Some(run.inbox.join("imported/copy (2).md"))
    );
    run.stop();
    assert_eq!(story_count(&run.desk()), 2);
    assert_eq!(names_in(&run.inbox), [".hidden.md", "imported"]);
}

#[test]
fn a_newer_version_of_an_article_is_offered_not_imported() {
    let mut run = start(|_, _| {});
    run.until(|e| matches!(e, InboxEvent::Watching { .. }));
    let article =
        |body: &str| format!("---\nurl: https://news.example/1\n---\n\n# Story\n\n{body}\n");
    std::fs::write(run.inbox.join("story.md"), article("First version.")).unwrap();
    let first = run.files(1);
    let FileOutcome::Imported { id } = first[0].outcome else {
        panic!("{first:?}");
    };
    std::fs::write(run.inbox.join("story-v2.md"), article("Second version.")).unwrap();
    let second = run.files(1);
    assert_eq!(second[0].outcome, FileOutcome::NewVersion { id });
    assert_eq!(
        second[0].moved_to,
        Some(run.inbox.join("imported/story-v2.md"))
    );
    run.stop();
    assert_eq!(story_count(&run.desk()), 1, "the offer adds no story");
}

#[test]
fn a_file_imported_before_a_crash_is_moved_as_a_duplicate() {
    let text = "# Imported, then the process died\n\nBody.\n";
    let mut earlier = 0;
    let mut run = start(|inbox, db| {
        let path = inbox.join("story.md");
        std::fs::write(&path, text).unwrap();
        let mut desk = Desk::open(db).unwrap();
        let intake = ingest::read_file(&path).unwrap();
        earlier = desk.import(&[intake], None, clock()).unwrap()[0]
            .as_ref()
            .unwrap()
            .id;
    });
    let files = run.files(1);
    assert_eq!(files[0].outcome, FileOutcome::Duplicate { id: earlier });
    run.stop();
    assert_eq!(story_count(&run.desk()), 1);
    assert_eq!(names_in(&run.inbox.join("imported")), ["story.md"]);
}

#[test]
fn a_deleted_inbox_is_reported_and_watched_again_when_back() {
    let mut run = start(|_, _| {});
    run.until(|e| matches!(e, InboxEvent::Watching { resumed: false, .. }));
    std::fs::remove_dir(&run.inbox).unwrap();
    let events = run.until(|e| matches!(e, InboxEvent::WatchError { .. }));
    let Some(InboxEvent::WatchError { error, .. }) = events.last() else {
        unreachable!()
    };
    assert_eq!(error.code, ErrorCode::InboxMissing);
    std::fs::create_dir(&run.inbox).unwrap();
    run.until(|e| matches!(e, InboxEvent::Watching { resumed: true, .. }));
    std::fs::write(run.inbox.join("back.txt"), "Back\nThe folder is back.\n").unwrap();
    let files = run.files(1);
    assert!(matches!(files[0].outcome, FileOutcome::Imported { .. }));
    run.stop();
}

#[test]
fn stopping_ends_the_watcher_with_a_stopped_event() {
    let mut run = start(|_, _| {});
    run.until(|e| matches!(e, InboxEvent::Watching { .. }));
    let asked = Instant::now();
    run.stop();
    assert!(asked.elapsed() < Duration::from_secs(5));
    let rest: Vec<_> = run.events.try_iter().collect();
    assert_eq!(rest.last(), Some(&InboxEvent::Stopped));
}

#[test]
fn a_missing_folder_at_start_is_reported_and_stop_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(&dir.path().join("d.db")).unwrap();
    let missing = dir.path().join("nowhere");
    let (tx, rx) = mpsc::channel();
    let watch = Inbox::new(desk, InboxOptions::new(&missing, SETTLE), clock)
        .spawn(move |e| {
            let _ = tx.send(e);
        })
        .unwrap();
    let first = rx.recv_timeout(PATIENCE).expect("an event");
    let InboxEvent::WatchError { error, .. } = &first else {
        panic!("{first:?}");
    };
    assert_eq!(error.code, ErrorCode::InboxMissing);
    watch.stop();
    let rest: Vec<_> = rx.try_iter().collect();
    assert_eq!(rest.last(), Some(&InboxEvent::Stopped));
    assert!(!missing.exists(), "the watcher never creates the folder");
}

/// The watcher polls a missing folder again and again; the person hears of it
/// once, and again only when the trouble changes.
#[test]
fn a_watch_error_is_reported_once_until_it_changes() {
    let folder = Path::new("/nowhere");
    let mut reported = None;
    let mut events = Vec::new();
    let mut on_event = |e: InboxEvent| events.push(e);
    let missing = || super::folder::inbox_error(folder, ErrorCode::InboxMissing, "gone");
    for _ in 0..3 {
        super::report(folder, missing(), &mut reported, &mut on_event);
    }
    super::report(
        folder,
        super::folder::inbox_error(folder, ErrorCode::InboxNotAFolder, "a file"),
        &mut reported,
        &mut on_event,
    );
    super::report(folder, missing(), &mut reported, &mut on_event);
    let codes: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            InboxEvent::WatchError { error, .. } => Some(error.code.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        codes,
        ["inbox_missing", "inbox_not_a_folder", "inbox_missing"]
    );
}

#[test]
fn a_stop_during_a_batch_leaves_every_file_whole_and_the_rest_for_later() {
    const FILES: usize = 300;
    let mut run = start(|inbox, _| {
        for n in 0..FILES {
            let text = format!("Item {n}\nThe body of item {n}.\n");
            std::fs::write(inbox.join(format!("item-{n:03}.txt")), text).unwrap();
        }
    });
    // Stopped while the first transaction's files are being moved: those are
    // finished, the others stay in the inbox untouched.
    let mut first = run.files(1);
    let asked = Instant::now();
    run.stop();
    assert!(asked.elapsed() < Duration::from_secs(10));
    let events: Vec<_> = run.events.try_iter().collect();
    assert_eq!(events.last(), Some(&InboxEvent::Stopped));
    first.extend(events.into_iter().filter_map(|e| match e {
        InboxEvent::File(f) => Some(f),
        _ => None,
    }));
    let moved = names_in(&run.inbox.join(IMPORTED_DIR));
    assert_eq!(moved.len(), first.len());
    assert_eq!(story_count(&run.desk()), first.len());
    let waiting = names_in(&run.inbox)
        .iter()
        .filter(|n| n.ends_with(".txt"))
        .count();
    assert_eq!(moved.len() + waiting, FILES);
    // The next start takes the rest.
    let desk = run.desk();
    let (tx, events) = mpsc::channel();
    let options = InboxOptions::new(&run.inbox, SETTLE);
    run.watch = Some(
        Inbox::new(desk, options, clock)
            .spawn(move |e| {
                let _ = tx.send(e);
            })
            .unwrap(),
    );
    run.events = events;
    let rest = run.files(FILES - first.len());
    run.stop();
    assert!(rest
        .iter()
        .all(|f| matches!(f.outcome, FileOutcome::Imported { .. })));
    assert_eq!(story_count(&run.desk()), FILES);
    assert_eq!(names_in(&run.inbox.join(IMPORTED_DIR)).len(), FILES);
}

#[test]
fn lost_events_and_watcher_errors_are_survived() {
    let mut run = start(|_, _| {});
    run.until(|e| matches!(e, InboxEvent::Watching { .. }));
    // What the debouncer passes on when the kernel's queue overflowed, and
    // an error of the watcher itself.
    let tx = run.watch.as_ref().unwrap().stop.tx.clone();
    let overflow =
        notify::Event::new(notify::EventKind::Other).set_flag(notify::event::Flag::Rescan);
    tx.send(Signal::Events(vec![DebouncedEvent::new(
        overflow,
        Instant::now(),
    )]))
    .unwrap();
    tx.send(Signal::Errors(vec![notify::Error::generic(
        "queue trouble",
    )]))
    .unwrap();
    let events = run.until(|e| matches!(e, InboxEvent::WatchError { .. }));
    let Some(InboxEvent::WatchError { error, .. }) = events.last() else {
        unreachable!()
    };
    assert_eq!(error.code, ErrorCode::WatchFailed);
    assert!(error.message.contains("queue trouble"), "{}", error.message);
    // Still watching.
    std::fs::write(run.inbox.join("after.txt"), "After\nStill imported.\n").unwrap();
    let files = run.files(1);
    assert!(matches!(files[0].outcome, FileOutcome::Imported { .. }));
    run.stop();
}

#[test]
fn folder_problems_have_their_own_codes() {
    let dir = tempfile::tempdir().unwrap();
    let code = |path: &Path| folder_identity(path).unwrap_err().code();
    assert_eq!(code(&dir.path().join("gone")), "inbox_missing");
    let file = dir.path().join("file.txt");
    std::fs::write(&file, "x").unwrap();
    assert_eq!(code(&file), "inbox_not_a_folder");
    assert_eq!(code(&file.join("below")), "inbox_not_a_folder");
    // Tests run as root here, which no permission stops; the mapping is
    // what the watcher relies on.
    let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
    let e = folder_error(dir.path(), &denied);
    assert_eq!(e.code(), "inbox_permission_denied");
    assert!(e.to_string().contains("permission"), "{e}");
    assert!(folder_identity(dir.path()).is_ok());
}

#[test]
fn events_serialise_for_the_desktop() {
    let e = InboxEvent::File(FileReport {
        batch: 2,
        file: "/in/a.md".into(),
        outcome: FileOutcome::Duplicate { id: 7 },
        moved_to: Some("/in/imported/a.md".into()),
        move_error: None,
    });
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        serde_json::json!({
            "event": "file", "batch": 2, "file": "/in/a.md", "outcome": "duplicate",
            "id": 7, "moved_to": "/in/imported/a.md", "move_error": null
        })
    );
    let e = InboxEvent::WatchError {
        folder: "/in".into(),
        error: ErrorReport {
            code: ErrorCode::InboxMissing,
            message: "gone".into(),
        },
    };
    assert_eq!(
        serde_json::to_value(&e).unwrap(),
        serde_json::json!({"event": "watch_error", "folder": "/in",
                           "error": {"code": "inbox_missing", "message": "gone"}})
    );
}
