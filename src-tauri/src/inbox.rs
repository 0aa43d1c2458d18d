//! The watched inbox while the window is open (issue 5). The watcher is core's
//! (`dragoman_core::inbox`); this module only starts it on the `inbox_dir`
//! setting with a store connection of its own, follows the setting when it
//! changes, stops it when the app exits, and hands every event on unchanged: the
//! window receives each one as the "inbox" event, in core's serde shape (tagged
//! by `"event"`), so the UI and `dragoman watch --json` read the same JSON.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::Utc;
use dragoman_core::inbox::{ErrorReport, Inbox, InboxEvent, InboxOptions, InboxWatch};
use dragoman_core::{Desk, Error};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// How long a file must stay unchanged before it is read: long enough for a
/// browser or mail client to finish saving, short enough to feel immediate.
pub const SETTLE: Duration = Duration::from_secs(2);

/// The name of the window event that carries every `InboxEvent`.
pub const EVENT: &str = "inbox";

/// What the window asks for when it starts (`inbox_status`): events sent before
/// its listener was ready are gone, so the current state is also kept here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct InboxStatus {
    /// The folder being watched, or waited for while it cannot be.
    pub folder: Option<String>,
    /// Why the folder cannot be watched right now; `None` while it is watched.
    pub error: Option<ErrorReport>,
}

type Sink = Arc<dyn Fn(InboxEvent) + Send + Sync>;

/// The app's inbox watcher, kept in Tauri's managed state.
pub struct InboxState {
    store: PathBuf,
    settle: Duration,
    sink: Sink,
    status: Arc<Mutex<InboxStatus>>,
    running: Mutex<Option<Watched>>,
}

/// A watcher and the folder it was started on.
struct Watched {
    folder: PathBuf,
    watch: InboxWatch,
}

/// A lock whose holder panicked still guards consistent data here (a status or
/// an optional watcher), so it is taken again rather than poisoning the app.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl InboxState {
    /// A watcher for the store at `store` that sends every event to `sink`. It
    /// watches nothing until `follow` names a folder.
    pub fn new(
        store: impl Into<PathBuf>,
        settle: Duration,
        sink: impl Fn(InboxEvent) + Send + Sync + 'static,
    ) -> Self {
        InboxState {
            store: store.into(),
            settle,
            sink: Arc::new(sink),
            status: Arc::default(),
            running: Mutex::new(None),
        }
    }

    pub fn status(&self) -> InboxStatus {
        lock(&self.status).clone()
    }

    /// Watches the folder the `inbox_dir` setting names (`setting` is its value).
    /// The folder already watched is left alone; another one replaces it once the
    /// old watcher has finished the batch in hand. A folder that does not exist
    /// is made, as the person has just chosen it (or it is the first start's
    /// default); one that disappears later is waited for, never made again.
    /// Nothing here fails: a folder that cannot be watched is reported as a
    /// `watch_error` event and in the status, like any later watch error.
    pub fn follow(&self, setting: &str) {
        let mut running = lock(&self.running);
        let folder = if setting.trim().is_empty() {
            None
        } else {
            // Absolute, so what the window shows is the folder, whatever the
            // app's working directory.
            Some(std::path::absolute(setting.trim()).unwrap_or_else(|_| setting.trim().into()))
        };
        if running.as_ref().map(|w| &w.folder) == folder.as_ref() && folder.is_some() {
            return;
        }
        if let Some(old) = running.take() {
            old.watch.stop();
        }
        let Some(folder) = folder else {
            self.fail(
                Path::new(""),
                ErrorReport {
                    code: dragoman_core::ErrorCode::InboxUnset,
                    message: "no inbox folder is set; choose one in Settings".into(),
                },
            );
            return;
        };
        *lock(&self.status) = InboxStatus {
            folder: Some(folder.to_string_lossy().into_owned()),
            error: None,
        };
        // Made if missing, as core prepares every inbox; if it cannot be made,
        // the watcher says why the folder is missing.
        let folder = dragoman_core::inbox::prepare_folder(&folder)
            .map(|p| p.path)
            .unwrap_or(folder);
        match self.spawn(&folder) {
            Ok(watch) => *running = Some(Watched { folder, watch }),
            Err(error) => self.fail(&folder, ErrorReport::from(&error)),
        }
    }

    /// Stops watching, after the batch in hand; the app calls it on exit.
    pub fn stop(&self) {
        if let Some(old) = lock(&self.running).take() {
            old.watch.stop();
        }
    }

    fn spawn(&self, folder: &Path) -> Result<InboxWatch, Error> {
        // A connection of its own: a batch being imported never holds the lock the
        // window's commands wait on, and WAL lets the window read meanwhile.
        let desk = Desk::open(&self.store)?;
        let status = self.status.clone();
        let sink = self.sink.clone();
        Inbox::new(desk, InboxOptions::new(folder, self.settle), Utc::now).spawn(move |event| {
            record(&mut lock(&status), &event);
            sink(event);
        })
    }

    /// A watcher that could not start: said the way the watcher says it.
    fn fail(&self, folder: &Path, error: ErrorReport) {
        let event = InboxEvent::WatchError {
            folder: folder.to_path_buf(),
            error,
        };
        record(&mut lock(&self.status), &event);
        (self.sink)(event);
    }
}

