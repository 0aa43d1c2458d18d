//! The desk's IPC commands (see desktop-contract in ARCHITECTURE.md). Each command is
//! a plain function over `&mut Desk` that converts arguments, calls
//! `dragoman_core` and converts the result, so it is tested against a temporary
//! store without a window; the `ipc` module wraps each one for Tauri. No rule lives
//! here: what may happen to a story is decided in core.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use dragoman_core::compare::DiffPart;
use dragoman_core::ingest::{self, Format};
use dragoman_core::publish::{self, PublishedPage};
use dragoman_core::search::SearchHit;
use dragoman_core::settings::SettingEntry;
use dragoman_core::workflow::MoveOption;
use dragoman_core::{
    text, Actor, Desk, ImportOutcome, Progress, Revision, Saved, SegmentOp, SegmentState,
    SourceUpdate, Status, Story, StoryEdit, StoryFilter, StorySummary, Verification,
};
use serde::{Deserialize, Serialize};

use crate::error::IpcError;

pub type Reply<T> = Result<T, IpcError>;

/// How many days the desk's published-per-day chart covers.
const CHART_DAYS: u32 = 30;

#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DeskInfo {
    pub db_path: String,
    pub identity: Option<Actor>,
    pub version: String,
    /// The newest backup beside the store, for Settings.
    pub last_backup: Option<BackupInfo>,
    /// Whether the person may change the desk-wide settings (editors; anyone
    /// before someone has said who they are); Settings is read-only otherwise.
    pub change_settings: Allowance,
}

#[derive(Debug, Serialize, ts_rs::TS)]
pub struct BackupInfo {
    pub path: String,
    /// When it was taken (RFC 3339, UTC).
    pub at: Option<String>,
}

#[derive(Debug, Serialize, ts_rs::TS)]
pub struct StoryPage {
    pub total: usize,
    pub stories: Vec<StorySummary>,
}

#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DeskOverview {
    pub counts: dragoman_core::DeskCounts,
    pub per_day: Vec<dragoman_core::DayCount>,
}

/// The search box's filter: the list's, without paging.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchFilter {
    pub status: Option<Status>,
    pub verification: Option<Verification>,
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize, ts_rs::TS)]
pub struct StoryView {
    pub story: Story,
    pub progress: Progress,
    /// The moves open to the person at the keyboard; empty until they say who
    /// they are, since every move depends on the role.
    pub moves: Vec<MoveOption>,
    /// What else the person may do, as core decides it; the window shows it.
    pub permissions: StoryPermissions,
    /// The direction of the source language, "rtl" or "ltr".
    #[ts(type = "\"rtl\" | \"ltr\"")]
    pub direction: &'static str,
    /// The story's deadline still stands (see `Status::awaits_deadline`).
    pub pending: bool,
}

/// Whether the person may do one thing, and if not, the refusal core would give,
/// in the window's words (`IpcError`), so the UI shows the reason and never
/// works it out.
#[derive(Debug, Serialize, ts_rs::TS)]
pub struct Allowance {
    pub allowed: bool,
    #[ts(type = "ErrorCode | null")]
    pub code: Option<String>,
    pub reason: Option<String>,
}

impl From<dragoman_core::Result<()>> for Allowance {
    fn from(r: dragoman_core::Result<()>) -> Self {
        match r {
            Ok(()) => Allowance {
                allowed: true,
                code: None,
                reason: None,
            },
            Err(e) => {
                let e = IpcError::from(e);
                Allowance {
                    allowed: false,
                    code: Some(e.code),
                    reason: Some(e.message),
                }
            }
        }
    }
}

#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct StoryPermissions {
    pub edit_text: Allowance,
    pub verify: Allowance,
    pub correct: Allowance,
    pub export_again: Allowance,
    pub update_source: Allowance,
    pub assign: Allowance,
    pub take: Allowance,
    pub release: Allowance,
}

/// What happened to one file of an import: its story, or why it was refused.
#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(untagged)]
pub enum FileImport {
    Imported {
        file: String,
        id: i64,
        created: bool,
        /// A newer version of story `id`'s article: not imported, offered.
        new_version: bool,
    },
    Refused {
        file: String,
        error: IpcError,
    },
}

/// Pasted source text with what the person said about it.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PastedSource {
    pub text: String,
    pub source_name: Option<String>,
    pub language: Option<String>,
    pub url: Option<String>,
}

pub fn desk_info(desk: &Desk) -> Reply<DeskInfo> {
    Ok(DeskInfo {
        db_path: desk.path().display().to_string(),
        identity: identity_if_set(desk)?,
        version: env!("CARGO_PKG_VERSION").to_string(),
        change_settings: desk.may_change_settings().into(),
        last_backup: desk.last_backup().map(|path| BackupInfo {
            at: dragoman_core::backup::taken_at(&path).map(|t| t.to_rfc3339()),
            path: path.display().to_string(),
        }),
    })
}

pub fn list_stories(desk: &Desk, filter: StoryFilter) -> Reply<StoryPage> {
    Ok(StoryPage {
        total: desk.count(&filter)?,
        stories: desk.list(&filter)?,
    })
}

