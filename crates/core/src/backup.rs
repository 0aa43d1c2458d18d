//! Backups of a live store: SQLite's online backup API copies a consistent
//! snapshot while the desk stays open, the copy is checked before it is kept, and
//! the default folder keeps the last [`KEEP`].

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::Desk;

/// How many backups the default folder keeps; older ones are removed.
pub const KEEP: usize = 10;

const PREFIX: &str = "dragoman-";
const SUFFIX: &str = ".db";

/// A backup written and checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    /// Older backups removed from the default folder to keep the last ten.
    pub removed: Vec<PathBuf>,
}

/// The folder backups go to unless told otherwise: `backups/` beside the store.
pub fn default_folder(store: &Path) -> PathBuf {
    store
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

fn file_name(now: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{SUFFIX}", now.format("%Y%m%d-%H%M%S"))
}

/// The backups in `folder`, oldest first (their names sort by time).
pub fn list(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return vec![];
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(SUFFIX))
                && p.is_file()
        })
        .collect();
    found.sort();
    found
}

impl Desk {
    /// Writes a consistent copy of the store to `dest` (a file that must not
    /// exist yet, or a folder), or to a new file in [`default_folder`], checks it
    /// with `integrity_check`, and in the default folder removes all but the
    /// last [`KEEP`]. A copy that fails its check is removed and reported.
    pub fn backup(&self, dest: Option<&Path>, now: DateTime<Utc>) -> Result<BackupReport> {
        let default = default_folder(&self.path);
        let (target, pruned_folder) = match dest {
            None => (default.join(file_name(now)), Some(default.clone())),
            Some(d) if d.is_dir() => (d.join(file_name(now)), None),
            Some(d) => (d.to_path_buf(), None),
        };
        if target.exists() {
            return Err(Error::invalid(format!(
                "{} already exists; a backup never overwrites a file, so choose another name",
                target.display()
            )));
        }
        let folder = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
        // Written under a temporary name and renamed once checked, so a backup
        // folder never holds a half-written or unchecked copy.
        let partial = target.with_extension("db.part");
        let written = self.copy_to(&partial).and_then(|()| check(&partial));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
        std::fs::rename(&partial, &target).map_err(|e| Error::io(&target, e))?;
        let bytes = std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0);
        let mut removed = Vec::new();
        if let Some(folder) = pruned_folder {
            let all = list(&folder);
            for old in &all[..all.len().saturating_sub(KEEP)] {
                if std::fs::remove_file(old).is_ok() {
                    removed.push(old.clone());
                }
            }
        }
        Ok(BackupReport {
            path: target,
            bytes,
            removed,
        })
    }

    /// Copies the store to `path` in one step: one read snapshot, which WAL lets
    /// writers go on beside. Copied a few pages at a time, as rusqlite's
    /// `Connection::backup` does, the copy starts over at every write from
    /// another connection (the window, the watcher), so a busy desk might never
    /// finish one.
    fn copy_to(&self, path: &Path) -> Result<()> {
        let mut copy = Connection::open(path)?;
        let backup = Backup::new(&self.conn, &mut copy)?;
        match backup.step(-1)? {
            StepResult::Done => Ok(()),
            _ => Err(Error::invalid(
                "the store was locked while it was copied; nothing was kept — try again in a moment",
            )),
        }
    }

    /// A backup in the default folder unless one was made in the last day: what
    /// the window does as it starts, so a desk has a recent copy without anyone
    /// remembering to make one.
    pub fn backup_if_due(&self, now: DateTime<Utc>) -> Result<Option<BackupReport>> {
        let due = match self.last_backup().as_deref().and_then(taken_at) {
            Some(at) => now - at >= chrono::Duration::days(1),
            None => true,
        };
        if due {
            self.backup(None, now).map(Some)
        } else {
            Ok(None)
        }
    }

    /// The newest backup in the default folder, if any.
    pub fn last_backup(&self) -> Option<PathBuf> {
        list(&default_folder(&self.path)).pop()
    }
}

/// When a backup in the default folder was taken, from its name.
pub fn taken_at(path: &Path) -> Option<DateTime<Utc>> {
    let name = path.file_name()?.to_str()?;
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S")
        .ok()
        .map(|t| t.and_utc())
}

/// Opens the copy on its own and runs `integrity_check` on it.
fn check(path: &Path) -> Result<()> {
    let conn = Connection::open(path)?;
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    // The copy is a store of its own: back to one file, no WAL beside it.
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    if verdict != "ok" {
        return Err(Error::invalid(format!(
            "the backup failed its integrity check ({verdict}); nothing was kept — \
             check the disk and try again"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 4, 9, minute, 0).unwrap()
    }

    fn desk_with_a_story() -> (tempfile::TempDir, Desk) {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("desk.db")).unwrap();
        let intake = crate::ingest::parse_text(
            "s.txt",
            crate::ingest::Format::Plain,
            "Headline\nالفقرة الأولى.\n",
        )
        .unwrap();
        desk.import(&[intake], None, at(0)).unwrap();
        (dir, desk)
    }

    #[test]
    fn a_backup_is_a_checked_copy_that_opens_as_a_store() {
        let (dir, desk) = desk_with_a_story();
        let report = desk.backup(None, at(1)).unwrap();
        assert_eq!(
            report.path,
            dir.path().join("backups/dragoman-20261204-090100.db")
        );
        assert!(report.bytes > 0);
        assert!(!dir
            .path()
            .join("backups/dragoman-20261204-090100.db.part")
            .exists());
        let copy = Desk::open(&report.path).unwrap();
        assert_eq!(copy.story(1).unwrap().source.headline, "Headline");
        assert_eq!(desk.last_backup(), Some(report.path.clone()));
        // Never over an existing file, the store itself included.
        assert_eq!(
            desk.backup(Some(&report.path), at(2)).unwrap_err().code(),
            "invalid_input"
        );
        assert_eq!(
            desk.backup(Some(&dir.path().join("desk.db")), at(2))
                .unwrap_err()
                .code(),
            "invalid_input"
        );
    }

    #[test]
    fn at_most_one_backup_a_day_on_start() {
        let (dir, desk) = desk_with_a_story();
        assert!(desk.backup_if_due(at(0)).unwrap().is_some());
        assert!(desk.backup_if_due(at(59)).unwrap().is_none());
        let next_day = at(0) + chrono::Duration::days(1);
        assert!(desk.backup_if_due(next_day).unwrap().is_some());
        assert_eq!(list(&dir.path().join("backups")).len(), 2);
        assert_eq!(taken_at(&desk.last_backup().unwrap()), Some(next_day));
    }

    #[test]
    fn the_default_folder_keeps_the_last_ten() {
        let (dir, desk) = desk_with_a_story();
        for minute in 0..12 {
            desk.backup(None, at(minute)).unwrap();
        }
        let kept = list(&dir.path().join("backups"));
        assert_eq!(kept.len(), KEEP);
        assert!(kept[0].ends_with("dragoman-20261204-090200.db"));
        // A folder given as the destination is the user's: nothing is removed.
        let mine = dir.path().join("mine");
        std::fs::create_dir(&mine).unwrap();
        for minute in 20..32 {
            desk.backup(Some(&mine), at(minute)).unwrap();
        }
        assert_eq!(list(&mine).len(), 12);
    }
}
