//! Moving a handled file out of the inbox, into `imported/` or `failed/` inside it.
//! Nothing is ever deleted or overwritten: a name already taken gets a number
//! ("story (2).md"), and a move is a hard link under the new name followed by
//! removing the inbox name, so the file always has at least one name. A move cut
//! short between the two leaves the file under both names; the next attempt finds
//! the earlier link and only removes the inbox name.

use std::ffi::{OsStr, OsString};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The folder inside the inbox for files that are on the desk.
pub const IMPORTED_DIR: &str = "imported";
/// The folder inside the inbox for files that could not be imported.
pub const FAILED_DIR: &str = "failed";
/// Beside `failed/NAME`, `NAME` + this says why.
pub const REASON_SUFFIX: &str = ".error.txt";

/// How many numbered names are tried before giving up.
const MAX_NUMBER: u32 = 100_000;

/// Where a file goes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shelf<'a> {
    Imported,
    /// Failed, with this reason written beside it.
    Failed(&'a Error),
}

impl Shelf<'_> {
    fn dir(self) -> &'static str {
        match self {
            Shelf::Imported => IMPORTED_DIR,
            Shelf::Failed(_) => FAILED_DIR,
        }
    }
}

/// Moves `file` (a name directly inside `inbox`) to the shelf and returns its new
/// path.
pub(crate) fn shelve(inbox: &Path, file: &Path, shelf: Shelf<'_>) -> Result<PathBuf> {
    let dir = inbox.join(shelf.dir());
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let name = file
        .file_name()
        .ok_or_else(|| Error::invalid(format!("{} has no file name", file.display())))?;
    let (dest, linked) = match earlier_link(file, &dir)? {
        Some(dest) => (dest, true),
        None => place(file, &dir, name, shelf)?,
    };
    if let Shelf::Failed(reason) = shelf {
        write_reason(&dest, file, reason)?;
    }
    if linked {
        std::fs::remove_file(file).map_err(|e| Error::io(file, e))?;
    }
    Ok(dest)
}

/// `name`, then `stem (2).ext`, `stem (3).ext`…
pub(crate) fn numbered(name: &OsStr, n: u32) -> OsString {
    if n <= 1 {
        return name.to_os_string();
    }
    let text = name.to_string_lossy();
    // A leading dot is part of the stem (".profile" has no extension).
    let split = text
        .char_indices()
        .skip(1)
        .filter(|(_, c)| *c == '.')
        .last()
        .map(|(i, _)| i);
    match split {
        Some(i) => format!("{} ({n}){}", &text[..i], &text[i..]).into(),
        None => format!("{text} ({n})").into(),
    }
}

fn reason_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().unwrap_or_default().to_os_string();
    name.push(REASON_SUFFIX);
    dest.with_file_name(name)
}

/// Gives the file its first free name in `dir`. Returns whether it was linked
/// (the inbox name is still there) or renamed (already gone from the inbox).
fn place(file: &Path, dir: &Path, name: &OsStr, shelf: Shelf<'_>) -> Result<(PathBuf, bool)> {
    for n in 1..=MAX_NUMBER {
        let dest = dir.join(numbered(name, n));
        // A reason file already there belongs to another failed file of that name.
        if matches!(shelf, Shelf::Failed(_)) && exists(&reason_path(&dest)) {
            continue;
        }
        match std::fs::hard_link(file, &dest) {
            Ok(()) => return Ok((dest, true)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            // File systems without hard links (FAT, some network shares): a rename
            // after checking the name is free, which is as close as they allow.
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::Unsupported | ErrorKind::PermissionDenied
                ) =>
            {
                if exists(&dest) {
                    continue;
                }
                std::fs::rename(file, &dest).map_err(|e| Error::io(&dest, e))?;
                return Ok((dest, false));
            }
            Err(e) => return Err(Error::io(&dest, e)),
        }
    }
    Err(Error::invalid(format!(
        "{} already holds {MAX_NUMBER} files named like {}; move some away",
        dir.display(),
        name.to_string_lossy()
    )))
}

fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// The name `file` already has in `dir`, when an earlier move was cut short
/// between linking and removing the inbox name.
#[cfg(unix)]
fn earlier_link(file: &Path, dir: &Path) -> Result<Option<PathBuf>> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(file).map_err(|e| Error::io(file, e))?;
    if meta.nlink() < 2 {
        return Ok(None);
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries.flatten() {
        if let Ok(m) = entry.metadata() {
            if m.dev() == meta.dev() && m.ino() == meta.ino() {
                return Ok(Some(entry.path()));
            }
        }
    }
    Ok(None)
}

#[cfg(not(unix))]
fn earlier_link(_file: &Path, _dir: &Path) -> Result<Option<PathBuf>> {
    Ok(None)
}

