//! The one error type of the core. Every variant has a stable `code` that the shells
//! pass on as `{code, message}`; callers branch on the code, people read the message.
//!
//! Messages say what is wrong and what to do in words of no particular shell: no
//! command-line flag, no command name, no button. Each shell adds its own way of
//! doing it (the CLI's `--note`, the window's "Open a correction…") from the
//! variant and its fields; a test fails if a message here names a flag or command.

use std::path::PathBuf;

use crate::model::{Role, Status};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Every code an error of the core can carry: what the shells pass on as
/// `{code, message}` and callers branch on. One enum, exported to the window's
/// TypeScript (`ui/src/bindings.ts`), so a branch on a code that does not exist
/// fails the type check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    StoryNotFound,
    SegmentNotFound,
    RevisionNotFound,
    TermNotFound,
    Conflict,
    IllegalMove,
    Forbidden,
    UntranslatedSegments,
    NoSourceText,
    MissingField,
    VerificationUndecided,
    ChecksFailed,
    NoteRequired,
    FourEyes,
    AlreadyAssigned,
    Frozen,
    NotPublished,
    InvalidInput,
    IdentityRequired,
    StoreTooNew,
    TooLong,
    ForeignStore,
    InboxNotEmpty,
    NoDataFolder,
    Unreadable,
    NotAFile,
    TooLarge,
    EmptyFile,
    NoText,
    BinaryFile,
    Malformed,
    InvalidUtf8,
    Utf16WithoutBom,
    InvalidUtf16,
    InboxMissing,
    InboxNotAFolder,
    InboxPermissionDenied,
    WatchFailed,
    InboxUnset,
    Io,
    PublicationNotSet,
    PublishedNotWritten,
    Template,
    Busy,
    Database,
    Migration,
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::StoryNotFound => "story_not_found",
            ErrorCode::SegmentNotFound => "segment_not_found",
            ErrorCode::RevisionNotFound => "revision_not_found",
            ErrorCode::TermNotFound => "term_not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::IllegalMove => "illegal_move",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::UntranslatedSegments => "untranslated_segments",
            ErrorCode::NoSourceText => "no_source_text",
            ErrorCode::MissingField => "missing_field",
            ErrorCode::VerificationUndecided => "verification_undecided",
            ErrorCode::ChecksFailed => "checks_failed",
            ErrorCode::NoteRequired => "note_required",
            ErrorCode::FourEyes => "four_eyes",
            ErrorCode::AlreadyAssigned => "already_assigned",
            ErrorCode::Frozen => "frozen",
            ErrorCode::NotPublished => "not_published",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::IdentityRequired => "identity_required",
            ErrorCode::StoreTooNew => "store_too_new",
            ErrorCode::TooLong => "too_long",
            ErrorCode::ForeignStore => "foreign_store",
            ErrorCode::InboxNotEmpty => "inbox_not_empty",
            ErrorCode::NoDataFolder => "no_data_folder",
            ErrorCode::Unreadable => "unreadable",
            ErrorCode::NotAFile => "not_a_file",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::EmptyFile => "empty_file",
            ErrorCode::NoText => "no_text",
            ErrorCode::BinaryFile => "binary_file",
            ErrorCode::Malformed => "malformed",
            ErrorCode::InvalidUtf8 => "invalid_utf8",
            ErrorCode::Utf16WithoutBom => "utf16_without_bom",
            ErrorCode::InvalidUtf16 => "invalid_utf16",
            ErrorCode::InboxMissing => "inbox_missing",
            ErrorCode::InboxNotAFolder => "inbox_not_a_folder",
            ErrorCode::InboxPermissionDenied => "inbox_permission_denied",
            ErrorCode::WatchFailed => "watch_failed",
            ErrorCode::InboxUnset => "inbox_unset",
            ErrorCode::Io => "io",
            ErrorCode::PublicationNotSet => "publication_not_set",
            ErrorCode::PublishedNotWritten => "published_not_written",
            ErrorCode::Template => "template",
            ErrorCode::Busy => "busy",
            ErrorCode::Database => "database",
            ErrorCode::Migration => "migration",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("story {0} does not exist; the desk lists the stories on it")]
    StoryNotFound(i64),

    #[error("story {story} has no segment {no}; it has {count} (numbered from 1)")]
    SegmentNotFound { story: i64, no: usize, count: usize },

    #[error("story {story} has no revision {number}; its history lists the revisions it has")]
    RevisionNotFound { story: i64, number: i64 },

    #[error("the glossary has no term {0}; the glossary's list shows the terms it has")]
    TermNotFound(i64),

    #[error(
        "story {story} changed since you read it (you had version {expected}, it is now \
         {actual}); reload it and apply your change again"
    )]
    Conflict {
        story: i64,
        expected: i64,
        actual: i64,
    },

    #[error(
        "story {story} changed since the file was exported ({}): nothing was taken, so no newer \
         text is overwritten; export the story again and carry the file's translations over",
        .changed.join(", ")
    )]
    ChangedSinceExport { story: i64, changed: Vec<String> },

    #[error("a story cannot move from {from} to {to}; {hint}")]
    IllegalMove {
        from: Status,
        to: Status,
        hint: &'static str,
    },

    #[error("{action} needs the role {allowed}; you are acting as {role}")]
    Forbidden {
        action: &'static str,
        role: Role,
        allowed: &'static str,
    },

    #[error(
        "{} with source text {} not done yet (first: segment {first}); translate and mark \
         {} done before marking the story translated",
        crate::text::count_of(*.count, "segment", "segments"),
        if *.count == 1 { "is" } else { "are" },
        if *.count == 1 { "it" } else { "them" }
    )]
    Untranslated { count: usize, first: usize },

    #[error(
        "the story has no paragraph with source text left, so there is nothing it \
         translates; it cannot be marked translated or published (import the article \
         again to start over)"
    )]
    NoSourceText,

    #[error("the story has no {field}; add one before this move")]
    MissingField { field: &'static str },

    #[error(
        "the story's verification is still unreviewed; a reviewer must mark it verified or \
         not verified before it is published"
    )]
    Unverified,

    #[error(
        "{} {} publishing: {}; correct {}, or publish anyway with a reason for the history",
        crate::text::count_of(.errors.len(), "check error", "check errors"),
        if .errors.len() == 1 { "stops" } else { "stop" },
        .errors.join("; "),
        if .errors.len() == 1 { "it" } else { "them" }
    )]
    ChecksFailed {
        /// Each error as "where: what".
        errors: Vec<String>,
    },

    #[error("publishing over the checks needs a reason, kept in the story's history")]
    OverrideReasonRequired,

    /// The desk asks for a second pair of eyes and the publisher translated the story.
    #[error(
        "{name} translated this story, and the desk asks a second person to publish it; \
         another editor publishes it (or an editor turns the four-eyes setting off)"
    )]
    SecondPairOfEyes { name: String },

    #[error(
        "say what was checked (sources, figures, quotes) when setting the verification; \
         the note goes into the story's history"
    )]
    VerificationNoteRequired,

    #[error("moving a story back to {to} needs a note saying why")]
    NoteRequired { to: Status },

    #[error(
        "story {story} is published and frozen; open a correction first, with a note \
         saying what changes"
    )]
    Frozen { story: i64 },

    #[error(
        "story {story} is already assigned to {assignee}; an editor can give it to someone \
         else, or {assignee} can give it back"
    )]
    AlreadyAssigned { story: i64, assignee: String },

    #[error("story {story} is not published; only a published story can be corrected")]
    NotPublished { story: i64 },

    #[error("{0}")]
    InvalidInput(String),

    #[error(
        "say who is acting: a name and a role (translator, editor or reviewer); every change \
         records them"
    )]
    IdentityRequired,

    #[error(
        "the store at {path} was written by a newer Dragoman (schema {found}, this version \
         knows {known}); install the newer Dragoman, the store was left untouched"
    )]
    StoreTooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    /// A text longer than a field holds; nothing was saved.
    #[error(
        "the {field} is {kb} KB; a field holds at most {max_kb} KB of text, so split it into \
         paragraphs (nothing was saved)"
    )]
    TooLong {
        field: String,
        kb: usize,
        max_kb: usize,
    },

    /// A folder that already holds files was chosen as the inbox without the
    /// person confirming it: the watcher would import and move every one.
    #[error(
        "{folder} already holds {files} {}; as the inbox, each would be imported as a \
         story and moved into imported/ or failed/ there. Choose an empty folder, or confirm \
         that these files are source articles",
        if *files == 1 { "file" } else { "files" }
    )]
    InboxNotEmpty { folder: PathBuf, files: usize },

    /// No store path was given and the platform has no data folder to put one in.
    #[error("cannot find your data folder for the store; name the store's path instead")]
    NoDataFolder,

    /// The store file was made by another program.
    #[error(
        "{path} is a database of another program, not a Dragoman store; it was left \
         untouched — choose another file for the store"
    )]
    ForeignStore { path: PathBuf },

    #[error("{path}: {reason}")]
    Intake {
        path: String,
        code: ErrorCode,
        reason: String,
    },

    /// The watched inbox folder cannot be watched: missing, not a folder, no
    /// permission, or the watcher itself failed. The reason says what to do.
    #[error("inbox {folder}: {reason}")]
    Inbox {
        folder: PathBuf,
        code: ErrorCode,
        reason: String,
    },

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "story {story} is {status}, not published; only published stories export (a \
         preview shows it as it would look)"
    )]
    ExportUnpublished { story: i64, status: Status },

    #[error(
        "the publication's name is not set, and the disclaimer and credit need it; set the \
         publication in the settings and export again"
    )]
    PublicationUnset,

    #[error(
        "story {story} is published, but its page could not be written ({reason}); make \
         room or fix the export folder, then export it again, which writes the page \
         without another move"
    )]
    PublishedUnwritten { story: i64, reason: String },

    #[error("template {name}, line {line}: {message}")]
    Template {
        name: String,
        line: usize,
        message: String,
    },

    #[error("{}", store_error(.0))]
    Database(#[from] rusqlite::Error),

    #[error("the store could not be migrated: {0}")]
    Migration(String),
}

