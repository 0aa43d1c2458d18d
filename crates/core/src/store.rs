//! Opening the SQLite store: connection settings, migrations, and the one way to write.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};
use rusqlite_migration::{Migrations, M};

use crate::error::{Error, Result};

/// The schema, one entry per numbered file in `migrations/`, in order. A file is
/// never edited once released; a change is a new file here.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/0001_stories.sql"),
    include_str!("../../../migrations/0002_search_pending.sql"),
    include_str!("../../../migrations/0003_desk_overview.sql"),
    include_str!("../../../migrations/0004_drop_unused_story_indexes.sql"),
    include_str!("../../../migrations/0005_desk_count.sql"),
    include_str!("../../../migrations/0006_story_clustered_history.sql"),
    include_str!("../../../migrations/0007_constraints_and_filtered_list.sql"),
    include_str!("../../../migrations/0008_memory.sql"),
    include_str!("../../../migrations/0009_memory_imported_pairs.sql"),
    include_str!("../../../migrations/0010_glossary.sql"),
    include_str!("../../../migrations/0011_updated_sources.sql"),
    include_str!("../../../migrations/0012_assignments.sql"),
];

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// The store's file name in the user's data folder.
pub const STORE_FILE: &str = "dragoman.db";

/// Where the store is: the path a person gave (the command line's `--db`, the
/// `DRAGOMAN_DB` variable; blank is none), else [`STORE_FILE`] in `data_dir`, the
/// platform's data folder, which each shell looks up. The same rule for every
/// shell, so the command and the window open the same file.
pub fn location(given: Option<&Path>, data_dir: Option<&Path>) -> Result<PathBuf> {
    match (given.filter(|p| !p.as_os_str().is_empty()), data_dir) {
        (Some(path), _) => Ok(path.to_path_buf()),
        (None, Some(dir)) => Ok(dir.join(STORE_FILE)),
        (None, None) => Err(Error::NoDataFolder),
    }
}

/// The schema's SQL, migration by migration, in order: for tools that build a
/// store of the same shape without a `Desk` (the benchmark's raw baseline).
pub fn schema_sql() -> &'static [&'static str] {
    MIGRATIONS
}

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// How much of the store file reads may map; see `Desk::open`. Public so the
/// benchmark's raw baseline maps the same amount.
pub const MMAP_BYTES: i64 = 1 << 31;

/// How long a write waits for another connection's write lock before it fails
/// with `busy`. Public so the desktop shell can give a save in progress longer.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// What marks an SQLite file as a Dragoman store (`PRAGMA application_id`,
/// "DRGM"): another program's database is refused instead of being given our
/// tables.
pub const APPLICATION_ID: i32 = 0x4452_474D;

/// An open store. All reads and writes of stories go through a `Desk`.
pub struct Desk {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    pub(crate) folder_defaults: crate::settings::FolderDefaults,
    /// Whether this open made a new, empty store (a mistyped path, say).
    created: bool,
}