/// Keeps the status in step with the events.
fn record(status: &mut InboxStatus, event: &InboxEvent) {
    match event {
        InboxEvent::Watching { folder, .. } => {
            status.folder = Some(folder.to_string_lossy().into_owned());
            status.error = None;
        }
        InboxEvent::WatchError { folder, error } => {
            if !folder.as_os_str().is_empty() {
                status.folder = Some(folder.to_string_lossy().into_owned());
            }
            status.error = Some(error.clone());
        }
        _ => {}
    }
}

/// Starts the app's watcher on the store at `store`, on the folder the
/// `inbox_dir` setting names, emitting every event to the window, and keeps it in
/// the app's state.
pub fn start<R: Runtime>(app: &AppHandle<R>, store: &Path, desk: &Desk) {
    let handle = app.clone();
    let inbox = InboxState::new(store, SETTLE, move |event| {
        if let Err(e) = handle.emit(EVENT, &event) {
            eprintln!("dragoman-desktop: could not send an inbox event to the window: {e}");
        }
    });
    match desk.setting("inbox_dir") {
        Ok(folder) => inbox.follow(&folder),
        Err(e) => inbox.fail(Path::new(""), ErrorReport::from(&e)),
    }
    app.manage(inbox);
}

/// Follows a new `inbox_dir` after the setting changed, if the app watches at all.
pub fn follow_setting<R: Runtime>(app: &AppHandle<R>, folder: &str) {
    if let Some(inbox) = app.try_state::<InboxState>() {
        inbox.follow(folder);
    }
}

/// Stops the watcher when the app exits.
pub fn stop<R: Runtime>(app: &AppHandle<R>) {
    if let Some(inbox) = app.try_state::<InboxState>() {
        inbox.stop();
    }
}

pub mod ipc {
    use tauri::State;

    use super::{InboxState, InboxStatus};
    use crate::commands::Reply;

    /// The folder watched and the current watch error, for a window that has just
    /// started listening.
    #[tauri::command(async)]
    pub fn inbox_status(inbox: State<'_, InboxState>) -> Reply<InboxStatus> {
        Ok(inbox.status())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::{self, Receiver};
    use std::time::Instant;

    use dragoman_core::inbox::{FileOutcome, IMPORTED_DIR};
    use dragoman_core::StoryFilter;

    use super::*;

    const SETTLE: Duration = Duration::from_millis(200);
    const PATIENCE: Duration = Duration::from_secs(20);

    fn arabic() -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ntrex/02.ar.txt");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// A store in a temporary folder and an inbox state whose events arrive on a
    /// channel, where the window would receive them.
    fn running() -> (tempfile::TempDir, PathBuf, InboxState, Receiver<InboxEvent>) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        Desk::open(&db).unwrap();
        let (tx, rx) = mpsc::channel();
        let tx = Mutex::new(tx);
        let inbox = InboxState::new(&db, SETTLE, move |event| {
            let _ = lock(&tx).send(event);
        });
        (dir, db, inbox, rx)
    }