impl Error {
    /// The stable, machine-readable code of this error.
    /// The error's code.
    pub fn kind(&self) -> ErrorCode {
        match self {
            Error::StoryNotFound(_) => ErrorCode::StoryNotFound,
            Error::SegmentNotFound { .. } => ErrorCode::SegmentNotFound,
            Error::RevisionNotFound { .. } => ErrorCode::RevisionNotFound,
            Error::TermNotFound(_) => ErrorCode::TermNotFound,
            Error::Conflict { .. } | Error::ChangedSinceExport { .. } => ErrorCode::Conflict,
            Error::IllegalMove { .. } => ErrorCode::IllegalMove,
            Error::Forbidden { .. } => ErrorCode::Forbidden,
            Error::Untranslated { .. } => ErrorCode::UntranslatedSegments,
            Error::NoSourceText => ErrorCode::NoSourceText,
            Error::MissingField { .. } => ErrorCode::MissingField,
            Error::Unverified => ErrorCode::VerificationUndecided,
            Error::ChecksFailed { .. } => ErrorCode::ChecksFailed,
            Error::OverrideReasonRequired => ErrorCode::NoteRequired,
            Error::SecondPairOfEyes { .. } => ErrorCode::FourEyes,
            Error::VerificationNoteRequired => ErrorCode::NoteRequired,
            Error::NoteRequired { .. } => ErrorCode::NoteRequired,
            Error::Frozen { .. } => ErrorCode::Frozen,
            Error::AlreadyAssigned { .. } => ErrorCode::AlreadyAssigned,
            Error::NotPublished { .. } => ErrorCode::NotPublished,
            Error::InvalidInput(_) => ErrorCode::InvalidInput,
            Error::IdentityRequired => ErrorCode::IdentityRequired,
            Error::StoreTooNew { .. } => ErrorCode::StoreTooNew,
            Error::TooLong { .. } => ErrorCode::TooLong,
            Error::ForeignStore { .. } => ErrorCode::ForeignStore,
            Error::InboxNotEmpty { .. } => ErrorCode::InboxNotEmpty,
            Error::NoDataFolder => ErrorCode::NoDataFolder,
            Error::Intake { code, .. } => *code,
            Error::Inbox { code, .. } => *code,
            Error::Io { .. } => ErrorCode::Io,
            Error::ExportUnpublished { .. } => ErrorCode::NotPublished,
            Error::PublicationUnset => ErrorCode::PublicationNotSet,
            Error::PublishedUnwritten { .. } => ErrorCode::PublishedNotWritten,
            Error::Template { .. } => ErrorCode::Template,
            Error::Database(e) if is_busy(e) => ErrorCode::Busy,
            Error::Database(_) => ErrorCode::Database,
            Error::Migration(_) => ErrorCode::Migration,
        }
    }

    /// The error's code as the shells send it.
    pub fn code(&self) -> &'static str {
        self.kind().as_str()
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidInput(message.into())
    }
}

/// A busy store is a person's everyday case (the command line, the inbox watcher
/// or a second window writing at the same moment), not a fault: say so.
fn store_error(e: &rusqlite::Error) -> String {
    if is_busy(e) {
        "the store is busy: another program (the command line, the inbox watcher \
         or a second window) is writing to it; try again in a moment"
            .to_string()
    } else {
        format!("the store reported an error: {e}")
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_store_says_who_may_hold_it_and_what_to_do() {
        let busy = Error::Database(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        ));
        assert_eq!(busy.code(), "busy");
        let message = busy.to_string();
        assert!(message.contains("another program"), "{message}");
        assert!(message.ends_with("try again in a moment"), "{message}");
        let other = Error::Database(rusqlite::Error::QueryReturnedNoRows);
        assert_eq!(other.code(), "database");
        assert!(other
            .to_string()
            .starts_with("the store reported an error: "));
    }
}
