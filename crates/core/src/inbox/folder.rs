//! The watched folder itself: what identifies it, how it is made ready, and
//! the errors a folder can give.

use std::path::{Path, PathBuf};

use super::arrivals::ignored;
use crate::error::{Error, ErrorCode, Result};

/// What identifies the watched folder, so a folder deleted and made again under
/// the same name is noticed (the old watch would see nothing in the new one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FolderIdentity {
    device: u64,
    inode: u64,
}

/// The folder's identity if it can be watched now, or why not.
pub(super) fn folder_identity(folder: &Path) -> Result<FolderIdentity> {
    let meta = std::fs::metadata(folder).map_err(|e| folder_error(folder, &e))?;
    if !meta.is_dir() {
        return Err(inbox_error(
            folder,
            ErrorCode::InboxNotAFolder,
            "this is a file, not a folder; choose a folder as the inbox (setting inbox_dir)",
        ));
    }
    // Listing needs read permission, which metadata alone does not prove.
    std::fs::read_dir(folder).map_err(|e| folder_error(folder, &e))?;
    Ok(identity_of(&meta))
}

#[cfg(unix)]
pub(super) fn identity_of(meta: &std::fs::Metadata) -> FolderIdentity {
    use std::os::unix::fs::MetadataExt;
    FolderIdentity {
        device: meta.dev(),
        inode: meta.ino(),
    }
}

#[cfg(not(unix))]
pub(super) fn identity_of(_meta: &std::fs::Metadata) -> FolderIdentity {
    FolderIdentity {
        device: 0,
        inode: 0,
    }
}

pub(super) fn inbox_error(folder: &Path, code: ErrorCode, reason: impl Into<String>) -> Error {
    Error::Inbox {
        folder: folder.to_path_buf(),
        code,
        reason: reason.into(),
    }
}

pub(super) fn folder_error(folder: &Path, e: &std::io::Error) -> Error {
    match e.kind() {
        std::io::ErrorKind::NotFound => inbox_error(
            folder,
            ErrorCode::InboxMissing,
            "the folder does not exist (deleted, renamed, or its drive is not mounted); \
             create it again or choose another inbox (setting inbox_dir). Watching resumes \
             by itself when it is back",
        ),
        std::io::ErrorKind::PermissionDenied => inbox_error(
            folder,
            ErrorCode::InboxPermissionDenied,
            "Dragoman may not read this folder; give your user read and write permission \
             on it, or choose another inbox (setting inbox_dir). Watching resumes by itself \
             when it can read it",
        ),
        std::io::ErrorKind::NotADirectory => inbox_error(
            folder,
            ErrorCode::InboxNotAFolder,
            "part of this path is a file, not a folder; choose a folder as the inbox \
             (setting inbox_dir)",
        ),
        _ => watch_failed(folder, e),
    }
}

pub(super) fn watch_failed(folder: &Path, e: &dyn std::fmt::Display) -> Error {
    inbox_error(
        folder,
        ErrorCode::WatchFailed,
        format!(
            "the system could not watch this folder ({e}); Dragoman tries again by itself. \
             If it keeps failing, raise the file watch limits (on Linux \
             fs.inotify.max_user_watches and max_user_instances)"
        ),
    )
}

pub(super) fn notify_error(folder: &Path, e: notify::Error) -> Error {
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