impl Desk {
    /// Opens (creating and migrating on first use) the store at `path`.
    ///
    /// A store written by a newer Dragoman is refused before anything in it is
    /// touched, journal mode included.
    pub fn open(path: &Path) -> Result<Desk> {
        let existed = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .map_err(|e| not_a_store(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| not_a_store(path, e))?;
        if found > schema_version() {
            return Err(Error::StoreTooNew {
                path: path.to_path_buf(),
                found,
                known: schema_version(),
            });
        }
        // Ours, new, or a store from before stores were marked; anything else is
        // another program's, refused before a pragma or table touches it.
        let id: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| not_a_store(path, e))?;
        if id != APPLICATION_ID {
            let ours_unmarked = id == 0
                && conn
                    .query_row(
                        "SELECT (SELECT count(*) FROM sqlite_master) = 0
                             OR (?1 > 0 AND EXISTS (SELECT 1 FROM sqlite_master
                                                    WHERE type = 'table' AND name = 'story'))",
                        [found],
                        |r| r.get::<_, bool>(0),
                    )
                    .map_err(|e| not_a_store(path, e))?;
            if !ours_unmarked {
                return Err(Error::ForeignStore {
                    path: path.to_path_buf(),
                });
            }
        }
        // WAL lets the desktop read while the watcher writes; FULL makes every
        // reported save survive a power cut, not only a crash of the process.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| not_a_store(path, e))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Reads through a memory map instead of a read() per page. A search on
        // a large desk touches thousands of index pages, and copying each one
        // into SQLite's page cache cost a third of the query (measured by
        // `make bench` at 50,000 stories). Writes still go through the WAL with
        // write(), so a full disk is an error, not a fault. A read error on the
        // mapped file (a network drive gone, the file truncated by another
        // program) stops the process instead of returning an error; the store
        // lives in the user's data folder, where that is not expected. SQLite
        // caps the size at its compile-time limit (2 GiB).
        conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
        let mut conn = conn;
        // A migration that rebuilds a table drops the old one, which with
        // foreign keys on would delete every row referring to it (0007
        // rebuilds `story`). They are off while the schema changes, as SQLite's
        // own procedure for altering a table says, and checked before going on.
        // The check reads every referring row, so it runs only when a
        // migration did: not at every start of a large desk.
        // rusqlite's bundled SQLite starts with foreign keys on.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        let before: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        migrations()
            .to_latest(&mut conn)
            .map_err(|e| Error::Migration(e.to_string()))?;
        let after: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let broken: Option<String> = if after == before {
            None
        } else {
            conn.query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
                .optional()?
        };
        if let Some(table) = broken {
            return Err(Error::Migration(format!(
                "rows of `{table}` refer to rows that are gone"
            )));
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        if id != APPLICATION_ID {
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        Ok(Desk {
            conn,
            path: path.to_path_buf(),
            folder_defaults: Default::default(),
            created: !existed,
        })
    }

    /// Whether opening made a new, empty store: a shell says so, since a mistyped
    /// path otherwise shows an empty desk as if the stories were gone.
    pub fn created(&self) -> bool {
        self.created
    }

    /// Where the store lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A number that changes whenever another connection commits to the store
    /// (SQLite's `data_version`), and not for this desk's own writes: how a
    /// shell notices, cheaply and without reading a story, that the command
    /// line, the inbox or another window changed something.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Runs `f` in an IMMEDIATE transaction: it takes the write lock up front, so
    /// two writers queue on the busy timeout instead of failing half-way.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Checks the store file: `PRAGMA integrity_check`, "ok" when sound.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

fn not_a_store(path: &Path, e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::invalid(format!(
            "{} is not a Dragoman store (not an SQLite database); choose another file for the store",
            path.display()
        )),
        Some(rusqlite::ErrorCode::CannotOpen) => Error::invalid(format!(
            "cannot open the store at {}; check that its folder exists and is writable",
            path.display()
        )),
        _ => Error::Database(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SHA-256 of every released migration. A released file is never edited
    /// (a store that ran it would differ from one that runs the edited file);
    /// a change is a new numbered file, and its hash is added here.
    const RELEASED: &[&str] = &[
        "3e7f64b904d000c030ec35d894d3ab8c9037dad70c6934c3052c7688b946ab13",
        "a8daec73f96ac7237594d3b0a08f5b302166bc824d17ffaae7022a499a838a63",
        "c0d99908be6091c88d41350a628b2ef3ca71e7afd1fe216e19df1f36ff23f1c6",
        "fb68f2848536c23c9b5620cc16bcf0693e4250dda20c260ab770090116f6ba2b",
        "60a3dfc18a62d5c0620486b8ed7cb5ab4f15a7de7602f936c6ce5e4c6e1dd4ac",
        "fd350b988d91acca85495f03c74f2e688fbe43926382e7abe4443729de6894e1",
        "9c6c9b3c9d54846324b6221470944e19d7adb2c9267b416ebc4807280b0d53b2",
        "004fafa54107648be822275ebbfce2122f13d3407f88d3a62bc0f2b2e13c80e7",
        "24db729360bc17c4fea11ce79894cfdc372b55bc4fb2a25971d71d49a2bbfb91",
        "93d46d9b9c03f5bad360a21bc07210357242138647e67ee844b4c591f8646bfd",
        "c6c6b597a081e2238496641b6deb97cc69cc5ff74d95b6a889e61a5e54e95342",
        "33d478a9474c73c335c33511113d038c83d2b5adfe52bb52c4a8c9ae7bdba6dc",
    ];

    #[test]
    fn data_version_moves_for_other_connections_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let mut window = Desk::open(&path).unwrap();
        let mut elsewhere = Desk::open(&path).unwrap();
        let start = window.data_version().unwrap();
        window.set_setting("publication", "Ours").unwrap();
        assert_eq!(window.data_version().unwrap(), start, "its own write");
        elsewhere.set_setting("publication", "Theirs").unwrap();
        assert_ne!(window.data_version().unwrap(), start, "another's write");
    }

    #[test]
    fn released_migrations_are_never_edited() {
        use sha2::{Digest, Sha256};
        assert!(MIGRATIONS.len() >= RELEASED.len());
        for (i, (sql, pinned)) in MIGRATIONS.iter().zip(RELEASED).enumerate() {
            let hash: String = Sha256::digest(sql.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(
                &hash,
                pinned,
                "migration {} was edited after its release; put the change in a new migration",
                i + 1
            );
        }
    }

    #[test]
    fn every_released_schema_upgrades_with_its_stories() {
        for version in 1..=MIGRATIONS.len() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("old.db");
            {
                let mut conn = Connection::open(&path).unwrap();
                Migrations::new(MIGRATIONS[..version].iter().map(|sql| M::up(sql)).collect())
                    .to_latest(&mut conn)
                    .unwrap();
                conn.execute_batch(
                    "INSERT INTO story (id, slug, headline, content_hash, created_at, updated_at)
                     VALUES (1, 'one', 'One', 'h1', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
                     INSERT INTO segment (id, story_id, position, source, target, state)
                     VALUES (10, 1, 1, 'مطر', 'Rain', 'done');",
                )
                .unwrap();
            }
            let desk = Desk::open(&path).unwrap_or_else(|e| panic!("from schema {version}: {e}"));
            let story = desk.story(1).unwrap();
            assert_eq!(story.segments[0].target, "Rain", "from schema {version}");
            assert_eq!(desk.integrity_check().unwrap(), "ok");
        }
    }

    #[test]
    fn the_store_is_where_it_was_given_else_in_the_data_folder() {
        let data = Path::new("/home/rana/.local/share/dragoman");
        assert_eq!(
            location(Some(Path::new("/tmp/desk.db")), Some(data)).unwrap(),
            Path::new("/tmp/desk.db")
        );
        assert_eq!(
            location(Some(Path::new("")), Some(data)).unwrap(),
            data.join("dragoman.db")
        );
        assert_eq!(location(None, None).unwrap_err().code(), "no_data_folder");
    }

    #[test]
    fn another_programs_database_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("photos.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE album (id INTEGER PRIMARY KEY, name TEXT);")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Desk::open(&path).err().unwrap();
        assert_eq!(err.code(), "foreign_store");
        assert!(err.to_string().contains("another program"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(!dir.path().join("photos.db-wal").exists());

        // A database marked by another program is refused even when empty.
        let marked = dir.path().join("marked.db");
        Connection::open(&marked)
            .unwrap()
            .pragma_update(None, "application_id", 42)
            .unwrap();
        assert_eq!(Desk::open(&marked).err().unwrap().code(), "foreign_store");
    }

    #[test]
    fn stores_are_marked_and_a_new_one_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new/dir/desk.db");
        let desk = Desk::open(&path).unwrap();
        assert!(desk.created());
        let id: i32 = desk
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(id, APPLICATION_ID);
        drop(desk);
        assert!(!Desk::open(&path).unwrap().created());

        // A store from before stores were marked opens and is marked.
        let old = dir.path().join("old.db");
        {
            let mut conn = Connection::open(&old).unwrap();
            migrations().to_latest(&mut conn).unwrap();
        }
        let desk = Desk::open(&old).unwrap();
        assert!(!desk.created());
        let id: i32 = desk
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(id, APPLICATION_ID);
    }

    #[test]
    fn first_open_creates_and_migrates() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/dragoman.db");
        let desk = Desk::open(&path).unwrap();
        let version: i64 = desk
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, schema_version());
        let mode: String = desk
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = desk
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        let mapped: i64 = desk
            .conn
            .query_row("PRAGMA mmap_size", [], |r| r.get(0))
            .unwrap();
        assert!(mapped > 0, "reads go through a memory map");
        assert_eq!(desk.integrity_check().unwrap(), "ok");
        drop(desk);
        // Opening again is a no-op migration.
        Desk::open(&path).unwrap();
    }

    #[test]
    fn a_store_from_the_first_release_is_migrated_with_its_stories() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            Migrations::new(vec![M::up(MIGRATIONS[0])])
                .to_latest(&mut conn)
                .unwrap();
            conn.execute_batch(
                "INSERT INTO story (id, slug, headline, content_hash, created_at, updated_at)
                 VALUES (7, 'rain', 'Rain in Damascus', 'h', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
                 INSERT INTO story_fts (rowid, headline, standfirst, source, translation)
                 VALUES (7, 'rain in damascus', '', '', '');",
            )
            .unwrap();
        }
        let mut desk = Desk::open(&path).unwrap();
        let version: i64 = desk
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, schema_version());
        let hits = desk.search("damascus", &Default::default()).unwrap();
        assert_eq!(hits.iter().map(|h| h.story.id).collect::<Vec<_>>(), [7]);
        // Migration 0005 counted the stories already there.
        let counts = desk.counts().unwrap();
        assert_eq!(counts.total, 1);
        assert_eq!(counts.by_status["draft"], 1);
        assert_eq!(counts.by_verification["unreviewed"], 1);
    }

