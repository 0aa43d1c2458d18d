//! The watched inbox: source articles arrive as files dropped into a folder.
//!
//! A file is read only once it is complete: its size and modification time have
//! stayed the same for the settle period (see `arrivals`). Names that programs
//! use while writing (`.part`, `.tmp`, `.crdownload`, `~`, hidden files) are left
//! alone until renamed. Each complete file goes through `ingest::read_file` and
//! `Desk::import`, then moves to `imported/` inside the inbox, or to `failed/`
//! with `NAME.error.txt` beside it (see `filing`). Nothing in the inbox is ever
//! deleted or overwritten.
//!
//! The order is import first, move second. A process killed between the two
//! leaves the file in the inbox; on the next start it is read again, the desk
//! recognises its content (`created = false`) and it moves to `imported/` as a
//! duplicate, so no story is doubled and no file is lost.
//!
//! Events from the file system (notify, debounced, non-recursive) only say which
//! names to look at; a queue overflow or rescan flag, and every start or
//! resumption, scan the whole folder. When the folder disappears or cannot be
//! read, that is reported and the folder is polled until it is back.
//!
//! The wall-clock time stamped on imports comes from the caller's clock. The only
//! clock read here is the monotonic `Instant` that times the settle period, the
//! same clock the debouncer runs on.

mod arrivals;
mod filing;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use notify_debouncer_full::notify::{self, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, DebouncedEvent};
use serde::{Serialize, Serializer};

use crate::error::{Error, Result};
use crate::ingest::{self, Intake};
use crate::model::Actor;
use crate::store::Desk;
use arrivals::{ignored, Arrivals, Stamp};
use filing::{shelve, Shelf};
pub use filing::{FAILED_DIR, IMPORTED_DIR, REASON_SUFFIX};

/// At most this many files, or this many bytes of them, are read and imported in
/// one transaction, so memory stays bounded and progress shows on large drops.
const CHUNK_FILES: usize = 100;
const CHUNK_BYTES: u64 = 32 * 1024 * 1024;

/// What to watch and how.
#[derive(Debug, Clone)]
pub struct InboxOptions {
    /// The folder to watch (its sub-folders are not watched).
    pub folder: PathBuf,
    /// How long a file's size and modification time must stay the same before it
    /// is read. Longer than the longest pause of the slowest program that writes
    /// into the inbox.
    pub settle: Duration,
    /// Who the imports are recorded as in history; `None` records them as
    /// Dragoman's own intake.
    pub actor: Option<Actor>,
}

impl InboxOptions {
    pub fn new(folder: impl Into<PathBuf>, settle: Duration) -> Self {
        InboxOptions {
            folder: folder.into(),
            settle,
            actor: None,
        }
    }

    /// How often settling files are looked at.
    fn tick(&self) -> Duration {
        (self.settle / 4).clamp(Duration::from_millis(10), Duration::from_millis(250))
    }

    /// How often a missing or unreadable folder is looked at again.
    fn poll(&self) -> Duration {
        self.settle
            .clamp(Duration::from_millis(100), Duration::from_secs(2))
    }
}

/// An error as it crosses to the desktop or to `--json`: a stable code to branch
/// on and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorReport {
    pub code: String,
    pub message: String,
}

impl From<&Error> for ErrorReport {
    fn from(e: &Error) -> Self {
        ErrorReport {
            code: e.code().to_string(),
            message: e.to_string(),
        }
    }
}

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum FileOutcome {
    /// A new story, `id`.
    Imported { id: i64 },
    /// The same content is already on the desk as story `id`; nothing was added.
    Duplicate { id: i64 },
    /// It could not be imported; it went to `failed/` with this reason.
    Failed { error: ErrorReport },
}

/// One file handled: where it was, what became of it, where it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    pub batch: u64,
    /// Its path in the inbox.
    #[serde(serialize_with = "lossy")]
    pub file: PathBuf,
    #[serde(flatten)]
    pub outcome: FileOutcome,
    /// Its path in `imported/` or `failed/`; `None` when the move failed.
    #[serde(serialize_with = "lossy_opt")]
    pub moved_to: Option<PathBuf>,
    /// Why it could not be moved; it stays in the inbox, is not imported again
    /// while it is unchanged, and is moved on the next start.
    pub move_error: Option<ErrorReport>,
}

