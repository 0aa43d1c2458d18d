//! Assignments and deadlines: who a story is given to, and by when it is due.
//! An editor assigns (`workflow::check_assign`); a translator may take a story
//! nobody has (`workflow::check_take`); the person it is given to may give it
//! back. Each is a change like any other: versioned, in the history.

use chrono::{DateTime, Days, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use super::{stamp, Change, Saved};
use crate::error::{Error, Result};
use crate::model::Actor;
use crate::store::Desk;
use crate::{text, workflow};

/// The longest name a story is assigned to: a person's name, not a text.
const MAX_NAME_CHARS: usize = 200;

/// What an assignment does with the story's deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// The deadline stays as it is.
    Keep,
    /// The story has no deadline any more.
    Clear,
    /// Due at this moment.
    By(DateTime<Utc>),
}

impl Desk {
    /// Gives story `id` to `to` (trimmed), or to nobody with `None`, and sets its
    /// deadline as `due` says.
    pub fn assign(
        &mut self,
        id: i64,
        expected: Option<i64>,
        to: Option<&str>,
        due: Due,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        let to = to.map(|name| text::normalize_inline(&text::without_controls(name)));
        match to.as_deref() {
            Some("") => {
                return Err(Error::invalid(
                    "say who the story goes to: a name, as the person gives it on the desk",
                ))
            }
            Some(name) if name.chars().count() > MAX_NAME_CHARS => {
                return Err(Error::invalid(format!(
                    "a name is at most {MAX_NAME_CHARS} characters; give the person's name as \
                     they give it on the desk"
                )))
            }
            _ => {}
        }
        self.change(id, expected, actor, now, |ctx, head| {
            let facts = ctx.facts(head)?;
            workflow::check_assign(&facts, actor, id, to.as_deref())?;
            ctx.tx
                .prepare_cached("UPDATE story SET assignee = ?1 WHERE id = ?2")?
                .execute(rusqlite::params![to, id])?;
            let due_now = match due {
                Due::Keep => current_due(ctx.tx, id)?,
                Due::Clear => None,
                Due::By(at) => Some(stamp(at)),
            };
            ctx.tx
                .prepare_cached("UPDATE story SET due_at = ?1 WHERE id = ?2")?
                .execute(rusqlite::params![due_now, id])?;
            let who = to.as_deref().unwrap_or("nobody");
            let detail = match &due_now {
                Some(at) => format!("to {who}, due {}", readable(at)),
                None => format!("to {who}, no deadline"),
            };
            Ok(((), assignment_change(detail)))
        })
        .map(|(_, saved)| saved)
    }

    /// `actor` takes story `id`, which nobody has; its deadline stays.
    pub fn take(
        &mut self,
        id: i64,
        expected: Option<i64>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Saved> {
        self.change(id, expected, actor, now, |ctx, head| {
            let facts = ctx.facts(head)?;
            workflow::check_take(&facts, actor, id)?;
            ctx.tx
                .prepare_cached("UPDATE story SET assignee = ?1 WHERE id = ?2")?
                .execute(rusqlite::params![actor.name, id])?;
            let detail = match current_due(ctx.tx, id)? {
                Some(at) => format!("taken by {}, due {}", actor.name, readable(&at)),
                None => format!("taken by {}", actor.name),
            };
            Ok(((), assignment_change(detail)))
        })
        .map(|(_, saved)| saved)
    }

    /// The people an editor may assign to, by name as they give it on the desk:
    /// everyone a story is assigned to, everyone credited on the 500 stories
    /// changed last, and the person at the keyboard. Sorted, each once. Bounded:
    /// the assignees come from their index, the credits from the newest rows.
    pub fn people(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "WITH recent AS (
                 SELECT translator, editor, reviewer FROM story
                 ORDER BY updated_at DESC, id DESC LIMIT 500)
             SELECT assignee FROM story WHERE assignee IS NOT NULL
             UNION SELECT translator FROM recent
             UNION SELECT editor FROM recent
             UNION SELECT reviewer FROM recent",
        )?;
        let mut names: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        if let Some(me) = self.known_identity()? {
            names.push(me.name);
        }
        names.retain(|n| !n.trim().is_empty());
        names.sort_by_key(|n| n.to_lowercase());
        names.dedup();
        Ok(names)
    }
}