    #[test]
    fn history_and_revisions_keep_their_order_when_clustered_by_story() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v5.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            Migrations::new(MIGRATIONS[..5].iter().map(|sql| M::up(sql)).collect())
                .to_latest(&mut conn)
                .unwrap();
            // Two stories whose entries interleave, as they do on a real desk:
            // each story's order is its rows' order by id, not their number.
            conn.execute_batch(
                "INSERT INTO story (id, slug, headline, content_hash, created_at, updated_at)
                 VALUES (1, 'one', 'One', 'h1', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
                        (2, 'two', 'Two', 'h2', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
                 INSERT INTO segment (id, story_id, position, source, target, state)
                 VALUES (10, 1, 1, 'مطر', 'Rain', 'done');
                 INSERT INTO history (id, story_id, at, actor, role, action) VALUES
                     (1, 1, '2026-01-01T00:00:00Z', 'dragoman', 'intake', 'import'),
                     (2, 2, '2026-01-01T00:00:01Z', 'dragoman', 'intake', 'import'),
                     (3, 1, '2026-01-01T00:00:02Z', 'Rana', 'translator', 'translate'),
                     (4, 2, '2026-01-01T00:00:03Z', 'Omar', 'editor', 'edit'),
                     (5, 1, '2026-01-01T00:00:04Z', 'Rana', 'translator', 'submit');
                 INSERT INTO revision (id, story_id, number, at, actor, role, field, segment_id, body) VALUES
                     (1, 1, 1, '2026-01-01T00:00:02Z', 'Rana', 'translator', 'segment', 10, 'Rain'),
                     (2, 2, 1, '2026-01-01T00:00:03Z', 'Omar', 'editor', 'headline', NULL, 'Two');",
            )
            .unwrap();
        }
        let mut desk = Desk::open(&path).unwrap();
        let actions = |desk: &Desk, id| {
            desk.history(id)
                .unwrap()
                .into_iter()
                .map(|h| h.action)
                .collect::<Vec<_>>()
        };
        assert_eq!(actions(&desk, 1), ["import", "translate", "submit"]);
        assert_eq!(actions(&desk, 2), ["import", "edit"]);
        let revisions = desk.revisions(1).unwrap();
        assert_eq!(revisions.len(), 1);
        assert_eq!((revisions[0].number, revisions[0].segment_no), (1, Some(1)));

        // The next change follows the migrated rows in both tables.
        let actor = crate::Actor::new("Omar", crate::Role::Editor);
        let edit = crate::StoryEdit {
            headline: Some("Two, again".into()),
            ..Default::default()
        };
        desk.edit(2, None, &edit, &actor, chrono::Utc::now())
            .unwrap();
        assert_eq!(actions(&desk, 2), ["import", "edit", "edit"]);
        let numbers: Vec<i64> = desk
            .revisions(2)
            .unwrap()
            .iter()
            .map(|r| r.number)
            .collect();
        assert_eq!(numbers, [1, 2]);
        assert_eq!(desk.integrity_check().unwrap(), "ok");
    }

