//! The TypeScript the window's code sees of this shell: every type that crosses
//! the IPC boundary, generated from the Rust types by `ts-rs`, and the names of
//! the commands, from `COMMANDS`. The UI imports them from `ui/src/bindings.ts`
//! instead of restating them; a test fails when the checked-in file differs
//! from what the Rust types say, so a change on one side cannot drift from the
//! other. `DRAGOMAN_WRITE_BINDINGS=1 cargo test -p dragoman-desktop bindings`
//! writes it again.

use ts_rs::TS;

use crate::aids::{AidCounts, AidExport, AidImport, ImportProgress};
use crate::commands::{
    Allowance, BackupInfo, DeskInfo, DeskOverview, FileImport, StoryPage, StoryPermissions,
    StoryView,
};
use crate::error::{IpcError, ShellCode};
use crate::inbox::InboxStatus;
use crate::COMMANDS;
use dragoman_core::checks::{CheckId, Finding, Severity, Where};
use dragoman_core::glossary::{NewTerm, SegmentTerms, Term, TermHit, TermStatus};
use dragoman_core::inbox::{ErrorReport, FileOutcome, FileReport, InboxEvent};
use dragoman_core::memory::{ConcordanceHit, MemoryMatch, Origin, Suggestions};
use dragoman_core::publish::PublishedPage;
use dragoman_core::search::{SearchHit, SnippetPart};
use dragoman_core::workflow::MoveOption;
use dragoman_core::{
    compare::DiffPart, settings::SettingEntry, Actor, Correction, Credits, DayCount, DeskCounts,
    ErrorCode, HistoryEntry, ImportOutcome, ListKey, ListOrder, Progress, RelatedStory,
    RemovedSegment, Revision, Role, Saved, Segment, SegmentOp, SegmentState, Source, SourceUpdate,
    Status, Story, StoryEdit, StoryFilter, StorySummary, Verification,
};

/// One exported declaration per type, in dependency-free order (TypeScript
/// resolves names anywhere in a module).
macro_rules! declarations {
    ($($t:ty),* $(,)?) => {
        vec![$(format!("export {}", <$t as TS>::decl())),*]
    };
}

/// The whole of `ui/src/bindings.ts`.
pub fn typescript() -> String {
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/src/bindings.rs; do not edit.\n\
         // DRAGOMAN_WRITE_BINDINGS=1 cargo test -p dragoman-desktop bindings writes it again.\n\n",
    );
    let decls: Vec<String> = declarations![
        Status,
        Verification,
        Role,
        SegmentState,
        Actor,
        Source,
        Credits,
        Segment,
        HistoryEntry,
        Correction,
        RelatedStory,
        Story,
        Progress,
        StorySummary,
        SearchHit,
        SnippetPart,
        MoveOption,
        Revision,
        DiffPart,
        SettingEntry,
        Saved,
        DeskCounts,
        DayCount,
        ImportOutcome,
        SourceUpdate,
        RemovedSegment,
        SegmentOp,
        StoryEdit,
        StoryFilter,
        ListOrder,
        ListKey,
        PublishedPage,
        MemoryMatch,
        Suggestions,
        ConcordanceHit,
        Term,
        NewTerm,
        TermStatus,
        TermHit,
        SegmentTerms,
        Finding,
        CheckId,
        Severity,
        Where,
        AidCounts,
        AidImport,
        ImportProgress,
        AidExport,
        Origin,
        ErrorReport,
        FileOutcome,
        FileReport,
        InboxEvent,
        ErrorCode,
        ShellCode,
        IpcError,
        DeskInfo,
        BackupInfo,
        StoryPage,
        DeskOverview,
        StoryView,
        Allowance,
        StoryPermissions,
        FileImport,
        InboxStatus,
    ];
    for d in decls {
        // serde_json writes every integer as a JSON number, which JSON.parse
        // reads as a number: `bigint`, ts-rs's choice for 64-bit integers, would
        // describe a value the window never receives. Ids and versions stay far
        // below 2^53.
        out.push_str(&d.replace("bigint", "number"));
        out.push_str("\n\n");
    }
    out.push_str(
        "/** Every command the window may call (`COMMANDS` in src-tauri/src/lib.rs). */\n",
    );
    out.push_str("export const COMMANDS = [\n");
    for c in COMMANDS {
        out.push_str(&format!("  '{c}',\n"));
    }
    out.push_str("] as const;\n\nexport type Command = (typeof COMMANDS)[number];\n");
    out.push_str(&format!(
        "\n/** Rows per page of the desk's list (`DESK_PAGE` in src-tauri/src/commands.rs). */\n\
         export const DESK_PAGE = {};\n",
        crate::commands::DESK_PAGE
    ));
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn bindings_match_the_rust_types() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
        let fresh = super::typescript();
        if std::env::var_os("DRAGOMAN_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
        }
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            checked_in == fresh,
            "ui/src/bindings.ts differs from the Rust types; run \
             DRAGOMAN_WRITE_BINDINGS=1 cargo test -p dragoman-desktop bindings and commit it"
        );
    }
}
