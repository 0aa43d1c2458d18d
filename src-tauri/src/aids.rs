//! The translation aids in the window: memory matches and glossary terms for the
//! story being translated, concordance, terms added from the editor, and the
//! memory and glossary files Settings imports and exports. Plain functions over
//! the desk, tested without a window; the `ipc` module wraps them for Tauri.
//!
//! Files for import and export are chosen in the shell's own dialogs and used
//! there: no path crosses from the page, so a script in the page cannot make the
//! shell read or overwrite a file the person did not choose.

use std::path::Path;

use chrono::{DateTime, Utc};
use dragoman_core::checks::Finding;
use dragoman_core::glossary::{NewTerm, SegmentTerms, Term, TermLanguages};
use dragoman_core::memory::{ConcordanceHit, Lookup, Suggestions, TmxLanguages};
use dragoman_core::Desk;
use serde::Serialize;

use crate::commands::Reply;

/// How large the memory and the glossary are, for Settings.
#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
pub struct AidCounts {
    pub units: usize,
    pub terms: usize,
}

/// How far a memory import has read its file, sent as the `memory-import`
/// event while it runs, so Settings can show a progress bar.
#[derive(Debug, Clone, Copy, Serialize, ts_rs::TS)]
pub struct ImportProgress {
    /// Bytes read so far, of `total`.
    pub read: u64,
    pub total: u64,
}

/// What importing a file into the memory or the glossary did.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AidImport {
    pub file: String,
    pub added: usize,
    pub already: usize,
    pub skipped: usize,
}

/// What exporting the memory or the glossary wrote.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AidExport {
    pub file: String,
    pub written: usize,
}

/// The most concordance hits the window shows.
const CONCORDANCE_LIMIT: usize = 30;

pub fn suggest(desk: &Desk, id: i64, no: usize) -> Reply<Suggestions> {
    Ok(desk.suggest(id, no, Lookup::default())?)
}

pub fn story_terms(desk: &Desk, id: i64) -> Reply<Vec<SegmentTerms>> {
    Ok(desk.story_terms(id)?)
}

/// Every check's findings on the story, as publishing would run them.
pub fn check_story(desk: &Desk, id: i64) -> Reply<Vec<Finding>> {
    Ok(desk.check_story(id)?)
}

/// The findings on segment `no` if its translation were `text`: the row's markers
/// while the person types, before the autosave.
pub fn check_segment(desk: &Desk, id: i64, no: usize, text: &str) -> Reply<Vec<Finding>> {
    Ok(desk.check_segment(id, no, text)?)
}

pub fn concordance(desk: &Desk, words: &str) -> Reply<Vec<ConcordanceHit>> {
    Ok(desk.concordance(words, CONCORDANCE_LIMIT)?)
}

pub fn add_term(desk: &mut Desk, term: &NewTerm, now: DateTime<Utc>) -> Reply<Term> {
    let actor = desk.identity(None, None)?;
    Ok(desk.add_term(term, &actor, now)?)
}

pub fn list_terms(desk: &Desk) -> Reply<Vec<Term>> {
    Ok(desk.terms()?)
}

pub fn delete_term(desk: &mut Desk, id: i64) -> Reply<Term> {
    Ok(desk.delete_term(id)?)
}

pub fn aid_counts(desk: &Desk) -> Reply<AidCounts> {
    Ok(AidCounts {
        units: desk.memory_size()?,
        terms: desk.glossary_size()?,
    })
}

/// Imports a TMX file into the memory, telling `progress` how far it has read
/// each time another hundredth of the file is in.
pub fn import_memory(
    desk: &mut Desk,
    path: &Path,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(ImportProgress),
) -> Reply<AidImport> {
    let mut told = None;
    let done = desk.tmx_import(path, &TmxLanguages::default(), now, &mut |read, total| {
        let hundredth = read.saturating_mul(100) / total.max(1);
        if told != Some(hundredth) {
            told = Some(hundredth);
            progress(ImportProgress { read, total });
        }
    })?;
    Ok(AidImport {
        file: path.display().to_string(),
        added: done.added,
        already: done.already,
        skipped: done.skipped,
    })
}

/// Imports a glossary file (tab-separated or TBX).
pub fn import_glossary(desk: &mut Desk, path: &Path, now: DateTime<Utc>) -> Reply<AidImport> {
    let actor = desk.identity(None, None)?;
    let done = desk.glossary_import(path, &TermLanguages::default(), &actor, now)?;
    Ok(AidImport {
        file: path.display().to_string(),
        added: done.added,
        already: done.already,
        skipped: done.skipped,
    })
}