    #[test]
    fn newer_store_is_refused_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE t(x); PRAGMA user_version = 99;")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Desk::open(&path).err().unwrap();
        assert_eq!(err.code(), "store_too_new");
        assert!(err.to_string().contains("newer Dragoman"));
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(!dir.path().join("future.db-wal").exists());
    }

    #[test]
    fn a_file_that_is_not_a_store_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.db");
        std::fs::write(&path, vec![b'x'; 4096]).unwrap();
        let err = Desk::open(&path).err().unwrap();
        assert_eq!(err.code(), "invalid_input");
        assert!(err.to_string().contains("not a Dragoman store"), "{err}");
    }

    #[test]
    fn the_store_refuses_what_core_never_writes() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(&dir.path().join("desk.db")).unwrap();
        desk.conn
            .execute_batch(
                "INSERT INTO story (id, slug, content_hash, created_at, updated_at)
                 VALUES (1, 'one', 'h1', 't', 't');
                 INSERT INTO segment (story_id, position) VALUES (1, 1);",
            )
            .unwrap();
        for (what, sql) in [
            (
                "keywords that are not a list",
                "UPDATE story SET keywords = 'a, b' WHERE id = 1",
            ),
            (
                "keywords that are an object",
                "UPDATE story SET keywords = '{}' WHERE id = 1",
            ),
            (
                "an unknown status",
                "UPDATE story SET status = 'spiked' WHERE id = 1",
            ),
            (
                "a version that is not a number",
                "UPDATE story SET version = 'two' WHERE id = 1",
            ),
            (
                "two segments at one place",
                "INSERT INTO segment (story_id, position) VALUES (1, 1)",
            ),
            (
                "an unknown role in history",
                "INSERT INTO history (story_id, seq, at, actor, role, action)
                 VALUES (1, 1, 't', 'x', 'admin', 'move')",
            ),
            (
                "an unknown role in a revision",
                "INSERT INTO revision (story_id, number, at, actor, role, field, body)
                 VALUES (1, 1, 't', 'x', 'owner', 'headline', 'H')",
            ),
        ] {
            assert!(desk.conn.execute(sql, []).is_err(), "{what} was stored");
        }
    }

    #[test]
    fn an_upgrade_mends_what_the_new_constraints_refuse() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            Migrations::new(MIGRATIONS[..6].iter().map(|sql| M::up(sql)).collect())
                .to_latest(&mut conn)
                .unwrap();
            conn.execute_batch(
                "INSERT INTO story (id, slug, keywords, content_hash, created_at, updated_at)
                 VALUES (1, 'one', 'not json', 'h1', 't', 't');
                 INSERT INTO segment (id, story_id, position, target) VALUES (10, 1, 1, 'first');
                 INSERT INTO segment (id, story_id, position, target) VALUES (11, 1, 1, 'second');
                 INSERT INTO segment (id, story_id, position, target) VALUES (12, 1, 5, 'third');
                 INSERT INTO history (story_id, seq, at, actor, role, action)
                 VALUES (1, 1, 't', 'x', 'admin', 'import');",
            )
            .unwrap();
        }
        let desk = Desk::open(&path).unwrap();
        let story = desk.story(1).unwrap();
        assert!(story.keywords.is_empty());
        let order: Vec<(usize, &str)> = story
            .segments
            .iter()
            .map(|s| (s.no, s.target.as_str()))
            .collect();
        assert_eq!(order, [(1, "first"), (2, "second"), (3, "third")]);
        assert_eq!(story.history[0].role, "intake");
        let fk: i64 = desk
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1, "foreign keys are back on after the upgrade");
    }
}
