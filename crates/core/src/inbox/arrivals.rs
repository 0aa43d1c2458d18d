//! Which files in the inbox are complete. A file is ready once its size and
//! modification time have stayed the same for the settle period, however it
//! arrived (written in place, copied, or renamed in). File system events only say
//! "look at this name again"; they are hints, never proof that a file is whole,
//! because the debouncer reports a created file once, while it may still be
//! written to.
//!
//! Everything here takes the current `Instant` as an argument, so the rules are
//! tested without waiting.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// What is compared between two looks at a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub size: u64,
    pub modified: Option<SystemTime>,
}

impl Stamp {
    /// The stamp of a regular file, or `None` for anything else (gone, a folder,
    /// a symbolic link, unreadable metadata).
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        meta.is_file().then(|| Stamp {
            size: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

#[derive(Debug, Clone, Copy)]
struct Seen {
    /// `None` until the first look after a note.
    stamp: Option<Stamp>,
    /// When the current stamp was first seen (or the last event came).
    since: Instant,
}

/// The files that are settling, and those put aside after their move failed.
#[derive(Debug, Default)]
pub(crate) struct Arrivals {
    waiting: BTreeMap<PathBuf, Seen>,
    held: BTreeMap<PathBuf, Stamp>,
}

/// Names that are still being written by their program, or are not meant for the
/// desk: they are left alone until renamed.
pub(crate) fn ignored(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    let lower = name.to_lowercase();
    name.starts_with('.')
        || name.ends_with('~')
        || [".part", ".tmp", ".crdownload"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

impl Arrivals {
    /// Something happened to `path`: its settle period starts again, whatever
    /// its stamp says, because a rewrite can keep both size and (coarse) mtime.
    pub fn note(&mut self, path: PathBuf, now: Instant) {
        self.held.remove(&path);
        self.waiting.insert(
            path,
            Seen {
                stamp: None,
                since: now,
            },
        );
    }

    /// A scan found `path`: it starts settling unless it is already settling or
    /// put aside.
    pub fn note_found(&mut self, path: PathBuf, now: Instant) {
        if !self.held.contains_key(&path) {
            self.waiting.entry(path).or_insert(Seen {
                stamp: None,
                since: now,
            });
        }
    }

    /// Puts a file aside after its move out of the inbox failed, so it is not
    /// imported again and again; it settles again once it changes.
    pub fn hold(&mut self, path: PathBuf, stamp: Stamp) {
        self.waiting.remove(&path);
        self.held.insert(path, stamp);
    }

    #[cfg(test)]
    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }

    /// Looks at every settling file through `stamp_of` and returns, in name order,
    /// those whose stamp has not changed for `settle`, with that stamp. Files that
    /// are gone are forgotten.
    pub fn look(
        &mut self,
        now: Instant,
        settle: Duration,
        stamp_of: impl Fn(&Path) -> Option<Stamp>,
    ) -> Vec<(PathBuf, Stamp)> {
        self.held.retain(|path, stamp| match stamp_of(path) {
            Some(now_stamp) if now_stamp == *stamp => true,
            Some(_) => {
                self.waiting.insert(
                    path.clone(),
                    Seen {
                        stamp: None,
                        since: now,
                    },
                );
                false
            }
            None => false,
        });
        let mut ready = Vec::new();
        self.waiting.retain(|path, seen| {
            let Some(stamp) = stamp_of(path) else {
                return false;
            };
            if seen.stamp != Some(stamp) {
                *seen = Seen {
                    stamp: Some(stamp),
                    since: now,
                };
                return true;
            }
            if now.saturating_duration_since(seen.since) >= settle {
                ready.push((path.clone(), stamp));
                return false;
            }
            true
        });
        ready
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::HashMap;

    use super::*;

    const SETTLE: Duration = Duration::from_millis(500);

    /// A file system of stamps the test changes between looks.
    #[derive(Default)]
    struct Files(RefCell<HashMap<PathBuf, Stamp>>);

    impl Files {
        fn set(&self, path: &str, size: u64, secs: u64) {
            self.0.borrow_mut().insert(
                PathBuf::from(path),
                Stamp {
                    size,
                    modified: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs)),
                },
            );
        }
        fn remove(&self, path: &str) {
            self.0.borrow_mut().remove(Path::new(path));
        }
        fn stamp(&self, path: &Path) -> Option<Stamp> {
            self.0.borrow().get(path).copied()
        }
    }

    fn names(ready: &[(PathBuf, Stamp)]) -> Vec<&str> {
        ready.iter().map(|(p, _)| p.to_str().unwrap()).collect()
    }

    #[test]
    fn a_file_is_ready_only_after_a_full_quiet_settle_period() {
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        let files = Files::default();
        let mut arrivals = Arrivals::default();
        files.set("/in/a.txt", 100, 1);
        arrivals.note("/in/a.txt".into(), t0);
        // The first look only records the stamp.
        assert!(arrivals.look(ms(10), SETTLE, |p| files.stamp(p)).is_empty());
        // It grows: the period starts again from this look.
        files.set("/in/a.txt", 200, 2);
        assert!(arrivals
            .look(ms(400), SETTLE, |p| files.stamp(p))
            .is_empty());
        assert!(arrivals
            .look(ms(899), SETTLE, |p| files.stamp(p))
            .is_empty());
        let ready = arrivals.look(ms(900), SETTLE, |p| files.stamp(p));
        assert_eq!(names(&ready), ["/in/a.txt"]);
        assert_eq!(ready[0].1.size, 200);
        assert_eq!(arrivals.waiting(), 0);
    }

    #[test]
    fn a_modification_with_the_same_stamp_still_restarts_the_period() {
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        let files = Files::default();
        let mut arrivals = Arrivals::default();
        files.set("/in/a.txt", 100, 1);
        arrivals.note("/in/a.txt".into(), t0);
        arrivals.look(ms(0), SETTLE, |p| files.stamp(p));
        // An event says it was written again; on a file system with coarse
        // timestamps size and mtime may not show it.
        arrivals.note("/in/a.txt".into(), ms(400));
        assert!(arrivals
            .look(ms(600), SETTLE, |p| files.stamp(p))
            .is_empty());
        assert!(arrivals
            .look(ms(1000), SETTLE, |p| files.stamp(p))
            .is_empty());
        assert_eq!(
            names(&arrivals.look(ms(1100), SETTLE, |p| files.stamp(p))),
            ["/in/a.txt"]
        );
    }

    #[test]
    fn gone_files_are_forgotten_and_scans_do_not_restart_the_period() {
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        let files = Files::default();
        let mut arrivals = Arrivals::default();
        files.set("/in/b.txt", 1, 1);
        files.set("/in/a.txt", 1, 1);
        arrivals.note("/in/b.txt".into(), t0);
        arrivals.note("/in/a.txt".into(), t0);
        arrivals.note("/in/gone.txt".into(), t0);
        arrivals.look(ms(0), SETTLE, |p| files.stamp(p));
        assert_eq!(arrivals.waiting(), 2);
        // A rescan finds them again; that is no news.
        arrivals.note_found("/in/a.txt".into(), ms(300));
        files.remove("/in/b.txt");
        let ready = arrivals.look(ms(500), SETTLE, |p| files.stamp(p));
        assert_eq!(names(&ready), ["/in/a.txt"]);
        assert_eq!(arrivals.waiting(), 0);
    }

    #[test]
    fn a_held_file_stays_aside_until_it_changes() {
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        let files = Files::default();
        let mut arrivals = Arrivals::default();
        files.set("/in/a.txt", 1, 1);
        arrivals.hold(
            "/in/a.txt".into(),
            files.stamp(Path::new("/in/a.txt")).unwrap(),
        );
        arrivals.note_found("/in/a.txt".into(), t0);
        assert!(arrivals
            .look(ms(1000), SETTLE, |p| files.stamp(p))
            .is_empty());
        assert_eq!(arrivals.waiting(), 0);
        files.set("/in/a.txt", 2, 2);
        arrivals.look(ms(1100), SETTLE, |p| files.stamp(p));
        assert_eq!(arrivals.waiting(), 1);
        arrivals.look(ms(1200), SETTLE, |p| files.stamp(p));
        assert_eq!(
            names(&arrivals.look(ms(1700), SETTLE, |p| files.stamp(p))),
            ["/in/a.txt"]
        );
    }

    #[test]
    fn partial_and_hidden_names_are_ignored() {
        for name in [
            "story.md.part",
            "story.md.PART",
            "x.tmp",
            "download.crdownload",
            "notes.md~",
            ".hidden.md",
            ".~lock.story.md#",
        ] {
            assert!(ignored(OsStr::new(name)), "{name}");
        }
        for name in ["story.md", "story.txt", "partial.md", "tmp", "report.html"] {
            assert!(!ignored(OsStr::new(name)), "{name}");
        }
    }

    #[test]
    fn stamps_are_for_regular_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "abc").unwrap();
        assert_eq!(Stamp::of(&file).unwrap().size, 3);
        assert!(Stamp::of(dir.path()).is_none());
        assert!(Stamp::of(&dir.path().join("missing")).is_none());
    }
}
