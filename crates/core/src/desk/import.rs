//! Putting source articles on the desk: read files, apply the overrides,
//! import the good ones together and match each result back to its file.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};

use super::{reindex, stamp, ImportOutcome};
use crate::error::{Error, Result};
use crate::ingest::Intake;
use crate::model::Actor;
use crate::store::Desk;

impl Desk {
    /// Reads `paths` as source articles, applies `overrides`, and puts those that
    /// could be read on the desk in one call: one result per path, in order, a
    /// file that could not be read keeping its reason. The one import path of
    /// the command line and the window.
    pub fn import_files(
        &mut self,
        paths: &[std::path::PathBuf],
        overrides: &crate::ingest::SourceOverrides,
        by: Option<&Actor>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Result<ImportOutcome>>> {
        let read = paths
            .iter()
            .map(|p| {
                crate::ingest::read_file(p).map(|mut intake| {
                    overrides.apply(&mut intake);
                    intake
                })
            })
            .collect();
        self.import_read(read, by, now)
    }

    /// Imports what was read, one outcome per entry and in its order: an entry
    /// whose reading failed keeps its error, the others are imported together
    /// ([`Desk::import`]).
    pub fn import_read(
        &mut self,
        read: Vec<Result<Intake>>,
        by: Option<&Actor>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Result<ImportOutcome>>> {
        // Each entry's slot: `None` when its article is among `good`, in order.
        let mut good = Vec::new();
        let slots: Vec<Option<Error>> = read
            .into_iter()
            .map(|r| match r {
                Ok(intake) => {
                    good.push(intake);
                    None
                }
                Err(e) => Some(e),
            })
            .collect();
        let mut imported = if good.is_empty() {
            Vec::new().into_iter()
        } else {
            self.import(&good, by, now)?.into_iter()
        };
        Ok(slots
            .into_iter()
            .map(|slot| match slot {
                None => imported.next().expect("one outcome per intake"),
                Some(e) => Err(e),
            })
            .collect())
    }

    /// Puts articles on the desk in one transaction. Each article is its own
    /// savepoint, so one that fails leaves the others in; the same content
    /// already on the desk is reported, not copied. `by` is recorded in history;
    /// without it the import is recorded as Dragoman's own.
    pub fn import(
        &mut self,
        intakes: &[Intake],
        by: Option<&Actor>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Result<ImportOutcome>>> {
        let at = stamp(now);
        let (name, role) = by.map_or(("dragoman", "intake"), |a| {
            (a.name.as_str(), a.role.as_str())
        });
        let target_language = self.setting("target_language")?;
        self.write(|tx| {
            let mut outcomes = Vec::with_capacity(intakes.len());
            for intake in intakes {
                tx.execute_batch("SAVEPOINT import_one")?;
                let outcome = import_one(tx, intake, name, role, &at, &target_language);
                if outcome.is_err() {
                    tx.execute_batch("ROLLBACK TO import_one")?;
                }
                tx.execute_batch("RELEASE import_one")?;
                outcomes.push(outcome);
            }
            // Indexed after the savepoints, not inside them: FTS5 writes its pending
            // terms to disk at every SAVEPOINT, so indexing each article inside its
            // own savepoint would make one tiny index segment per article and spend
            // most of an import merging them. Out here FTS5 batches the whole call.
            for outcome in outcomes.iter().flatten().filter(|o| o.created) {
                reindex(tx, outcome.id)?;
            }
            Ok(outcomes)
        })
    }
}

fn import_one(
    tx: &Transaction<'_>,
    intake: &Intake,
    actor: &str,
    role: &str,
    at: &str,
    target_language: &str,
) -> Result<ImportOutcome> {
    let hash = intake.content_hash();
    if let Some(id) = tx
        .prepare_cached("SELECT id FROM story WHERE content_hash = ?1")?
        .query_row([&hash], |r| r.get(0))
        .optional()?
    {
        return Ok(ImportOutcome {
            id,
            created: false,
            new_version: false,
        });
    }
    if let Some(id) = super::update::story_at_address(tx, &intake.source.url)? {
        return Ok(ImportOutcome {
            id,
            created: false,
            new_version: true,
        });
    }
    let s = &intake.source;
    tx.prepare_cached(
        "INSERT INTO story (slug, content_hash, target_language, source_name, source_url, source_language,
                            source_headline, source_date, source_author, created_at, updated_at)
         VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(params![hash, target_language, s.name, s.url, s.language, s.headline, s.date, s.author, at])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached("UPDATE story SET slug = ?1 WHERE id = ?2")?
        .execute(params![format!("story-{id}"), id])?;
    {
        let mut stmt = tx.prepare_cached(
            "INSERT INTO segment (story_id, position, source, target, state) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (i, p) in intake.paragraphs.iter().enumerate() {
            stmt.execute(params![id, i as i64 + 1, p, "", "empty"])?;
        }
    }
    tx.prepare_cached(
        // A story just created: its first entry.
        "INSERT INTO history (story_id, seq, at, actor, role, action, detail)
         VALUES (?1, 1, ?2, ?3, ?4, 'import', ?5)",
    )?
    .execute(params![
        id,
        at,
        actor,
        role,
        match &intake.origin {
            Some(origin) => format!(
                "{} from {origin}",
                crate::text::count_of(intake.paragraphs.len(), "paragraph", "paragraphs")
            ),
            None => crate::text::count_of(intake.paragraphs.len(), "paragraph", "paragraphs"),
        }
    ])?;
    Ok(ImportOutcome {
        id,
        created: true,
        new_version: false,
    })
}