/// Writes `NAME.error.txt` beside `dest` unless an earlier, cut-short attempt
/// already did. It is written under a temporary name first so a reader never
/// sees half a reason.
fn write_reason(dest: &Path, original: &Path, reason: &Error) -> Result<()> {
    let path = reason_path(dest);
    if exists(&path) {
        return Ok(());
    }
    let text = format!(
        "{} could not be imported.\ncode: {}\nreason: {}\n",
        original.file_name().unwrap_or_default().to_string_lossy(),
        reason.code(),
        reason
    );
    let mut partial_name = path.file_name().unwrap_or_default().to_os_string();
    partial_name.push(".partial");
    let partial = path.with_file_name(partial_name);
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&partial)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&partial, &path)
    };
    write().map_err(|e| Error::io(&path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intake_error() -> Error {
        Error::Intake {
            path: "x".into(),
            code: crate::error::ErrorCode::BinaryFile,
            reason: "this is not a text file".into(),
        }
    }

    #[test]
    fn numbers_go_before_the_extension() {
        let n = |name: &str, k| numbered(OsStr::new(name), k).into_string().unwrap();
        assert_eq!(n("story.md", 1), "story.md");
        assert_eq!(n("story.md", 2), "story (2).md");
        assert_eq!(n("a.tar.gz", 3), "a.tar (3).gz");
        assert_eq!(n("README", 2), "README (2)");
        assert_eq!(n(".profile", 2), ".profile (2)");
        assert_eq!(n("خبر.txt", 2), "خبر (2).txt");
    }

    #[test]
    fn clashing_names_are_numbered_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path();
        let mut moved = Vec::new();
        for content in ["one", "two", "three"] {
            let file = inbox.join("story.md");
            std::fs::write(&file, content).unwrap();
            moved.push(shelve(inbox, &file, Shelf::Imported).unwrap());
            assert!(!file.exists());
        }
        let names: Vec<_> = moved
            .iter()
            .map(|p| p.file_name().unwrap().to_str().unwrap().to_string())
            .collect();
        assert_eq!(names, ["story.md", "story (2).md", "story (3).md"]);
        for (path, content) in moved.iter().zip(["one", "two", "three"]) {
            assert_eq!(path.parent().unwrap(), inbox.join(IMPORTED_DIR));
            assert_eq!(std::fs::read_to_string(path).unwrap(), content);
        }
    }

    #[test]
    fn failed_files_get_their_reason_beside_them() {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path();
        let failed = inbox.join(FAILED_DIR);
        std::fs::create_dir(&failed).unwrap();
        // Someone left a reason file with no file beside it: that name is taken.
        std::fs::write(failed.join("bad.bin.error.txt"), "older").unwrap();
        let file = inbox.join("bad.bin");
        std::fs::write(&file, b"\0\x01").unwrap();
        let reason = intake_error();
        let dest = shelve(inbox, &file, Shelf::Failed(&reason)).unwrap();
        assert_eq!(dest, failed.join("bad (2).bin"));
        let reason = std::fs::read_to_string(failed.join("bad (2).bin.error.txt")).unwrap();
        assert!(reason.contains("code: binary_file"), "{reason}");
        assert!(reason.contains("this is not a text file"), "{reason}");
        assert_eq!(
            std::fs::read_to_string(failed.join("bad.bin.error.txt")).unwrap(),
            "older"
        );
        let left: Vec<_> = std::fs::read_dir(&failed).unwrap().collect();
        assert_eq!(left.len(), 3, "no partial file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_move_cut_short_is_finished_without_a_second_copy() {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path();
        let imported = inbox.join(IMPORTED_DIR);
        std::fs::create_dir(&imported).unwrap();
        std::fs::write(imported.join("story.md"), "another story").unwrap();
        let file = inbox.join("story.md");
        std::fs::write(&file, "this story").unwrap();
        // The earlier attempt linked the file as "story (2).md" and was killed.
        std::fs::hard_link(&file, imported.join("story (2).md")).unwrap();
        let dest = shelve(inbox, &file, Shelf::Imported).unwrap();
        assert_eq!(dest, imported.join("story (2).md"));
        assert!(!file.exists());
        assert_eq!(std::fs::read_dir(&imported).unwrap().count(), 2);
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "this story");
    }

    #[cfg(unix)]
    #[test]
    fn a_failed_move_cut_short_still_gets_its_reason() {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path();
        let failed = inbox.join(FAILED_DIR);
        std::fs::create_dir(&failed).unwrap();
        let file = inbox.join("empty.txt");
        std::fs::write(&file, "").unwrap();
        std::fs::hard_link(&file, failed.join("empty.txt")).unwrap();
        let reason = intake_error();
        let dest = shelve(inbox, &file, Shelf::Failed(&reason)).unwrap();
        assert_eq!(dest, failed.join("empty.txt"));
        assert!(failed.join("empty.txt.error.txt").exists());
        assert!(!file.exists());
    }
}