    /// The next event that `wanted` accepts; those before it are skipped.
    fn until(rx: &Receiver<InboxEvent>, wanted: impl Fn(&InboxEvent) -> bool) -> InboxEvent {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(event) if wanted(&event) => return event,
                Ok(_) => {}
                Err(e) => panic!("the awaited inbox event never came: {e}"),
            }
        }
    }

    fn watching(folder: &Path) -> impl Fn(&InboxEvent) -> bool + '_ {
        move |e| matches!(e, InboxEvent::Watching { folder: f, .. } if f == folder)
    }

    #[test]
    fn a_file_dropped_into_the_missing_default_inbox_becomes_a_story() {
        let (dir, db, inbox, rx) = running();
        let folder = dir.path().join("home").join("Dragoman").join("Inbox");
        inbox.follow(&folder.display().to_string());
        // The first start makes the folder.
        until(&rx, watching(&folder));
        assert_eq!(
            inbox.status(),
            InboxStatus {
                folder: Some(folder.display().to_string()),
                error: None
            }
        );
        std::fs::write(folder.join("02.ar.txt"), arabic()).unwrap();
        let event = until(&rx, |e| matches!(e, InboxEvent::File(_)));
        let InboxEvent::File(report) = &event else {
            unreachable!()
        };
        let FileOutcome::Imported { id } = report.outcome else {
            panic!("not imported: {report:?}");
        };
        // The window receives exactly core's JSON, which the UI's InboxEvent type reads.
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["event"], "file");
        assert_eq!(json["outcome"], "imported");
        assert_eq!(json["id"], id);
        assert!(json["file"].as_str().unwrap().ends_with("02.ar.txt"));
        until(&rx, |e| matches!(e, InboxEvent::BatchFinished { .. }));

        let desk = Desk::open(&db).unwrap();
        let stories = desk.list(&StoryFilter::default()).unwrap();
        assert_eq!(stories.len(), 1);
        assert_eq!(stories[0].id, id);
        assert_eq!(stories[0].source_language, "ar");
        assert!(folder.join(IMPORTED_DIR).join("02.ar.txt").exists());
        assert!(!folder.join("02.ar.txt").exists());
        inbox.stop();
        until(&rx, |e| matches!(e, InboxEvent::Stopped));
    }

    #[test]
    fn a_new_inbox_setting_moves_the_watch_and_the_same_one_changes_nothing() {
        let (dir, db, inbox, rx) = running();
        let first = dir.path().join("first");
        let second = dir.path().join("second");
        inbox.follow(&first.display().to_string());
        until(&rx, watching(&first));
        inbox.follow(&first.display().to_string());
        inbox.follow(&second.display().to_string());
        // The old watcher ends before the new one starts, and only once: following
        // the folder already watched did not restart it.
        let mut between = Vec::new();
        loop {
            let event = rx
                .recv_timeout(PATIENCE)
                .expect("the new folder is watched");
            if watching(&second)(&event) {
                break;
            }
            between.push(event);
        }
        assert_eq!(between, vec![InboxEvent::Stopped]);
        assert!(second.is_dir());

        // A file left in the old folder stays there; one in the new is imported.
        std::fs::write(first.join("old.md"), "# Old\n\nNot watched any more.\n").unwrap();
        std::fs::write(second.join("new.md"), "# New\n\nWatched here.\n").unwrap();
        let InboxEvent::File(report) = until(&rx, |e| matches!(e, InboxEvent::File(_))) else {
            unreachable!()
        };
        assert_eq!(report.file, second.join("new.md"));
        std::thread::sleep(SETTLE * 3);
        assert!(first.join("old.md").exists());
        let desk = Desk::open(&db).unwrap();
        assert_eq!(desk.count(&StoryFilter::default()).unwrap(), 1);
        inbox.stop();
    }

    #[test]
    fn a_deleted_inbox_is_reported_in_the_status_until_it_is_back() {
        let (dir, _db, inbox, rx) = running();
        let folder = dir.path().join("inbox");
        inbox.follow(&folder.display().to_string());
        until(&rx, watching(&folder));

        std::fs::remove_dir(&folder).unwrap();
        let error = until(&rx, |e| matches!(e, InboxEvent::WatchError { .. }));
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["event"], "watch_error");
        assert_eq!(json["error"]["code"], "inbox_missing");
        let status = inbox.status();
        assert_eq!(status.folder, Some(folder.display().to_string()));
        assert_eq!(
            status.error.unwrap().code,
            dragoman_core::ErrorCode::InboxMissing
        );
        // Deleted is not made again: the person is told, and the watcher waits.
        std::thread::sleep(SETTLE * 3);
        assert!(!folder.exists());

        std::fs::create_dir(&folder).unwrap();
        let back = until(&rx, watching(&folder));
        assert_eq!(
            back,
            InboxEvent::Watching {
                folder: folder.clone(),
                resumed: true
            }
        );
        assert_eq!(inbox.status().error, None);
        inbox.stop();
    }

    /// The wiring the window uses, on Tauri's mock runtime with the real
    /// capabilities: events reach the app's event bus as "inbox" in core's JSON,
    /// `set_setting` of `inbox_dir` through IPC moves the watch, and
    /// `inbox_status` says where it stands.
    #[test]
    fn through_ipc_the_setting_moves_the_watch_and_events_reach_the_window() {
        use serde_json::{json, Value};
        use tauri::Listener;

        use crate::security::{invoke, mock_app, APP_URL};
        use crate::DeskState;

        let dir = tempfile::tempdir().unwrap();
        let (app, window) = mock_app(dir.path());
        let (tx, rx) = mpsc::channel::<Value>();
        let tx = Mutex::new(tx);
        app.listen(EVENT, move |event| {
            let _ = lock(&tx).send(serde_json::from_str(event.payload()).unwrap());
        });
        let first = dir.path().join("first");
        let second = dir.path().join("second");
        {
            let state = app.state::<DeskState>();
            let mut desk = state.lock();
            desk.set_setting("inbox_dir", &first.display().to_string())
                .unwrap();
            start(app.handle(), &dir.path().join("desk.db"), &desk);
        }
        let next = |wanted: &str| loop {
            let event = rx.recv_timeout(PATIENCE).expect("an inbox event");
            if event["event"] == wanted {
                return event;
            }
        };
        assert_eq!(
            next("watching"),
            json!({"event": "watching", "folder": first.display().to_string(), "resumed": false})
        );
        let status = invoke(&window, "inbox_status", APP_URL, json!({})).unwrap();
        assert_eq!(
            status,
            json!({"folder": first.display().to_string(), "error": null})
        );

        let entries = invoke(
            &window,
            "set_setting",
            APP_URL,
            json!({"key": "inbox_dir", "value": second.display().to_string()}),
        )
        .unwrap();
        assert!(entries
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["key"] == "inbox_dir" && e["value"] == second.display().to_string()));
        assert_eq!(next("stopped"), json!({"event": "stopped"}));
        assert_eq!(next("watching")["folder"], second.display().to_string());
        // Another setting leaves the watch alone.
        invoke(
            &window,
            "set_setting",
            APP_URL,
            json!({"key": "publication", "value": "The Syrian Observer"}),
        )
        .unwrap();

        std::fs::write(second.join("02.ar.txt"), arabic()).unwrap();
        let file = next("file");
        assert_eq!(file["outcome"], "imported");
        let id = file["id"].as_i64().unwrap();
        let page = invoke(&window, "list_stories", APP_URL, json!({"filter": {}})).unwrap();
        assert_eq!(page["stories"][0]["id"], id);
        let status = invoke(&window, "inbox_status", APP_URL, json!({})).unwrap();
        assert_eq!(status["folder"], second.display().to_string());

        stop(app.handle());
        assert_eq!(next("stopped"), json!({"event": "stopped"}));
        // Stopped is the last word: the watcher is gone.
        std::thread::sleep(SETTLE * 2);
        assert!(rx.try_recv().is_err());
    }

    #[test]
    fn an_unset_inbox_or_a_store_that_cannot_open_is_a_watch_error() {
        let (dir, _db, inbox, rx) = running();
        inbox.follow("  ");
        let InboxEvent::WatchError { error, .. } = rx.recv_timeout(PATIENCE).unwrap() else {
            panic!("an unset inbox must be reported")
        };
        assert_eq!(error.code, dragoman_core::ErrorCode::InboxUnset);
        assert_eq!(
            inbox.status().error.unwrap().code,
            dragoman_core::ErrorCode::InboxUnset
        );

        // A store path that is a folder cannot be opened: the watcher cannot start.
        let broken = InboxState::new(dir.path(), SETTLE, |_| {});
        broken.follow(&dir.path().join("inbox").display().to_string());
        let status = broken.status();
        assert_eq!(
            status.folder,
            Some(dir.path().join("inbox").display().to_string())
        );
        assert!(status.error.is_some(), "{status:?}");
    }
}