/// Everything the watcher reports, in order. Serialised with an `"event"` tag in
/// snake_case (`{"event": "file", "outcome": "imported", "id": 3, ...}`) so the
/// desktop can forward it as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum InboxEvent {
    /// The folder is watched: at the start (`resumed: false`) or again after a
    /// watch error (`resumed: true`). Files already waiting are picked up next.
    Watching {
        #[serde(serialize_with = "lossy")]
        folder: PathBuf,
        resumed: bool,
    },
    /// Complete files are about to be read and imported.
    BatchStarted { batch: u64, files: usize },
    /// One file was handled.
    File(FileReport),
    /// After each file of a batch.
    BatchProgress {
        batch: u64,
        done: usize,
        total: usize,
    },
    /// The batch is over. `deferred` files changed or disappeared while being
    /// read, or were left when the watcher stopped: they are not lost, they are
    /// read again once they settle (or on the next start).
    BatchFinished {
        batch: u64,
        imported: usize,
        duplicates: usize,
        failed: usize,
        deferred: usize,
    },
    /// The folder cannot be watched (codes `inbox_missing`,
    /// `inbox_permission_denied`, `inbox_not_a_folder`, `watch_failed`). The
    /// watcher keeps polling and sends `Watching { resumed: true }` when it can
    /// watch again. The same error is reported once, not at every poll.
    WatchError {
        #[serde(serialize_with = "lossy")]
        folder: PathBuf,
        error: ErrorReport,
    },
    /// The store refused a batch (busy, disk full…). Its files stay in the inbox
    /// and are tried again after the settle period.
    DeskError { error: ErrorReport },
    /// The watcher has stopped; nothing follows.
    Stopped,
}

fn lossy<S: Serializer>(path: &Path, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

fn lossy_opt<S: Serializer>(path: &Option<PathBuf>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match path {
        Some(p) => lossy(p, s),
        None => s.serialize_none(),
    }
}

enum Signal {
    Events(Vec<DebouncedEvent>),
    Errors(Vec<notify::Error>),
    Stop,
}

/// Stops a watcher from any thread (a Ctrl+C handler, the app's exit). Stopping
/// twice is harmless.
#[derive(Clone)]
pub struct StopHandle {
    tx: Sender<Signal>,
    stopped: Arc<AtomicBool>,
}

impl StopHandle {
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        // The watcher may have ended already; then there is no one to tell.
        let _ = self.tx.send(Signal::Stop);
    }
}

/// A watcher running on its own thread (`Inbox::spawn`). Dropping it stops it.
pub struct InboxWatch {
    stop: StopHandle,
    thread: Option<JoinHandle<()>>,
}

impl InboxWatch {
    pub fn stop_handle(&self) -> StopHandle {
        self.stop.clone()
    }

    /// Stops the watcher and waits until it has: the batch in hand is finished
    /// (or left whole in the inbox) and `Stopped` has been sent.
    pub fn stop(mut self) {
        self.stop.stop();
        if let Some(thread) = self.thread.take() {
            if let Err(panic) = thread.join() {
                std::panic::resume_unwind(panic);
            }
        }
    }
}