pub fn desk_counts(desk: &Desk, now: DateTime<Utc>) -> Reply<DeskOverview> {
    Ok(DeskOverview {
        counts: desk.counts()?,
        per_day: desk.published_per_day(now, CHART_DAYS)?,
    })
}

/// Rows per page of the desk's list; the UI reads it from the generated
/// `ui/src/bindings.ts`.
pub const DESK_PAGE: usize = 100;

/// One of the desk's first questions with its answer, as the window would have
/// asked it: `command` and `args` are what `invoke` takes, and the UI matches
/// them the way it matches an early question (`questionKey` in
/// ui/src/lib/first-answers.ts).
#[derive(Debug, Serialize)]
pub struct FirstAnswer {
    pub command: &'static str,
    pub args: serde_json::Value,
    pub answer: serde_json::Value,
}

/// The desk's first screen shows who is acting, the counts and the first page of
/// the unfiltered list (`askForTheDesk` in ui/src/api.ts hands them to the app's
/// first calls, so it mounts with its rows at hand; the inbox's state its store
/// asks for once it listens to the inbox's events).
/// These are those answers, computed now through the same functions the
/// commands call. A question whose answer fails is left out, so the window asks
/// it itself and reports the failure the usual way.
pub fn first_answers(desk: &Desk, now: DateTime<Utc>) -> Vec<FirstAnswer> {
    fn answer<T: Serialize>(
        command: &'static str,
        args: serde_json::Value,
        reply: Reply<T>,
    ) -> Option<FirstAnswer> {
        let answer = serde_json::to_value(reply.ok()?).ok()?;
        Some(FirstAnswer {
            command,
            args,
            answer,
        })
    }
    let no_args = || serde_json::Value::Object(serde_json::Map::new());
    let first_page = StoryFilter {
        limit: Some(DESK_PAGE),
        ..StoryFilter::default()
    };
    [
        answer("desk_info", no_args(), desk_info(desk)),
        answer("desk_counts", no_args(), desk_counts(desk, now)),
        answer(
            "list_stories",
            serde_json::json!({ "filter": { "offset": 0, "limit": DESK_PAGE } }),
            list_stories(desk, first_page),
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Runs the questions of the desk's first screen once and drops the answers. The
/// shell does this while the window is still starting, so the store pages they
/// read (the first page's rows, scattered through the file) are in memory when
/// the page is served with its answers (see `first_answers.rs`).
pub fn warm_the_desk(desk: &Desk, now: DateTime<Utc>) {
    let _ = first_answers(desk, now);
}

pub fn search_stories(desk: &mut Desk, query: &str, filter: SearchFilter) -> Reply<Vec<SearchHit>> {
    let filter = StoryFilter {
        status: filter.status,
        verification: filter.verification,
        limit: filter.limit,
        ..StoryFilter::default()
    };
    Ok(desk.search(query, &filter)?)
}

pub fn get_story(desk: &Desk, id: i64) -> Reply<StoryView> {
    let story = desk.story(id)?;
    let actor = identity_if_set(desk)?;
    let permissions = desk.permissions(id, actor.as_ref())?;
    Ok(StoryView {
        progress: story.progress(),
        direction: text::direction(&story.source.language),
        pending: story.status.awaits_deadline(),
        moves: permissions.moves,
        permissions: StoryPermissions {
            edit_text: permissions.edit_text.into(),
            verify: permissions.verify.into(),
            correct: permissions.correct.into(),
            export_again: permissions.export_again.into(),
            update_source: permissions.update_source.into(),
            assign: permissions.assign.into(),
            take: permissions.take.into(),
            release: permissions.release.into(),
        },
        story,
    })
}

pub fn import_files(
    desk: &mut Desk,
    paths: &[PathBuf],
    now: DateTime<Utc>,
) -> Reply<Vec<FileImport>> {
    let by = identity_if_set(desk)?;
    let outcomes =
        desk.import_files(paths, &ingest::SourceOverrides::default(), by.as_ref(), now)?;
    Ok(paths
        .iter()
        .zip(outcomes)
        .map(|(path, outcome)| {
            let file = path.display().to_string();
            match outcome {
                Ok(ImportOutcome {
                    id,
                    created,
                    new_version,
                }) => FileImport::Imported {
                    file,
                    id,
                    created,
                    new_version,
                },
                Err(e) => FileImport::Refused {
                    file,
                    error: e.into(),
                },
            }
        })
        .collect())
}

pub fn import_text(
    desk: &mut Desk,
    pasted: PastedSource,
    now: DateTime<Utc>,
) -> Reply<ImportOutcome> {
    let name = "pasted text";
    let mut intake = ingest::parse_text(name, Format::detect("", &pasted.text), &pasted.text)?;
    intake.origin = Some(name.to_string());
    ingest::SourceOverrides {
        name: pasted.source_name,
        language: pasted.language,
        url: pasted.url,
    }
    .apply(&mut intake);
    let by = identity_if_set(desk)?;
    let outcome = desk
        .import(std::slice::from_ref(&intake), by.as_ref(), now)?
        .pop()
        .expect("one outcome for one intake")?;
    Ok(outcome)
}

pub fn save_translation(
    desk: &mut Desk,
    id: i64,
    version: i64,
    no: usize,
    text: &str,
    state: Option<SegmentState>,
    now: DateTime<Utc>,
) -> Reply<Saved> {
    let actor = desk.identity(None, None)?;
    Ok(desk.translate(id, Some(version), no, text, state, &actor, now)?)
}

pub fn edit_story(
    desk: &mut Desk,
    id: i64,
    version: i64,
    edit: &StoryEdit,
    now: DateTime<Utc>,
) -> Reply<Saved> {
    let actor = desk.identity(None, None)?;
    Ok(desk.edit(id, Some(version), edit, &actor, now)?)
}

pub fn change_segments(
    desk: &mut Desk,
    id: i64,
    version: i64,
    op: &SegmentOp,
    now: DateTime<Utc>,
) -> Reply<Saved> {
    let actor = desk.identity(None, None)?;
    Ok(desk.segment(id, Some(version), op, &actor, now)?)
}

pub fn move_story(
    desk: &mut Desk,
    id: i64,
    version: i64,
    to: Status,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Reply<Saved> {
    let actor = desk.identity(None, None)?;
    Ok(desk.move_to(id, Some(version), to, note, &actor, now)?)
}

pub fn set_verification(
    desk: &mut Desk,
    id: i64,
    version: i64,
    verification: Verification,
    note: &str,
    now: DateTime<Utc>,
) -> Reply<Saved> {
    let actor = desk.identity(None, None)?;
    Ok(desk.verify(id, Some(version), verification, note, &actor, now)?)
}

/// Gives story `id` to `to` (nobody with `None`). `due` as the person typed it
/// in the window's date field, read in this computer's time zone; empty takes
/// the deadline away, `None` keeps it.
pub fn assign_story(
    desk: &mut Desk,
    id: i64,
    version: i64,
    to: Option<&str>,
    due: Option<&str>,
    now: DateTime<Utc>,
) -> Reply<Saved> {
    let actor = desk.identity(None, None)?;
    let due = match due.map(str::trim) {
        None => dragoman_core::Due::Keep,
        Some("") => dragoman_core::Due::Clear,
        Some(typed) => dragoman_core::Due::By(dragoman_core::parse_due(
            typed,
            now.with_timezone(&chrono::Local),
        )?),
    };
    Ok(desk.assign(id, Some(version), to, due, &actor, now)?)
}

/// The names the assignment form offers (`Desk::people`).
pub fn desk_people(desk: &Desk) -> Reply<Vec<String>> {
    Ok(desk.people()?)
}

pub fn take_story(desk: &mut Desk, id: i64, version: i64, now: DateTime<Utc>) -> Reply<Saved> {
    let actor = desk.identity(None, None)?;
    Ok(desk.take(id, Some(version), &actor, now)?)
}

pub fn open_correction(
    desk: &mut Desk,
    id: i64,
    version: i64,
    note: &str,
    now: DateTime<Utc>,
) -> Reply<Saved> {
    let actor = desk.identity(None, None)?;
    Ok(desk.correct(id, Some(version), note, &actor, now)?)
}

/// Takes a file the person chose, a newer version of story `id`'s article, into
/// the story.
pub fn update_source(
    desk: &mut Desk,
    id: i64,
    path: &std::path::Path,
    now: DateTime<Utc>,
) -> Reply<SourceUpdate> {
    let actor = desk.identity(None, None)?;
    Ok(desk.update_source_file(id, path, &ingest::SourceOverrides::default(), &actor, now)?)
}

pub fn list_revisions(desk: &Desk, id: i64) -> Reply<Vec<Revision>> {
    Ok(desk.revisions(id)?)
}

pub fn compare_revisions(desk: &Desk, id: i64, a: i64, b: i64) -> Reply<Vec<DiffPart>> {
    Ok(desk.compare(id, a, b)?)
}

pub fn restore_revision(
    desk: &mut Desk,
    id: i64,
    version: i64,
    number: i64,
    now: DateTime<Utc>,
) -> Reply<Saved> {
    let actor = desk.identity(None, None)?;
    Ok(desk.restore(id, Some(version), number, &actor, now)?)
}

/// The page from the export code path itself: what "Publish and export" writes,
/// marked as a preview until the story is published.
pub fn preview_story(desk: &Desk, id: i64, now: DateTime<Utc>) -> Reply<String> {
    Ok(publish::preview_page(desk, id, now)?)
}

pub fn publish_and_export(
    desk: &mut Desk,
    id: i64,
    version: i64,
    over_checks: Option<&str>,
    now: DateTime<Utc>,
) -> Reply<PublishedPage> {
    let actor = desk.identity(None, None)?;
    Ok(publish::publish_and_export(
        desk,
        id,
        Some(version),
        over_checks,
        &actor,
        now,
    )?)
}

pub fn disclaimer_preview(
    publication: &str,
    translated: &str,
    not_verified: &str,
) -> Reply<String> {
    Ok(publish::disclaimer_preview(
        publication,
        translated,
        not_verified,
    ))
}

pub fn get_settings(desk: &Desk) -> Reply<Vec<SettingEntry>> {
    Ok(desk.settings()?)
}

/// Sets one setting; `confirmed` says the person agreed to use a folder that
/// already holds files as the inbox (core refuses it otherwise, `inbox_not_empty`).
pub fn set_setting(
    desk: &mut Desk,
    key: &str,
    value: &str,
    confirmed: bool,
) -> Reply<Vec<SettingEntry>> {
    if confirmed {
        desk.set_setting_confirmed(key, value)?;
    } else {
        desk.set_setting(key, value)?;
    }
    get_settings(desk)
}

/// Sets who is at the keyboard; core checks both parts first.
pub fn set_identity(desk: &mut Desk, name: &str, role: &str) -> Reply<Actor> {
    Ok(desk.set_identity(name, role)?)
}

/// The export folder from settings, created if it is not there yet so the file
/// manager has something to show.
pub fn export_folder(desk: &Desk) -> Reply<PathBuf> {
    let dir = PathBuf::from(desk.setting("export_dir")?);
    std::fs::create_dir_all(&dir).map_err(|e| {
        IpcError::from(dragoman_core::Error::Io {
            path: dir.clone(),
            source: e,
        })
    })?;
    Ok(dir)
}

/// The identity from settings, or none when nobody has said who they are yet.
fn identity_if_set(desk: &Desk) -> Reply<Option<Actor>> {
    Ok(desk.known_identity()?)
}

/// The Tauri side: each command locks the desk, takes the time and calls the plain
/// function above. They run off the main thread (`async`) so a long search or
/// import never freezes the window.
pub mod ipc {
    use std::path::PathBuf;

    use chrono::Utc;
    use dragoman_core::compare::DiffPart;
    use dragoman_core::publish::PublishedPage;
    use dragoman_core::search::SearchHit;
    use dragoman_core::settings::SettingEntry;
    use dragoman_core::{
        Actor, ImportOutcome, Revision, Saved, SegmentOp, SegmentState, SourceUpdate, Status,
        StoryEdit, StoryFilter, Verification,
    };
    use tauri::State;

    use super::{
        DeskInfo, DeskOverview, FileImport, PastedSource, Reply, SearchFilter, StoryPage, StoryView,
    };
    use crate::DeskState;

    #[tauri::command(async)]
    pub fn desk_info(desk: State<'_, DeskState>) -> Reply<DeskInfo> {
        super::desk_info(&desk.lock())
    }

    #[tauri::command(async)]
    pub fn list_stories(desk: State<'_, DeskState>, filter: StoryFilter) -> Reply<StoryPage> {
        super::list_stories(&desk.lock(), filter)
    }

    #[tauri::command(async)]
    pub fn desk_counts(desk: State<'_, DeskState>) -> Reply<DeskOverview> {
        super::desk_counts(&desk.lock(), Utc::now())
    }

    #[tauri::command(async)]
    pub fn search_stories(
        desk: State<'_, DeskState>,
        query: String,
        filter: Option<SearchFilter>,
    ) -> Reply<Vec<SearchHit>> {
        super::search_stories(&mut desk.lock(), &query, filter.unwrap_or_default())
    }

    #[tauri::command(async)]
    pub fn get_story(desk: State<'_, DeskState>, id: i64) -> Reply<StoryView> {
        super::get_story(&desk.lock(), id)
    }

    #[tauri::command(async)]
    pub fn import_files(
        desk: State<'_, DeskState>,
        granted: State<'_, crate::granted::GrantedFiles>,
        paths: Vec<PathBuf>,
    ) -> Reply<Vec<FileImport>> {
        granted.check(&paths)?;
        super::import_files(&mut desk.lock(), &paths, Utc::now())
    }

    #[tauri::command(async)]
    pub fn import_text(
        desk: State<'_, DeskState>,
        text: String,
        source_name: Option<String>,
        language: Option<String>,
        url: Option<String>,
    ) -> Reply<ImportOutcome> {
        let pasted = PastedSource {
            text,
            source_name,
            language,
            url,
        };
        super::import_text(&mut desk.lock(), pasted, Utc::now())
    }

    #[tauri::command(async)]
    pub fn save_translation(
        desk: State<'_, DeskState>,
        id: i64,
        version: i64,
        no: usize,
        text: String,
        state: Option<SegmentState>,
    ) -> Reply<Saved> {
        super::save_translation(&mut desk.lock(), id, version, no, &text, state, Utc::now())
    }

    #[tauri::command(async)]
    pub fn edit_story(
        desk: State<'_, DeskState>,
        id: i64,
        version: i64,
        edit: StoryEdit,
    ) -> Reply<Saved> {
        super::edit_story(&mut desk.lock(), id, version, &edit, Utc::now())
    }

    #[tauri::command(async)]
    pub fn change_segments(
        desk: State<'_, DeskState>,
        id: i64,
        version: i64,
        op: SegmentOp,
    ) -> Reply<Saved> {
        super::change_segments(&mut desk.lock(), id, version, &op, Utc::now())
    }

    #[tauri::command(async)]
    pub fn move_story(
        desk: State<'_, DeskState>,
        id: i64,
        version: i64,
        to: Status,
        note: Option<String>,
    ) -> Reply<Saved> {
        super::move_story(
            &mut desk.lock(),
            id,
            version,
            to,
            note.as_deref(),
            Utc::now(),
        )
    }

    #[tauri::command(async)]
    pub fn set_verification(
        desk: State<'_, DeskState>,
        id: i64,
        version: i64,
        verification: Verification,
        note: Option<String>,
    ) -> Reply<Saved> {
        super::set_verification(
            &mut desk.lock(),
            id,
            version,
            verification,
            note.as_deref().unwrap_or(""),
            Utc::now(),
        )
    }

    #[tauri::command(async)]
    pub fn assign_story(
        desk: State<'_, DeskState>,
        id: i64,
        version: i64,
        to: Option<String>,
        due: Option<String>,
    ) -> Reply<Saved> {
        super::assign_story(
            &mut desk.lock(),
            id,
            version,
            to.as_deref(),
            due.as_deref(),
            Utc::now(),
        )
    }

    #[tauri::command(async)]
    pub fn desk_people(desk: State<'_, DeskState>) -> Reply<Vec<String>> {
        super::desk_people(&desk.lock())
    }

    #[tauri::command(async)]
    pub fn take_story(desk: State<'_, DeskState>, id: i64, version: i64) -> Reply<Saved> {
        super::take_story(&mut desk.lock(), id, version, Utc::now())
    }

    #[tauri::command(async)]
    pub fn open_correction(
        desk: State<'_, DeskState>,
        id: i64,
        version: i64,
        note: String,
    ) -> Reply<Saved> {
        super::open_correction(&mut desk.lock(), id, version, &note, Utc::now())
    }

    #[tauri::command(async)]
    pub fn update_source(
        desk: State<'_, DeskState>,
        granted: State<'_, crate::granted::GrantedFiles>,
        id: i64,
        path: PathBuf,
    ) -> Reply<SourceUpdate> {
        granted.check(std::slice::from_ref(&path))?;
        super::update_source(&mut desk.lock(), id, &path, Utc::now())
    }

    #[tauri::command(async)]
    pub fn list_revisions(desk: State<'_, DeskState>, id: i64) -> Reply<Vec<Revision>> {
        super::list_revisions(&desk.lock(), id)
    }

    #[tauri::command(async)]
    pub fn compare_revisions(
        desk: State<'_, DeskState>,
        id: i64,
        a: i64,
        b: i64,
    ) -> Reply<Vec<DiffPart>> {
        super::compare_revisions(&desk.lock(), id, a, b)
    }

    #[tauri::command(async)]
    pub fn restore_revision(
        desk: State<'_, DeskState>,
        id: i64,
        version: i64,
        number: i64,
    ) -> Reply<Saved> {
        super::restore_revision(&mut desk.lock(), id, version, number, Utc::now())
    }

    #[tauri::command(async)]
    pub fn preview_story(desk: State<'_, DeskState>, id: i64) -> Reply<String> {
        super::preview_story(&desk.lock(), id, Utc::now())
    }

    #[tauri::command(async)]
    pub fn publish_and_export(
        desk: State<'_, DeskState>,
        id: i64,
        version: i64,
        over_checks: Option<String>,
    ) -> Reply<PublishedPage> {
        super::publish_and_export(
            &mut desk.lock(),
            id,
            version,
            over_checks.as_deref(),
            Utc::now(),
        )
    }

    #[tauri::command(async)]
    pub fn disclaimer_preview(
        publication: String,
        translated: String,
        not_verified: String,
    ) -> Reply<String> {
        super::disclaimer_preview(&publication, &translated, &not_verified)
    }

    #[tauri::command(async)]
    pub fn get_settings(desk: State<'_, DeskState>) -> Reply<Vec<SettingEntry>> {
        super::get_settings(&desk.lock())
    }

    /// A new `inbox_dir` moves the watch at once; the desk's lock is let go
    /// first, since the old watcher may finish a batch before it stops.
    #[tauri::command(async)]
    pub fn set_setting<R: tauri::Runtime>(
        app: tauri::AppHandle<R>,
        desk: State<'_, DeskState>,
        key: String,
        value: String,
        confirmed: Option<bool>,
    ) -> Reply<Vec<SettingEntry>> {
        let (entries, inbox) = {
            let mut desk = desk.lock();
            let entries = super::set_setting(&mut desk, &key, &value, confirmed.unwrap_or(false))?;
            let inbox = match key.as_str() {
                "inbox_dir" => Some(desk.setting("inbox_dir")?),
                _ => None,
            };
            (entries, inbox)
        };
        if let Some(folder) = inbox {
            crate::inbox::follow_setting(&app, &folder);
        }
        Ok(entries)
    }

    #[tauri::command(async)]
    pub fn set_identity(desk: State<'_, DeskState>, name: String, role: String) -> Reply<Actor> {
        super::set_identity(&mut desk.lock(), &name, &role)
    }

    #[tauri::command(async)]
    pub fn open_export_folder<R: tauri::Runtime>(
        app: tauri::AppHandle<R>,
        desk: State<'_, DeskState>,
    ) -> Reply<()> {
        use tauri_plugin_opener::OpenerExt;
        let dir = super::export_folder(&desk.lock())?;
        app.opener()
            .open_path(dir.display().to_string(), None::<&str>)
            .map_err(|e| {
                crate::error::IpcError::shell(
                    crate::error::ShellCode::OpenFailed,
                    format!("could not open {}: {e}", dir.display()),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;
    use std::path::Path;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 5, 6, 9, minute, 0).unwrap()
    }

    /// An NTREX article from the repository's fixtures, Arabic or English:
    /// the first line is the headline, then one paragraph a line.
    fn ntrex(lang: &str) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/ntrex")
            .join(format!("01.{lang}.txt"));
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("the test fixture is missing ({}: {e})", path.display()))
    }

    fn desk() -> (tempfile::TempDir, Desk) {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("desk.db")).unwrap();
        desk.set_folder_defaults(dragoman_core::settings::FolderDefaults::under_home(
            dir.path(),
        ));
        (dir, desk)
    }

    fn paste(desk: &mut Desk) -> i64 {
        let pasted = PastedSource {
            text: ntrex("ar"),
            source_name: Some("al-Watan".into()),
            ..PastedSource::default()
        };
        import_text(desk, pasted, at(0)).unwrap().id
    }

    fn version(desk: &Desk, id: i64) -> i64 {
        get_story(desk, id).unwrap().story.version
    }

    #[test]
    fn a_pasted_arabic_story_opens_right_to_left_with_its_paragraphs() {
        let (_dir, mut desk) = desk();
        let id = paste(&mut desk);
        let view = get_story(&desk, id).unwrap();
        assert_eq!(view.direction, "rtl");
        assert_eq!(view.story.source.language, "ar");
        assert_eq!(view.story.source.name, "al-Watan");
        let english: Vec<String> = ntrex("en").lines().skip(1).map(str::to_string).collect();
        assert_eq!(view.story.segments.len(), english.len());
        assert_eq!(view.progress.done, 0);
        // Nobody has said who they are, so no move is offered yet.
        assert!(view.moves.is_empty());
        let again = PastedSource {
            text: ntrex("ar"),
            ..PastedSource::default()
        };
        assert_eq!(
            import_text(&mut desk, again, at(1)).unwrap(),
            ImportOutcome {
                id,
                created: false,
                new_version: false
            }
        );
    }

    #[test]
    fn a_story_goes_from_paste_to_published_through_the_commands() {
        let (_dir, mut desk) = desk();
        let id = paste(&mut desk);

        set_identity(&mut desk, "Rana", "translator").unwrap();
        for (i, line) in ntrex("en").lines().skip(1).enumerate() {
            let v = version(&desk, id);
            save_translation(&mut desk, id, v, i + 1, line, None, at(2)).unwrap();
        }
        let view = get_story(&desk, id).unwrap();
        assert_eq!(view.progress.done, view.progress.total);
        let to_translated = view
            .moves
            .iter()
            .find(|m| m.to == Status::Translated)
            .unwrap();
        assert!(to_translated.allowed, "{to_translated:?}");
        move_story(
            &mut desk,
            id,
            view.story.version,
            Status::Translated,
            None,
            at(3),
        )
        .unwrap();

        set_identity(&mut desk, "Omar", "editor").unwrap();
        let edit: StoryEdit = serde_json::from_value(json!({
            "headline": "Macedonians vote on their country's name",
            "standfirst": "Voters decide on \"North Macedonia\", according to al-Watan.",
            "keywords": ["Macedonia", "Greece"],
        }))
        .unwrap();
        let v = version(&desk, id);
        edit_story(&mut desk, id, v, &edit, at(4)).unwrap();
        let v = version(&desk, id);
        move_story(&mut desk, id, v, Status::Edited, None, at(5)).unwrap();

        set_identity(&mut desk, "Lina", "reviewer").unwrap();
        let v = version(&desk, id);
        set_verification(
            &mut desk,
            id,
            v,
            Verification::NotVerified,
            "Called the agency",
            at(6),
        )
        .unwrap();

        set_identity(&mut desk, "Omar", "editor").unwrap();
        let preview = preview_story(&desk, id, at(7)).unwrap();
        assert!(
            preview.contains("Macedonians vote on their country"),
            "the preview is the page"
        );
        let v = version(&desk, id);
        let err = publish_and_export(&mut desk, id, v, None, at(7)).unwrap_err();
        assert_eq!(err.code, "publication_not_set");
        set_setting(&mut desk, "publication", "The Syrian Observer", false).unwrap();
        let v = version(&desk, id);
        let published = publish_and_export(&mut desk, id, v, None, at(7)).unwrap();
        let page = std::fs::read_to_string(&published.path).unwrap();
        assert_eq!(preview_story(&desk, id, at(7)).unwrap(), page);
        assert!(page.contains("This article was translated and edited by The Syrian Observer."));
        assert!(page.contains("The Syrian Observer has not verified the content of this story."));
        assert!(published
            .fragment
            .contains(ntrex("en").lines().nth(1).unwrap()));
        let json = serde_json::to_value(&published).unwrap();
        assert_eq!(json["saved"]["version"], published.saved.version);
        assert_eq!(json["path"], published.path.display().to_string());

        let story = get_story(&desk, id).unwrap().story;
        assert_eq!(story.status, Status::Published);
        assert_eq!(story.verification, Verification::NotVerified);
        assert_eq!(story.keywords, ["Macedonia", "Greece"]);
        assert_eq!(story.credits.translator, "Rana");
        let overview = desk_counts(&desk, at(30)).unwrap();
        assert_eq!(overview.counts.by_status["published"], 1);
        assert_eq!(overview.per_day.last().unwrap().count, 1);
        let page = list_stories(&desk, StoryFilter::default()).unwrap();
        assert_eq!((page.total, page.stories[0].id), (1, id));
    }

    #[test]
    fn a_refused_move_says_why_and_changes_nothing() {
        let (_dir, mut desk) = desk();
        let id = paste(&mut desk);
        set_identity(&mut desk, "Rana", "translator").unwrap();
        let view = get_story(&desk, id).unwrap();
        let option = view
            .moves
            .iter()
            .find(|m| m.to == Status::Translated)
            .unwrap();
        assert!(!option.allowed);
        assert_eq!(option.code, Some("untranslated_segments"));
        assert!(option.reason.as_deref().unwrap().contains("untranslated"));
        let v = version(&desk, id);

        let before = view.story.version;
        let err = move_story(&mut desk, id, before, Status::Translated, None, at(1)).unwrap_err();
        assert_eq!(err.code, "untranslated_segments");
        assert!(err.message.contains("segment"), "{}", err.message);
        assert_eq!(v, before);

        let err = set_verification(
            &mut desk,
            id,
            before,
            Verification::Verified,
            "Called the agency",
            at(1),
        )
        .unwrap_err();
        assert_eq!(err.code, "forbidden");
    }

    #[test]
    fn a_stale_version_is_a_conflict_not_an_overwrite() {
        let (_dir, mut desk) = desk();
        let id = paste(&mut desk);
        set_identity(&mut desk, "Rana", "translator").unwrap();
        let read = version(&desk, id);
        save_translation(
            &mut desk,
            id,
            read,
            1,
            "First words",
            Some(SegmentState::Draft),
            at(1),
        )
        .unwrap();
        let err = save_translation(&mut desk, id, read, 1, "Other words", None, at(2)).unwrap_err();
        assert_eq!(err.code, "conflict");
        let segment = &get_story(&desk, id).unwrap().story.segments[0];
        assert_eq!(
            (segment.target.as_str(), segment.state),
            ("First words", SegmentState::Draft)
        );
    }

    #[test]
    fn changes_need_an_identity_and_a_bad_identity_stores_nothing() {
        let (_dir, mut desk) = desk();
        let id = paste(&mut desk);
        let v = version(&desk, id);
        let err = save_translation(&mut desk, id, v, 1, "x", None, at(1)).unwrap_err();
        assert_eq!(err.code, "identity_required");
        assert_eq!(
            set_identity(&mut desk, "Rana", "boss").unwrap_err().code,
            "invalid_input"
        );
        assert_eq!(
            set_identity(&mut desk, "  ", "editor").unwrap_err().code,
            "invalid_input"
        );
        assert!(desk_info(&desk).unwrap().identity.is_none());
        let actor = set_identity(&mut desk, " Rana ", "Translator").unwrap();
        assert_eq!(actor, Actor::new("Rana", dragoman_core::Role::Translator));
    }

    #[test]
    fn replies_have_the_contracts_json_shape() {
        let (dir, mut desk) = desk();
        let info = serde_json::to_value(desk_info(&desk).unwrap()).unwrap();
        assert_eq!(info["identity"], serde_json::Value::Null);
        assert!(info["dbPath"].as_str().unwrap().ends_with("desk.db"));
        assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));

        let id = paste(&mut desk);
        set_identity(&mut desk, "Rana", "translator").unwrap();
        let view = serde_json::to_value(get_story(&desk, id).unwrap()).unwrap();
        assert_eq!(view["direction"], "rtl");
        assert_eq!(view["story"]["status"], "draft");
        assert_eq!(view["moves"][0]["to"], "translated");
        assert_eq!(view["moves"][0]["code"], "untranslated_segments");
        assert!(view["progress"]["total"].as_u64().unwrap() > 0);

        let overview = serde_json::to_value(desk_counts(&desk, at(0)).unwrap()).unwrap();
        assert_eq!(
            overview["perDay"].as_array().unwrap().len(),
            CHART_DAYS as usize
        );
        assert_eq!(overview["counts"]["by_status"]["draft"], 1);

        let good = dir.path().join("story.md");
        std::fs::write(
            &good,
            "---\ntitle: عنوان\nsource: SANA\n---\n\nفقرة أولى.\n",
        )
        .unwrap();
        let missing = dir.path().join("missing.txt");
        let outcome = import_files(
            &mut desk,
            &[missing.clone(), good.clone(), good.clone()],
            at(1),
        )
        .unwrap();
        let outcome = serde_json::to_value(outcome).unwrap();
        assert_eq!(outcome[0]["file"], missing.display().to_string());
        assert_eq!(outcome[0]["error"]["code"], "unreadable");
        assert_eq!(outcome[1]["created"], true);
        assert_eq!(outcome[2]["created"], false);
        assert_eq!(outcome[1]["id"], outcome[2]["id"]);

        // The filters arrive as the UI sends them.
        let filter: StoryFilter =
            serde_json::from_value(json!({"status": "draft", "limit": 1})).unwrap();
        let page = serde_json::to_value(list_stories(&desk, filter).unwrap()).unwrap();
        assert_eq!(page["total"], 2);
        assert_eq!(page["stories"].as_array().unwrap().len(), 1);
        let op: SegmentOp =
            serde_json::from_value(json!({"kind": "insert", "no": 1, "text": "Read this"}))
                .unwrap();
        let v = version(&desk, id);
        change_segments(&mut desk, id, v, &op, at(2)).unwrap();
        assert_eq!(
            get_story(&desk, id).unwrap().story.segments[0].target,
            "Read this"
        );
    }

    #[test]
    fn search_finds_source_and_translation() {
        let (_dir, mut desk) = desk();
        let id = paste(&mut desk);
        set_identity(&mut desk, "Rana", "translator").unwrap();
        let v = version(&desk, id);
        save_translation(
            &mut desk,
            id,
            v,
            1,
            "Voters will decide on Sunday",
            None,
            at(1),
        )
        .unwrap();
        let hits = search_stories(&mut desk, "voters", SearchFilter::default()).unwrap();
        assert_eq!(hits.iter().map(|h| h.story.id).collect::<Vec<_>>(), [id]);
        let arabic_word = ntrex("ar")
            .lines()
            .nth(1)
            .unwrap()
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_string();
        assert_eq!(
            search_stories(&mut desk, &arabic_word, SearchFilter::default())
                .unwrap()
                .len(),
            1
        );
        let none = SearchFilter {
            status: Some(Status::Published),
            ..SearchFilter::default()
        };
        assert!(search_stories(&mut desk, "voters", none)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn revisions_compare_and_restore() {
        let (_dir, mut desk) = desk();
        let id = paste(&mut desk);
        set_identity(&mut desk, "Rana", "translator").unwrap();
        let v = version(&desk, id);
        save_translation(&mut desk, id, v, 1, "Voters vote on Sunday", None, at(1)).unwrap();
        let v = version(&desk, id);
        save_translation(
            &mut desk,
            id,
            v,
            1,
            "Voters will vote on Sunday",
            None,
            at(2),
        )
        .unwrap();
        let revisions = list_revisions(&desk, id).unwrap();
        let [.., a, b] = revisions.as_slice() else {
            panic!("two revisions expected")
        };
        let diff = compare_revisions(&desk, id, a.number, b.number).unwrap();
        assert!(
            diff.iter()
                .any(|p| p.kind == "added" && p.text.contains("will")),
            "{diff:?}"
        );
        let v = version(&desk, id);
        restore_revision(&mut desk, id, v, a.number, at(3)).unwrap();
        assert_eq!(
            get_story(&desk, id).unwrap().story.segments[0].target,
            "Voters vote on Sunday"
        );
        let v = version(&desk, id);
        assert_eq!(
            restore_revision(&mut desk, id, v, 999, at(4))
                .unwrap_err()
                .code,
            "revision_not_found"
        );
    }

    #[test]
    fn the_disclaimer_preview_follows_the_texts_being_typed() {
        let html = disclaimer_preview(
            "Levant Daily",
            "Translated by {publication}.",
            "Not verified by {publication}.",
        )
        .unwrap();
        assert_eq!(
            html,
            "<p class=\"disclaimer\">Translated by Levant Daily. Not verified by Levant Daily.</p>"
        );
    }

    #[test]
    fn settings_round_trip_and_the_export_folder_is_created() {
        let (dir, mut desk) = desk();
        let entries = set_setting(&mut desk, "publication", "The Syrian Observer", false).unwrap();
        let publication = entries.iter().find(|e| e.key == "publication").unwrap();
        assert_eq!(
            (publication.value.as_str(), publication.default),
            ("The Syrian Observer", false)
        );
        assert_eq!(
            set_setting(&mut desk, "colour", "red", false)
                .unwrap_err()
                .code,
            "invalid_input"
        );
        let out = dir.path().join("out");
        set_setting(&mut desk, "export_dir", &out.display().to_string(), false).unwrap();
        assert_eq!(export_folder(&desk).unwrap(), out);
        assert!(out.is_dir());
    }
}
