//! What the unit tests of several modules share: a clock, a desk in a temporary
//! folder, the newsroom's people, and the steps that bring a story to the point a
//! test starts from. Kept in one place so a change to how a story is imported or
//! published is made once for every test that relies on it.

use chrono::{DateTime, TimeZone, Utc};

use crate::ingest::{self, Format};
use crate::model::{Actor, Role, Status, Verification};
use crate::store::Desk;
use crate::StoryEdit;

/// A fixed moment on 14 March 2026, `minute` minutes after nine.
pub fn t(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 14, 9, minute, 0).unwrap()
}

/// An empty desk in a temporary folder that lives as long as the first value.
pub fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(&dir.path().join("desk.db")).unwrap();
    (dir, desk)
}

pub fn translator() -> Actor {
    Actor::new("Rana", Role::Translator)
}

pub fn editor() -> Actor {
    Actor::new("Omar", Role::Editor)
}

pub fn reviewer() -> Actor {
    Actor::new("Lina", Role::Reviewer)
}

/// The steps SQLite's planner takes for `sql` with `params` ("SEARCH story USING
/// INDEX …"), for the tests that hold a query to its index.
pub fn query_plan<P: rusqlite::Params>(desk: &Desk, sql: &str, params: P) -> Vec<String> {
    desk.conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap()
        .query_map(params, |r| r.get(3))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Imports one Markdown article (front matter allowed) and returns its story.
pub fn import_markdown(desk: &mut Desk, text: &str) -> i64 {
    let intake = ingest::parse_text("story.md", Format::Markdown, text).unwrap();
    desk.import(&[intake], None, t(0))
        .unwrap()
        .remove(0)
        .unwrap()
        .id
}

/// Rana translates the story's rows with `texts`, in order, at minute 1, and
/// marks it translated at minute 2.
pub fn hand_in(desk: &mut Desk, id: i64, texts: &[&str]) {
    for (i, text) in texts.iter().enumerate() {
        desk.translate(id, None, i + 1, text, None, &translator(), t(1))
            .unwrap();
    }
    desk.move_to(id, None, Status::Translated, None, &translator(), t(2))
        .unwrap();
}

/// Takes a translated story through the editor (a headline and standfirst, then
/// edited, at minutes 3 and 4) and the reviewer (verified with a note, minute 5).
pub fn edit_and_verify(desk: &mut Desk, id: i64, headline: &str, standfirst: &str) {
    let edit = StoryEdit {
        headline: Some(headline.into()),
        standfirst: Some(standfirst.into()),
        ..Default::default()
    };
    desk.edit(id, None, &edit, &editor(), t(3)).unwrap();
    desk.move_to(id, None, Status::Edited, None, &editor(), t(4))
        .unwrap();
    desk.verify(
        id,
        None,
        Verification::Verified,
        "Checked the figures against the agency statement",
        &reviewer(),
        t(5),
    )
    .unwrap();
}