impl Drop for InboxWatch {
    fn drop(&mut self) {
        self.stop.stop();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The watched inbox, ready to run. It owns its own `Desk` (a connection of its
/// own to the store, so the app's connection is never blocked on it).
pub struct Inbox {
    desk: Desk,
    options: InboxOptions,
    clock: Box<dyn Fn() -> DateTime<Utc> + Send>,
    tx: Sender<Signal>,
    rx: Receiver<Signal>,
    stopped: Arc<AtomicBool>,
    arrivals: Arrivals,
    batches: u64,
}

/// Why watching stopped.
enum End {
    Stop,
    /// The folder went away or changed; `None` when it was replaced by another
    /// folder of the same name, which is watched again without an error.
    Lost(Option<Error>),
}

impl Inbox {
    /// `clock` gives the time recorded on imports (`Utc::now` in the shells).
    pub fn new(
        desk: Desk,
        options: InboxOptions,
        clock: impl Fn() -> DateTime<Utc> + Send + 'static,
    ) -> Inbox {
        let (tx, rx) = mpsc::channel();
        Inbox {
            desk,
            options,
            clock: Box::new(clock),
            tx,
            rx,
            stopped: Arc::new(AtomicBool::new(false)),
            arrivals: Arrivals::default(),
            batches: 0,
        }
    }

    pub fn stop_handle(&self) -> StopHandle {
        StopHandle {
            tx: self.tx.clone(),
            stopped: self.stopped.clone(),
        }
    }

    /// Runs the watcher on a thread of its own, sending every event to
    /// `on_event` (which may forward to a channel or the desktop's event bus).
    pub fn spawn(self, on_event: impl FnMut(InboxEvent) + Send + 'static) -> Result<InboxWatch> {
        let stop = self.stop_handle();
        let folder = self.options.folder.clone();
        let thread = std::thread::Builder::new()
            .name("dragoman-inbox".into())
            .spawn(move || self.run(on_event))
            .map_err(|e| watch_failed(&folder, &e))?;
        Ok(InboxWatch {
            stop,
            thread: Some(thread),
        })
    }

    /// Watches until stopped through a `StopHandle`, on the calling thread. Every
    /// problem is reported through `on_event` and waited out, so this only
    /// returns when asked to; the last event is `Stopped`.
    pub fn run(mut self, mut on_event: impl FnMut(InboxEvent)) {
        let folder = self.options.folder.clone();
        let mut resumed = false;
        // The code of the watch error last reported, so a poll that fails the same
        // way again stays quiet.
        let mut reported: Option<&'static str> = None;
        while !self.stop_requested() {
            let watching = folder_identity(&folder).and_then(|identity| {
                let mut debouncer = self.watcher()?;
                debouncer
                    .watch(&folder, RecursiveMode::NonRecursive)
                    .map_err(|e| notify_error(&folder, e))?;
                Ok((identity, debouncer))
            });
            let (identity, debouncer) = match watching {
                Ok(watching) => watching,
                Err(error) => {
                    report(&folder, error, &mut reported, &mut on_event);
                    self.pause(self.options.poll());
                    continue;
                }
            };
            reported = None;
            on_event(InboxEvent::Watching {
                folder: folder.clone(),
                resumed,
            });
            resumed = true;
            let end = self.watch(identity, &mut on_event);
            // Waits for the debouncer's thread, at most one of its ticks.
            debouncer.stop();
            match end {
                End::Stop => break,
                End::Lost(Some(error)) => report(&folder, error, &mut reported, &mut on_event),
                End::Lost(None) => {}
            }
        }
        on_event(InboxEvent::Stopped);
    }

    fn stop_requested(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    /// Sleeps for `period` unless asked to stop first. File events that come
    /// meanwhile are dropped: every resumption scans the whole folder.
    fn pause(&self, period: Duration) {
        let until = Instant::now() + period;
        while let Some(left) = until.checked_duration_since(Instant::now()) {
            match self.rx.recv_timeout(left) {
                Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => return,
            }
        }
    }

    fn watcher(
        &self,
    ) -> Result<
        notify_debouncer_full::Debouncer<
            notify::RecommendedWatcher,
            notify_debouncer_full::RecommendedCache,
        >,
    > {
        let tx = self.tx.clone();
        new_debouncer(
            self.options.tick(),
            None,
            move |result: DebounceEventResult| {
                // The receiver lives as long as the inbox; a send fails only while the
                // watcher is shutting down, when the news no longer matters.
                let _ = tx.send(match result {
                    Ok(events) => Signal::Events(events),
                    Err(errors) => Signal::Errors(errors),
                });
            },
        )
        .map_err(|e| notify_error(&self.options.folder, e))
    }

    /// Watches the folder until stopped or until it is lost.
    fn watch(&mut self, identity: FolderIdentity, on_event: &mut dyn FnMut(InboxEvent)) -> End {
        let tick = self.options.tick();
        if let Err(error) = self.scan(Instant::now()) {
            return End::Lost(Some(error));
        }
        let mut next_look = Instant::now();
        loop {
            let mut rescan = false;
            let wait = next_look.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(wait) {
                Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return End::Stop,
                Ok(Signal::Events(events)) => {
                    let now = Instant::now();
                    for event in events {
                        if event.need_rescan() {
                            rescan = true;
                        }
                        for path in &event.paths {
                            self.note(path, now);
                        }
                    }
                }
                Ok(Signal::Errors(errors)) => {
                    // Events may have been lost with the error: look at everything.
                    rescan = true;
                    if let Some(e) = errors.into_iter().next() {
                        if folder_identity(&self.options.folder).is_ok() {
                            on_event(InboxEvent::WatchError {
                                folder: self.options.folder.clone(),
                                error: ErrorReport::from(&notify_error(&self.options.folder, e)),
                            });
                        }
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
            if self.stop_requested() {
                return End::Stop;
            }
            match folder_identity(&self.options.folder) {
                Ok(now) if now == identity => {}
                Ok(_) => return End::Lost(None),
                Err(error) => return End::Lost(Some(error)),
            }
            if rescan {
                if let Err(error) = self.scan(Instant::now()) {
                    return End::Lost(Some(error));
                }
            }
            if Instant::now() < next_look {
                continue;
            }
            let ready = self
                .arrivals
                .look(Instant::now(), self.options.settle, Stamp::of);
            if !ready.is_empty() && self.file_batch(ready, on_event) {
                return End::Stop;
            }
            next_look = Instant::now() + tick;
        }
    }

    /// An event named `path`: if it is a name directly in the inbox that is not
    /// ignored, it settles again. The folder's own events and the shelves' are
    /// dropped here or when they turn out not to be regular files.
    fn note(&mut self, path: &Path, now: Instant) {
        if let Some(name) = path.file_name() {
            if !ignored(name) {
                self.arrivals.note(self.options.folder.join(name), now);
            }
        }
    }

    /// Every file in the folder starts settling (those already settling keep
    /// their time).
    fn scan(&mut self, now: Instant) -> Result<()> {
        let folder = &self.options.folder;
        let entries = std::fs::read_dir(folder).map_err(|e| folder_error(folder, &e))?;
        for entry in entries {
            let entry = entry.map_err(|e| folder_error(folder, &e))?;
            let name = entry.file_name();
            if !ignored(&name) && entry.file_type().is_ok_and(|t| t.is_file()) {
                self.arrivals.note_found(folder.join(name), now);
            }
        }
        Ok(())
    }

    /// Reads, imports and moves complete files. Returns true when it stopped
    /// because a stop was asked for.
    fn file_batch(
        &mut self,
        ready: Vec<(PathBuf, Stamp)>,
        on_event: &mut dyn FnMut(InboxEvent),
    ) -> bool {
        self.batches += 1;
        let mut batch = Batch {
            number: self.batches,
            total: ready.len(),
            ..Batch::default()
        };
        on_event(InboxEvent::BatchStarted {
            batch: batch.number,
            files: batch.total,
        });
        let mut rest = ready.into_iter().peekable();
        while rest.peek().is_some() && !self.stop_requested() {
            let mut chunk = Vec::new();
            let mut bytes = 0;
            while let Some((path, stamp)) = rest.next_if(|(_, stamp)| {
                chunk.is_empty() || (chunk.len() < CHUNK_FILES && bytes + stamp.size <= CHUNK_BYTES)
            }) {
                bytes += stamp.size;
                chunk.push((path, stamp));
            }
            if !self.file_chunk(chunk, &mut batch, on_event) {
                break;
            }
        }
        let stopped = self.stop_requested();
        // Whatever was not handled is still in the inbox: it settles again here,
        // or is found by the next start's scan.
        let now = Instant::now();
        for (path, _) in rest {
            self.arrivals.note(path, now);
            batch.deferred += 1;
        }
        on_event(InboxEvent::BatchFinished {
            batch: batch.number,
            imported: batch.imported,
            duplicates: batch.duplicates,
            failed: batch.failed,
            deferred: batch.deferred,
        });
        stopped
    }

    /// One transaction's worth of files. Returns false when the store refused it
    /// or a stop was asked for while reading: then nothing of it was imported, its
    /// files settle again and the batch ends.
    fn file_chunk(
        &mut self,
        chunk: Vec<(PathBuf, Stamp)>,
        batch: &mut Batch,
        on_event: &mut dyn FnMut(InboxEvent),
    ) -> bool {
        // Read every file; keep those still exactly as they settled. `read` holds
        // each kept file, `intakes` what reading it gave, in the same order.
        let mut read: Vec<(PathBuf, Stamp)> = Vec::new();
        let mut intakes: Vec<Result<Intake>> = Vec::new();
        let mut chunk = chunk.into_iter();
        while let Some((path, stamp)) = chunk.next() {
            if self.stop_requested() {
                // Reading a chunk of large files takes a while; stopping should not.
                let now = Instant::now();
                let unread = std::iter::once(path).chain(chunk.map(|(p, _)| p));
                for path in read.into_iter().map(|(p, _)| p).chain(unread) {
                    self.arrivals.note(path, now);
                    batch.deferred += 1;
                }
                return false;
            }
            let intake = ingest::read_file(&path);
            match Stamp::of(&path) {
                Some(after) if after == stamp => {
                    intakes.push(intake);
                    read.push((path, stamp));
                }
                Some(_) => {
                    // Written to while it was read: it settles again.
                    self.arrivals.note(path, Instant::now());
                    batch.deferred += 1;
                    batch.advance(on_event);
                }
                None => {
                    // Taken away by someone else: nothing to import or move.
                    batch.deferred += 1;
                    batch.advance(on_event);
                }
            }
        }
        let actor = self.options.actor.as_ref();
        let outcomes = match self.desk.import_read(intakes, actor, (self.clock)()) {
            Ok(outcomes) => outcomes,
            Err(error) => {
                on_event(InboxEvent::DeskError {
                    error: ErrorReport::from(&error),
                });
                let now = Instant::now();
                for (path, _) in read {
                    self.arrivals.note(path, now);
                    batch.deferred += 1;
                }
                return false;
            }
        };
        let folder = &self.options.folder;
        for ((path, stamp), result) in read.into_iter().zip(outcomes) {
            let (outcome, shelved) = match result {
                Ok(o) if o.created => {
                    batch.imported += 1;
                    let shelved = shelve(folder, &path, Shelf::Imported);
                    (FileOutcome::Imported { id: o.id }, shelved)
                }
                Ok(o) => {
                    batch.duplicates += 1;
                    let shelved = shelve(folder, &path, Shelf::Imported);
                    (FileOutcome::Duplicate { id: o.id }, shelved)
                }
                Err(error) => {
                    batch.failed += 1;
                    let shelved = shelve(folder, &path, Shelf::Failed(&error));
                    let error = ErrorReport::from(&error);
                    (FileOutcome::Failed { error }, shelved)
                }
            };
            let (moved_to, move_error) = match shelved {
                Ok(dest) => (Some(dest), None),
                Err(error) => {
                    self.arrivals.hold(path.clone(), stamp);
                    (None, Some(ErrorReport::from(&error)))
                }
            };
            on_event(InboxEvent::File(FileReport {
                batch: batch.number,
                file: path,
                outcome,
                moved_to,
                move_error,
            }));
            batch.advance(on_event);
        }
        true
    }
}

/// A batch in progress.
#[derive(Default)]
struct Batch {
    number: u64,
    total: usize,
    done: usize,
    imported: usize,
    duplicates: usize,
    failed: usize,
    deferred: usize,
}

impl Batch {
    fn advance(&mut self, on_event: &mut dyn FnMut(InboxEvent)) {
        self.done += 1;
        on_event(InboxEvent::BatchProgress {
            batch: self.number,
            done: self.done,
            total: self.total,
        });
    }
}

/// Sends a watch error unless the same one was the last sent.
fn report(
    folder: &Path,
    error: Error,
    reported: &mut Option<&'static str>,
    on_event: &mut dyn FnMut(InboxEvent),
) {
    if *reported != Some(error.code()) {
        *reported = Some(error.code());
        on_event(InboxEvent::WatchError {
            folder: folder.to_path_buf(),
            error: ErrorReport::from(&error),
        });
    }
}

/// What identifies the watched folder, so a folder deleted and made again under
/// the same name is noticed (the old watch would see nothing in the new one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FolderIdentity {
    device: u64,
    inode: u64,
}

/// The folder's identity if it can be watched now, or why not.
fn folder_identity(folder: &Path) -> Result<FolderIdentity> {
    let meta = std::fs::metadata(folder).map_err(|e| folder_error(folder, &e))?;
    if !meta.is_dir() {
        return Err(inbox_error(
            folder,
            "inbox_not_a_folder",
            "this is a file, not a folder; choose a folder as the inbox (setting inbox_dir)",
        ));
    }
    // Listing needs read permission, which metadata alone does not prove.
    std::fs::read_dir(folder).map_err(|e| folder_error(folder, &e))?;
    Ok(identity_of(&meta))
}

#[cfg(unix)]
fn identity_of(meta: &std::fs::Metadata) -> FolderIdentity {
    use std::os::unix::fs::MetadataExt;
    FolderIdentity {
        device: meta.dev(),
        inode: meta.ino(),
    }
}

#[cfg(not(unix))]
fn identity_of(_meta: &std::fs::Metadata) -> FolderIdentity {
    FolderIdentity {
        device: 0,
        inode: 0,
    }
}

fn inbox_error(folder: &Path, code: &'static str, reason: impl Into<String>) -> Error {
    Error::Inbox {
        folder: folder.to_path_buf(),
        code,
        reason: reason.into(),
    }
}

fn folder_error(folder: &Path, e: &std::io::Error) -> Error {
    match e.kind() {
        std::io::ErrorKind::NotFound => inbox_error(
            folder,
            "inbox_missing",
            "the folder does not exist (deleted, renamed, or its drive is not mounted); \
             create it again or choose another inbox (setting inbox_dir). Watching resumes \
             by itself when it is back",
        ),
        std::io::ErrorKind::PermissionDenied => inbox_error(
            folder,
            "inbox_permission_denied",
            "Dragoman may not read this folder; give your user read and write permission \
             on it, or choose another inbox (setting inbox_dir). Watching resumes by itself \
             when it can read it",
        ),
        std::io::ErrorKind::NotADirectory => inbox_error(
            folder,
            "inbox_not_a_folder",
            "part of this path is a file, not a folder; choose a folder as the inbox \
             (setting inbox_dir)",
        ),
        _ => watch_failed(folder, e),
    }
}

fn watch_failed(folder: &Path, e: &dyn std::fmt::Display) -> Error {
    inbox_error(
        folder,
        "watch_failed",
        format!(
            "the system could not watch this folder ({e}); Dragoman tries again by itself. \
             If it keeps failing, raise the file watch limits (on Linux \
             fs.inotify.max_user_watches and max_user_instances)"
        ),
    )
}

fn notify_error(folder: &Path, e: notify::Error) -> Error {
    match &e.kind {
        notify::ErrorKind::Io(io) => folder_error(folder, io),
        notify::ErrorKind::PathNotFound => {
            folder_error(folder, &std::io::ErrorKind::NotFound.into())
        }
        _ => watch_failed(folder, &e),
    }
}

/// An inbox folder ready to be watched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedFolder {
    /// Absolute, so what a shell shows is the folder whatever its working directory.
    pub path: PathBuf,
    /// Whether it did not exist and was made now.
    pub created: bool,
}

/// Makes `folder` ready for a watcher: absolute, and made if it does not exist
/// yet (the first start's default, or a folder just chosen). A folder that
/// disappears later is waited for by the watcher, never made again; this is for
/// the start of a watch only. The one preparation of the command and the window.
pub fn prepare_folder(folder: &Path) -> Result<PreparedFolder> {
    let path = std::path::absolute(folder).map_err(|e| Error::io(folder, e))?;
    let created = !path.exists();
    if created {
        std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))?;
    }
    Ok(PreparedFolder { path, created })
}

/// How many files in `folder` the watcher would import and move as soon as it
/// watched it (what its first look takes): the question to ask before a folder
/// that already holds files becomes the inbox. A missing folder holds none.
pub fn files_waiting(folder: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| !ignored(&e.file_name()) && e.file_type().is_ok_and(|t| t.is_file()))
        .count()
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::mpsc::Receiver;

    use super::*;

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
        assert_eq!(error.code, "binary_file");
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
        std::thread::sleep(SETTLE * 3);
        assert!(
            run.events.try_recv().is_err(),
            "nothing happens to partial or hidden files"
        );
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
        assert_eq!(story_count(&run.desk()), 1);
        assert_eq!(names_in(&run.inbox), [".hidden.md", "imported"]);
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
        assert_eq!(error.code, "inbox_missing");
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
    fn a_missing_folder_at_start_is_reported_once_and_stop_still_works() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(&dir.path().join("d.db")).unwrap();
        let missing = dir.path().join("nowhere");
        let (tx, rx) = mpsc::channel();
        let watch = Inbox::new(desk, InboxOptions::new(&missing, SETTLE), clock)
            .spawn(move |e| {
                let _ = tx.send(e);
            })
            .unwrap();
        // Several polls happen in this time; the error is sent once.
        std::thread::sleep(SETTLE * 4);
        watch.stop();
        let events: Vec<_> = rx.try_iter().collect();
        let errors: Vec<_> = events
            .iter()
            .filter_map(|e| match e {
                InboxEvent::WatchError { error, .. } => Some(error.code.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(errors, ["inbox_missing"]);
        assert_eq!(events.last(), Some(&InboxEvent::Stopped));
        assert!(!missing.exists(), "the watcher never creates the folder");
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
        assert_eq!(error.code, "watch_failed");
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
                code: "inbox_missing".into(),
                message: "gone".into(),
            },
        };
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"event": "watch_error", "folder": "/in",
                               "error": {"code": "inbox_missing", "message": "gone"}})
        );
    }
}
