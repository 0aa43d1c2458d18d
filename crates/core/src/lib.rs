//! Dragoman's domain, with no knowledge of Tauri, HTTP or terminals: the store,
//! the workflow, segments, search, intake and export. The desktop app and the
//! `dragoman` command are thin shells over this crate.
//!
//! Time, paths and settings come in as arguments; nothing here reads the clock or
//! the environment.

pub mod backup;
pub mod checks;
pub mod compare;
pub mod desk;
pub mod error;
pub mod export;
pub mod glossary;
pub mod inbox;
pub mod ingest;
pub mod memory;
pub mod model;
pub mod publish;
pub mod search;
pub mod settings;
pub mod store;
#[cfg(test)]
mod testing;
pub mod text;
pub mod workflow;
pub mod xliff;

pub use desk::{
    parse_due, DayCount, DeskCounts, Due, ImportOutcome, ListKey, ListOrder, RemovedSegment, Saved,
    SegmentOp, SourceUpdate, StoryEdit, StoryFilter, Translations,
};
pub use error::{Error, ErrorCode, Result};
pub use model::*;
pub use store::Desk;