pub fn export_memory(desk: &Desk, path: &Path, now: DateTime<Utc>) -> Reply<AidExport> {
    let written = desk.tmx_export(path, false, now)?;
    Ok(AidExport {
        file: path.display().to_string(),
        written,
    })
}

pub fn export_glossary(desk: &Desk, path: &Path, now: DateTime<Utc>) -> Reply<AidExport> {
    let written = desk.glossary_export(path, now)?;
    Ok(AidExport {
        file: path.display().to_string(),
        written,
    })
}

pub mod ipc {
    use std::path::PathBuf;

    use chrono::Utc;
    use dragoman_core::checks::Finding;
    use dragoman_core::glossary::{NewTerm, SegmentTerms, Term};
    use dragoman_core::memory::{ConcordanceHit, Suggestions};
    use tauri::{AppHandle, Emitter, Runtime, State};
    use tauri_plugin_dialog::DialogExt;

    use super::{AidCounts, AidExport, AidImport};
    use crate::commands::Reply;
    use crate::error::{IpcError, ShellCode};
    use crate::DeskState;

    fn chosen(path: tauri_plugin_dialog::FilePath) -> Reply<PathBuf> {
        path.into_path().map_err(|e| {
            IpcError::shell(
                ShellCode::Dialog,
                format!("the chosen file has no path: {e}"),
            )
        })
    }

    /// The file the person picks to read, under `title`, of the kinds `exts`;
    /// `None` when they cancel.
    fn pick<R: Runtime>(
        app: &AppHandle<R>,
        title: &str,
        kind: &str,
        exts: &[&str],
    ) -> Reply<Option<PathBuf>> {
        app.dialog()
            .file()
            .set_title(title)
            .add_filter(kind, exts)
            .blocking_pick_file()
            .map(chosen)
            .transpose()
    }

    /// The file the person names to write, offered as `name`; `None` when they
    /// cancel.
    fn save_as<R: Runtime>(
        app: &AppHandle<R>,
        title: &str,
        name: &str,
        kind: &str,
        exts: &[&str],
    ) -> Reply<Option<PathBuf>> {
        app.dialog()
            .file()
            .set_title(title)
            .set_file_name(name)
            .add_filter(kind, exts)
            .blocking_save_file()
            .map(chosen)
            .transpose()
    }

    #[tauri::command(async)]
    pub fn suggest(desk: State<'_, DeskState>, id: i64, no: usize) -> Reply<Suggestions> {
        super::suggest(&desk.lock(), id, no)
    }

    #[tauri::command(async)]
    pub fn story_terms(desk: State<'_, DeskState>, id: i64) -> Reply<Vec<SegmentTerms>> {
        super::story_terms(&desk.lock(), id)
    }

    #[tauri::command(async)]
    pub fn check_story(desk: State<'_, DeskState>, id: i64) -> Reply<Vec<Finding>> {
        super::check_story(&desk.lock(), id)
    }

    #[tauri::command(async)]
    pub fn check_segment(
        desk: State<'_, DeskState>,
        id: i64,
        no: usize,
        text: String,
    ) -> Reply<Vec<Finding>> {
        super::check_segment(&desk.lock(), id, no, &text)
    }

    #[tauri::command(async)]
    pub fn concordance(desk: State<'_, DeskState>, words: String) -> Reply<Vec<ConcordanceHit>> {
        super::concordance(&desk.lock(), &words)
    }

    #[tauri::command(async)]
    pub fn add_term(desk: State<'_, DeskState>, term: NewTerm) -> Reply<Term> {
        super::add_term(&mut desk.lock(), &term, Utc::now())
    }

    #[tauri::command(async)]
    pub fn list_terms(desk: State<'_, DeskState>) -> Reply<Vec<Term>> {
        super::list_terms(&desk.lock())
    }

    #[tauri::command(async)]
    pub fn delete_term(desk: State<'_, DeskState>, id: i64) -> Reply<Term> {
        super::delete_term(&mut desk.lock(), id)
    }

    #[tauri::command(async)]
    pub fn aid_counts(desk: State<'_, DeskState>) -> Reply<AidCounts> {
        super::aid_counts(&desk.lock())
    }

