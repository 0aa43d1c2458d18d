//! The desk's nouns: stories, segments, history, revisions, and who is acting.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// Defines a string-backed enum with its wire names, `Display` and `FromStr`.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
                    $($text => Ok($name::$variant),)+
                    other => Err(Error::invalid(format!(
                        concat!("unknown ", $what, " '{}'; use one of: {}"),
                        other,
                        [$($text),+].join(", ")
                    ))),
                }
            }
        }
    };
}

named_enum!(
    /// Where a story is in the desk's workflow.
    Status, "status" {
        Draft => "draft",
        Translated => "translated",
        Edited => "edited",
        Published => "published",
    }
);

impl Status {
    /// Whether a deadline still stands: a story not yet published has one to
    /// meet; once published it is done, whenever it was due.
    pub fn awaits_deadline(self) -> bool {
        self != Status::Published
    }
}

named_enum!(
    /// Whether the newsroom has verified a story; set by reviewers only, independent of status.
    Verification, "verification" {
        Unreviewed => "unreviewed",
        NotVerified => "not_verified",
        Verified => "verified",
    }
);

named_enum!(
    /// The role a person is acting in.
    Role, "role" {
        Translator => "translator",
        Editor => "editor",
        Reviewer => "reviewer",
    }
);

named_enum!(
    /// How far a segment's translation has come.
    SegmentState, "segment state" {
        Empty => "empty",
        Draft => "draft",
        Done => "done",
    }
);

/// The person at the keyboard: every change records this name and role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Actor {
    pub name: String,
    pub role: Role,
}

impl Actor {
    pub fn new(name: impl Into<String>, role: Role) -> Self {
        Actor {
            name: name.into(),
            role,
        }
    }
}

/// Where the source article came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Source {
    /// The outlet, e.g. "al-Watan".
    pub name: String,
    pub url: String,
    pub language: String,
    pub headline: String,
    /// The original publication date as the source gave it.
    pub date: String,
    pub author: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Credits {
    pub translator: String,
    pub editor: String,
    pub reviewer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Segment {
    /// Stable identity; survives reordering.
    pub id: i64,
    /// 1-based position in the story.
    pub no: usize,
    pub source: String,
    /// The translation, in Markdown.
    pub target: String,
    pub state: SegmentState,
    /// For a "Read Also" line: the story it points to.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub related: Option<i64>,
    /// The source the translation was made from, when an updated article has
    /// changed it since (`Desk::update_source`); saving the translation again
    /// clears it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub previous_source: Option<String>,
    /// How the source changed from `previous_source`, word by word: computed
    /// here so every shell shows the same difference.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[ts(optional)]
    pub source_change: Option<Vec<crate::compare::DiffPart>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HistoryEntry {
    pub at: String,
    pub actor: String,
    pub role: String,
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub detail: Option<String>,
}

/// A correction opened on a published story; `published_at` is set when it goes out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Correction {
    pub note: String,
    pub opened_at: String,
    pub opened_by: String,
    pub published_at: Option<String>,
}

/// A summary of a related story, enough to link it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RelatedStory {
    pub id: i64,
    pub slug: String,
    pub headline: String,
    pub status: Status,
}

/// A whole story as read from the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Story {
    pub id: i64,
    pub slug: String,
    pub status: Status,
    pub verification: Verification,
    pub headline: String,
    pub standfirst: String,
    pub keywords: Vec<String>,
    pub language: String,
    pub related: Vec<RelatedStory>,
    pub source: Source,
    pub credits: Credits,
    pub created_at: String,
    pub updated_at: String,
    pub first_published_at: Option<String>,
    pub published_at: Option<String>,
    pub version: i64,
    /// Who the story is assigned to; nobody when `None`.
    pub assignee: Option<String>,
    /// When it is due (RFC 3339, UTC), if it has a deadline.
    pub due: Option<String>,
    pub segments: Vec<Segment>,
    pub corrections: Vec<Correction>,
    pub history: Vec<HistoryEntry>,
}

impl Story {
    pub fn progress(&self) -> Progress {
        Progress::of(&self.segments)
    }
}

/// How much of a story is translated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub source_words: usize,
    pub target_words: usize,
}

impl Progress {
    pub fn of(segments: &[Segment]) -> Self {
        let mut p = Progress::default();
        for s in segments {
            p.add(&s.source, &s.target, s.state);
        }
        p
    }

    /// Counts one segment in: a row with source text is one to translate; words
    /// are counted in every row.
    pub fn add(&mut self, source: &str, target: &str, state: SegmentState) {
        if !source.trim().is_empty() {
            self.total += 1;
            if state == SegmentState::Done {
                self.done += 1;
            }
        }
        self.source_words += crate::text::word_count(source);
        self.target_words += crate::text::word_count(target);
    }
}

/// One line on the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct StorySummary {
    pub id: i64,
    pub slug: String,
    pub status: Status,
    pub verification: Verification,
    pub headline: String,
    pub source_headline: String,
    pub source_name: String,
    pub source_language: String,
    pub translator: String,
    pub updated_at: String,
    pub version: i64,
    pub assignee: Option<String>,
    /// When it is due (RFC 3339, UTC), if it has a deadline.
    pub due: Option<String>,
    /// The deadline still stands: the story is not published yet, so a deadline
    /// in the past means it is overdue.
    pub pending: bool,
    pub progress: Progress,
}

impl StorySummary {
    /// Whether the story has missed its deadline at `now`.
    pub fn overdue(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        self.pending
            && self.due.as_deref().is_some_and(|due| {
                chrono::DateTime::parse_from_rfc3339(due).is_ok_and(|due| due < now)
            })
    }
}

/// A saved text, as listed by `revisions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Revision {
    pub number: i64,
    pub at: String,
    pub actor: String,
    pub role: String,
    pub field: String,
    /// The segment's current position, if the revision is of a segment that still exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub segment_no: Option<usize>,
    #[serde(skip)]
    pub segment_id: Option<i64>,
    pub body: String,
}
