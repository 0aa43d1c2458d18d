//! What the inbox tells its watcher: events, per-file reports and errors as
//! they cross to the desktop or to `--json`.

use std::path::PathBuf;

use serde::Serialize;

use crate::error::{Error, ErrorCode};

/// An error as it crosses to the desktop or to `--json`: a stable code to branch
/// on and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ErrorReport {
    pub code: ErrorCode,
    pub message: String,
}

impl From<&Error> for ErrorReport {
    fn from(e: &Error) -> Self {
        ErrorReport {
            code: e.kind(),
            message: e.to_string(),
        }
    }
}

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum FileOutcome {
    /// A new story, `id`.
    Imported { id: i64 },
    /// The same content is already on the desk as story `id`; nothing was added.
    Duplicate { id: i64 },
    /// A newer version of story `id`'s article (the same address, other text):
    /// nothing was added, and the file went to `imported/`, from where the
    /// story can take it (`Desk::update_source_file`) when a person chooses.
    NewVersion { id: i64 },
    /// It could not be imported; it went to `failed/` with this reason.
    Failed { error: ErrorReport },
}

/// One file handled: where it was, what became of it, where it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct FileReport {
    pub batch: u64,
    /// Its path in the inbox.
    #[serde(with = "lossy")]
    #[ts(type = "string")]
    pub file: PathBuf,
    #[serde(flatten)]
    pub outcome: FileOutcome,
    /// Its path in `imported/` or `failed/`; `None` when the move failed.
    #[serde(with = "lossy_opt")]
    #[ts(type = "string | null")]
    pub moved_to: Option<PathBuf>,
    /// Why it could not be moved; it stays in the inbox, is not imported again
    /// while it is unchanged, and is moved on the next start.
    pub move_error: Option<ErrorReport>,
}

/// Everything the watcher reports, in order. Serialised with an `"event"` tag in
/// snake_case (`{"event": "file", "outcome": "imported", "id": 3, ...}`) so the
/// desktop can forward it as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum InboxEvent {
    /// The folder is watched: at the start (`resumed: false`) or again after a
    /// watch error (`resumed: true`). Files already waiting are picked up next.
    Watching {
        #[serde(with = "lossy")]
        #[ts(type = "string")]
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
        /// Files whose article is on the desk already, as it is or in an
        /// older version.
        duplicates: usize,
        failed: usize,
        deferred: usize,
    },
    /// The folder cannot be watched (codes `inbox_missing`,
    /// `inbox_permission_denied`, `inbox_not_a_folder`, `watch_failed`). The
    /// watcher keeps polling and sends `Watching { resumed: true }` when it can
    /// watch again. The same error is reported once, not at every poll.
    WatchError {
        #[serde(with = "lossy")]
        #[ts(type = "string")]
        folder: PathBuf,
        error: ErrorReport,
    },
    /// The store refused a batch (busy, disk full…). Its files stay in the inbox
    /// and are tried again after the settle period.
    DeskError { error: ErrorReport },
    /// The watcher has stopped; nothing follows.
    Stopped,
}

/// Paths as text, whatever their bytes: a name that is not UTF-8 is still shown.
mod lossy {
    use std::path::Path;

    use serde::Serializer;

    pub fn serialize<S: Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&path.to_string_lossy())
    }
}

mod lossy_opt {
    use std::path::PathBuf;

    use serde::Serializer;

    pub fn serialize<S: Serializer>(path: &Option<PathBuf>, s: S) -> Result<S::Ok, S::Error> {
        match path {
            Some(p) => super::lossy::serialize(p, s),
            None => s.serialize_none(),
        }
    }
}
