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

mod batch;
mod events;
mod folder;

pub use events::{ErrorReport, FileOutcome, FileReport, InboxEvent};
pub use folder::{files_waiting, prepare_folder, PreparedFolder};
use folder::{folder_error, folder_identity, notify_error, watch_failed, FolderIdentity};

#[cfg(test)]
mod tests;