    /// Asks for a TMX file and imports it; `None` when the dialog is cancelled.
    #[tauri::command(async)]
    pub fn import_memory<R: Runtime>(
        app: AppHandle<R>,
        desk: State<'_, DeskState>,
    ) -> Reply<Option<AidImport>> {
        let Some(path) = pick(&app, "Import a translation memory", "TMX", &["tmx", "xml"])? else {
            return Ok(None);
        };
        // A lost event only skips a step of the bar; the import goes on.
        super::import_memory(&mut desk.lock(), &path, Utc::now(), &mut |p| {
            let _ = app.emit("memory-import", p);
        })
        .map(Some)
    }

    /// Asks for a glossary file and imports it; `None` when cancelled.
    #[tauri::command(async)]
    pub fn import_glossary<R: Runtime>(
        app: AppHandle<R>,
        desk: State<'_, DeskState>,
    ) -> Reply<Option<AidImport>> {
        let exts = ["tsv", "txt", "utf8", "tbx"];
        let Some(path) = pick(&app, "Import a glossary", "Glossary", &exts)? else {
            return Ok(None);
        };
        super::import_glossary(&mut desk.lock(), &path, Utc::now()).map(Some)
    }

    /// Asks where to write the memory as TMX and writes it; `None` when cancelled.
    #[tauri::command(async)]
    pub fn export_memory<R: Runtime>(
        app: AppHandle<R>,
        desk: State<'_, DeskState>,
    ) -> Reply<Option<AidExport>> {
        let title = "Export the translation memory";
        let Some(path) = save_as(&app, title, "dragoman-memory.tmx", "TMX", &["tmx"])? else {
            return Ok(None);
        };
        super::export_memory(&desk.lock(), &path, Utc::now()).map(Some)
    }

    /// Asks where to write the glossary (.tsv or .tbx) and writes it.
    #[tauri::command(async)]
    pub fn export_glossary<R: Runtime>(
        app: AppHandle<R>,
        desk: State<'_, DeskState>,
    ) -> Reply<Option<AidExport>> {
        let name = "dragoman-glossary.tsv";
        let Some(path) = save_as(
            &app,
            "Export the glossary",
            name,
            "Glossary",
            &["tsv", "tbx"],
        )?
        else {
            return Ok(None);
        };
        super::export_glossary(&desk.lock(), &path, Utc::now()).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_memory_import_tells_its_progress_up_to_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("desk.db")).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 3, 14, 9, 0, 0).unwrap();
        let file =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tmx/omegat.tmx");
        let mut seen: Vec<ImportProgress> = Vec::new();
        let done = import_memory(&mut desk, &file, now, &mut |p| seen.push(p)).unwrap();
        assert!(done.added > 0);
        let size = std::fs::metadata(&file).unwrap().len();
        let last = seen.last().expect("progress was told");
        assert_eq!((last.read, last.total), (size, size));
        assert!(
            seen.windows(2).all(|w| w[0].read <= w[1].read),
            "it only goes forward"
        );
        assert!(seen.len() <= 101, "at most once a hundredth");
    }

    #[test]
    fn a_term_added_in_the_window_marks_the_rows_of_a_story() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("desk.db")).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 3, 14, 9, 0, 0).unwrap();
        let term = NewTerm {
            source: "استفتاء".into(),
            target: "referendum".into(),
            ..NewTerm::default()
        };
        // Adding needs to know who adds.
        assert_eq!(
            add_term(&mut desk, &term, now).unwrap_err().code,
            "identity_required"
        );
        desk.set_identity("Rana", "translator").unwrap();
        let added = add_term(&mut desk, &term, now).unwrap();
        assert_eq!(added.author, "Rana");
        let text = "---\nlanguage: ar\n---\n\nفي الاستفتاء\n\nلا شيء\n";
        let intake = dragoman_core::ingest::parse_text(
            "s.md",
            dragoman_core::ingest::Format::Markdown,
            text,
        )
        .unwrap();
        let id = desk
            .import(&[intake], None, now)
            .unwrap()
            .remove(0)
            .unwrap()
            .id;
        let terms = story_terms(&desk, id).unwrap();
        assert_eq!(terms.len(), 1);
        assert_eq!(terms[0].no, 1);
        assert_eq!(
            aid_counts(&desk).unwrap().terms,
            1,
            "Settings counts the term"
        );

        let out = dir.path().join("g.tbx");
        assert_eq!(export_glossary(&desk, &out, now).unwrap().written, 1);
        delete_term(&mut desk, added.id).unwrap();
        let back = import_glossary(&mut desk, &out, now).unwrap();
        assert_eq!(back.added, 1);
    }
}