fn current_due(tx: &rusqlite::Connection, id: i64) -> Result<Option<String>> {
    Ok(tx
        .prepare_cached("SELECT due_at FROM story WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

/// The history row of an assignment. The people go in the detail, in words:
/// `from` and `to` are a move's states, which the history draws as arrows.
fn assignment_change(detail: String) -> Change {
    Change {
        action: "assign",
        from: None,
        to: None,
        note: None,
        detail: Some(detail),
        reindex: false,
    }
}

/// A stamp as the history shows it: "2026-12-06 17:00 UTC".
fn readable(stamp: &str) -> String {
    DateTime::parse_from_rfc3339(stamp)
        .map(|at| {
            at.with_timezone(&Utc)
                .format("%Y-%m-%d %H:%M UTC")
                .to_string()
        })
        .unwrap_or_else(|_| stamp.to_string())
}

/// Reads a deadline as a person types it, in the time zone of `now`: a date
/// ("2026-12-06", due by the end of that day), a date and time ("2026-12-06
/// 17:00" or "2026-12-06T17:00"), a full RFC 3339 stamp, or "today" and
/// "tomorrow" (by the end of the day).
pub fn parse_due<Tz: TimeZone>(input: &str, now: DateTime<Tz>) -> Result<DateTime<Utc>> {
    let input = input.trim();
    let tz = now.timezone();
    let end_of = |day: NaiveDate| day.and_time(NaiveTime::from_hms_opt(23, 59, 0).expect("a time"));
    let local = match input.to_ascii_lowercase().as_str() {
        "today" => Some(end_of(now.date_naive())),
        "tomorrow" => now.date_naive().checked_add_days(Days::new(1)).map(end_of),
        _ => None,
    };
    let local = match local {
        Some(local) => local,
        None => {
            if let Ok(at) = DateTime::parse_from_rfc3339(input) {
                return Ok(at.with_timezone(&Utc));
            }
            if let Ok(day) = NaiveDate::parse_from_str(input, "%Y-%m-%d") {
                end_of(day)
            } else if let Some(at) = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(input, f).ok())
            {
                at
            } else {
                return Err(Error::invalid(format!(
                    "\"{input}\" is not a deadline the desk can read; give a date \
                     (2026-12-06, due by the end of that day), a date and time \
                     (2026-12-06 17:00), today or tomorrow"
                )));
            }
        }
    };
    match tz.from_local_datetime(&local) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Ok(at.with_timezone(&Utc)),
        // A time the clocks skip when they change: the hour after it.
        LocalResult::None => tz
            .from_local_datetime(&(local + chrono::Duration::hours(1)))
            .earliest()
            .map(|at| at.with_timezone(&Utc))
            .ok_or_else(|| Error::invalid(format!("{input} does not exist in this time zone"))),
    }
}

#[cfg(test)]
mod tests {
    use chrono::FixedOffset;

    use super::*;
    use crate::model::{Role, Status};
    use crate::testing::{desk, editor, import_markdown, reviewer, t, translator};
    use crate::{ListOrder, StoryFilter};

    fn damascus_noon() -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 12, 5, 12, 0, 0)
            .unwrap()
    }

    #[test]
    fn deadlines_are_read_as_people_type_them_in_their_time_zone() {
        let now = damascus_noon();
        let utc = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        for (typed, due) in [
            ("2026-12-06", "2026-12-06T20:59:00Z"),
            ("2026-12-06 17:00", "2026-12-06T14:00:00Z"),
            ("2026-12-06T17:00", "2026-12-06T14:00:00Z"),
            ("2026-12-06T17:00:00+01:00", "2026-12-06T16:00:00Z"),
            ("today", "2026-12-05T20:59:00Z"),
            ("Tomorrow", "2026-12-06T20:59:00Z"),
        ] {
            assert_eq!(parse_due(typed, now).unwrap(), utc(due), "{typed}");
        }
        for typed in ["", "next week", "2026-13-01", "06/12/2026"] {
            let err = parse_due(typed, now).unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{typed}");
            assert!(err.to_string().contains("2026-12-06 17:00"), "{err}");
        }
    }

    #[test]
    fn an_editor_assigns_with_a_deadline_and_the_history_says_so() {
        let (_dir, mut desk) = desk();
        let id = import_markdown(&mut desk, "Headline\n\nFirst paragraph.");
        let due = Utc.with_ymd_and_hms(2026, 3, 14, 17, 0, 0).unwrap();
        desk.assign(id, None, Some(" Rana "), Due::By(due), &editor(), t(1))
            .unwrap();
        let story = desk.story(id).unwrap();
        assert_eq!(story.assignee.as_deref(), Some("Rana"));
        assert_eq!(story.due.as_deref(), Some("2026-03-14T17:00:00.000Z"));
        let last = story.history.last().unwrap();
        assert_eq!(last.action, "assign");
        assert_eq!(
            last.detail.as_deref(),
            Some("to Rana, due 2026-03-14 17:00 UTC")
        );
        // Reassigning keeps the deadline unless told otherwise.
        desk.assign(id, None, Some("Samir"), Due::Keep, &editor(), t(2))
            .unwrap();
        let story = desk.story(id).unwrap();
        assert_eq!(story.assignee.as_deref(), Some("Samir"));
        assert_eq!(story.due.as_deref(), Some("2026-03-14T17:00:00.000Z"));
        desk.assign(id, None, None, Due::Clear, &editor(), t(3))
            .unwrap();
        let story = desk.story(id).unwrap();
        assert_eq!((story.assignee, story.due), (None, None));
        assert_eq!(
            story.history.last().unwrap().detail.as_deref(),
            Some("to nobody, no deadline")
        );
    }

    #[test]
    fn only_editors_assign_and_a_translator_takes_only_what_nobody_has() {
        let (_dir, mut desk) = desk();
        let id = import_markdown(&mut desk, "Headline\n\nFirst paragraph.");
        let version = desk.story(id).unwrap().version;
        let refused = desk
            .assign(id, None, Some("Rana"), Due::Keep, &translator(), t(1))
            .unwrap_err();
        assert_eq!(refused.code(), "forbidden");
        assert_eq!(desk.story(id).unwrap().version, version, "nothing written");
        let refused = desk.take(id, None, &reviewer(), t(1)).unwrap_err();
        assert_eq!(refused.code(), "forbidden");
        for name in ["  ", "\u{202E}", &"x".repeat(201)] {
            let refused = desk
                .assign(id, None, Some(name), Due::Keep, &editor(), t(1))
                .unwrap_err();
            assert_eq!(refused.code(), "invalid_input", "{name:?}");
        }
        assert_eq!(desk.story(id).unwrap().version, version, "nothing written");

        desk.take(id, None, &translator(), t(2)).unwrap();
        assert_eq!(desk.story(id).unwrap().assignee.as_deref(), Some("Rana"));
        let samir = Actor::new("Samir", Role::Translator);
        let refused = desk.take(id, None, &samir, t(3)).unwrap_err();
        assert_eq!(refused.code(), "already_assigned");
        assert!(refused.to_string().contains("Rana"), "{refused}");
        // Samir may not give Rana's story away; Rana may give it back.
        let refused = desk
            .assign(id, None, None, Due::Keep, &samir, t(3))
            .unwrap_err();
        assert_eq!(refused.code(), "forbidden");
        desk.assign(id, None, None, Due::Keep, &translator(), t(4))
            .unwrap();
        assert_eq!(desk.story(id).unwrap().assignee, None);
        let p = desk.permissions(id, Some(&samir)).unwrap();
        assert!(p.take.is_ok() && p.assign.is_err() && p.release.is_err());
        let p = desk.permissions(id, Some(&editor())).unwrap();
        assert!(p.assign.is_ok());
    }

    #[test]
    fn the_people_to_assign_to_are_those_the_desk_knows() {
        let (_dir, mut desk) = desk();
        let id = import_markdown(&mut desk, "Headline\n\nFirst paragraph.");
        assert_eq!(desk.people().unwrap(), Vec::<String>::new());
        desk.translate(id, None, 1, "Headline", None, &translator(), t(1))
            .unwrap();
        desk.assign(id, None, Some("Samir"), Due::Keep, &editor(), t(2))
            .unwrap();
        desk.set_identity("Omar", "editor").unwrap();
        assert_eq!(desk.people().unwrap(), ["Omar", "Rana", "Samir"]);
    }

    #[test]
    fn a_published_story_is_not_assigned() {
        let (_dir, mut desk) = desk();
        let id = import_markdown(&mut desk, "Headline\n\nFirst paragraph.");
        crate::testing::hand_in(&mut desk, id, &["Headline", "First paragraph."]);
        crate::testing::edit_and_verify(&mut desk, id, "Headline", "A standfirst.");
        desk.move_to(id, None, Status::Published, None, &editor(), t(6))
            .unwrap();
        let refused = desk
            .assign(id, None, Some("Rana"), Due::Keep, &editor(), t(7))
            .unwrap_err();
        assert_eq!(refused.code(), "frozen");
    }

    #[test]
    fn the_list_filters_by_person_and_deadline_and_sorts_by_deadline() {
        let (_dir, mut desk) = desk();
        let a = import_markdown(&mut desk, "Weather\n\nRain in Damascus today.");
        let b = import_markdown(&mut desk, "Bread\n\nBakeries in Hama.");
        let c = import_markdown(&mut desk, "Water\n\nPumps in Aleppo.");
        let at = |h| Utc.with_ymd_and_hms(2026, 3, 14, h, 0, 0).unwrap();
        desk.assign(a, None, Some("Rana"), Due::By(at(18)), &editor(), t(1))
            .unwrap();
        desk.assign(b, None, Some("Samir"), Due::By(at(12)), &editor(), t(2))
            .unwrap();
        desk.translate(a, None, 1, "Weather", None, &translator(), t(3))
            .unwrap();
        let ids = |f: StoryFilter| -> Vec<i64> {
            let listed: Vec<i64> = desk.list(&f).unwrap().iter().map(|s| s.id).collect();
            assert_eq!(desk.count(&f).unwrap(), listed.len(), "{f:?}");
            listed
        };
        let mine = ids(StoryFilter {
            assignee: Some("Rana".into()),
            ..Default::default()
        });
        assert_eq!(mine, [a]);
        let nobody = ids(StoryFilter {
            unassigned: true,
            ..Default::default()
        });
        assert_eq!(nobody, [c]);
        let by_noon = ids(StoryFilter {
            due_before: Some("2026-03-14T12:00:00Z".into()),
            ..Default::default()
        });
        assert_eq!(by_noon, [b]);
        let by_deadline = ids(StoryFilter {
            order: ListOrder::Due,
            ..Default::default()
        });
        assert_eq!(by_deadline, [b, a, c], "soonest first, none last");

        let listed = desk
            .list(&StoryFilter {
                assignee: Some("Rana".into()),
                ..Default::default()
            })
            .unwrap();
        let rana = &listed[0];
        assert_eq!((rana.progress.done, rana.progress.total), (1, 2));
        assert_eq!(rana.progress.source_words, 5);
        assert!(rana.overdue(at(19)) && !rana.overdue(at(17)));

        // Pages by deadline run on into the stories without one.
        for offset in 0..3 {
            let page = desk
                .list(&StoryFilter {
                    order: ListOrder::Due,
                    limit: Some(1),
                    offset,
                    ..Default::default()
                })
                .unwrap();
            assert_eq!(page[0].id, [b, a, c][offset]);
        }

        let refused = desk
            .list(&StoryFilter {
                due_before: Some("tomorrow".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(refused.code(), "invalid_input");
    }

    #[test]
    fn assignment_filters_read_through_their_indexes() {
        use crate::desk::read::{assignment_sql, Part};
        let (_dir, desk) = desk();
        let plan = |filter: &StoryFilter, part: Part| -> Vec<String> {
            let (sql, mut values) = assignment_sql(filter, part, false).unwrap();
            values.extend([100i64.into(), 0i64.into()]);
            crate::testing::query_plan(&desk, &sql, rusqlite::params_from_iter(values))
        };
        let mine = StoryFilter {
            assignee: Some("Rana".into()),
            ..Default::default()
        };
        assert!(plan(&mine, Part::All)[0].contains("USING INDEX story_assignee"));
        let due = StoryFilter {
            due_before: Some("2026-03-14T12:00:00Z".into()),
            ..Default::default()
        };
        assert!(plan(&due, Part::All)
            .iter()
            .all(|p| !p.starts_with("SCAN story")));
        let by_deadline = StoryFilter {
            order: ListOrder::Due,
            ..Default::default()
        };
        let steps = plan(&by_deadline, Part::WithDue);
        assert!(
            steps[0].contains("story_due") && !steps.iter().any(|p| p.contains("TEMP B-TREE")),
            "{steps:?}"
        );
        let steps = plan(&by_deadline, Part::WithoutDue);
        assert!(steps[0].contains("story_updated"), "{steps:?}");
    }
}
