//! The workflow rules, in one place: which moves exist, who may make them, and what
//! a story must hold first. Pure functions over facts, so the desktop can ask
//! "what may I do here, and if not, why" with the same answers the store enforces.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{Actor, Role, Status, Verification};

/// What the rules need to know about a story.
#[derive(Debug, Clone)]
pub struct Facts {
    pub status: Status,
    pub verification: Verification,
    pub headline_present: bool,
    pub standfirst_present: bool,
    /// Positions of segments with source text that are not done.
    pub untranslated: Vec<usize>,
    /// How many segments have source text: none left means nothing is translated.
    pub source_segments: usize,
    /// The checks' errors, each as "where: what"; read only where publishing is
    /// a move (an edited story), empty elsewhere.
    pub check_errors: Vec<String>,
    /// The credited translator ("" before anyone translated).
    pub translator: String,
    /// The desk asks for a second pair of eyes (the `four_eyes` setting).
    pub four_eyes: bool,
    /// Who the story is assigned to, if anyone.
    pub assignee: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Forward,
    Back,
}

/// The edges of the workflow graph and the roles that may take them.
fn edge(from: Status, to: Status) -> Option<(Direction, &'static [Role], &'static str)> {
    use Role::*;
    use Status::*;
    match (from, to) {
        (Draft, Translated) => Some((
            Direction::Forward,
            &[Translator, Editor],
            "translator or editor",
        )),
        (Translated, Edited) => Some((Direction::Forward, &[Editor], "editor")),
        (Edited, Published) => Some((Direction::Forward, &[Editor], "editor")),
        (Translated, Draft) => Some((
            Direction::Back,
            &[Translator, Editor],
            "translator or editor",
        )),
        (Edited, Translated) | (Edited, Draft) => Some((Direction::Back, &[Editor], "editor")),
        _ => None,
    }
}

fn illegal(from: Status, to: Status) -> Error {
    let hint = match (from, to) {
        _ if from == to => "it is already there",
        (Status::Published, _) => "a published story is frozen; open a correction instead",
        (Status::Draft, Status::Edited) | (Status::Draft, Status::Published) => {
            "mark it translated first"
        }
        (Status::Translated, Status::Published) => "mark it edited first",
        _ => "the workflow is draft → translated → edited → published",
    };
    Error::IllegalMove { from, to, hint }
}

/// Checks a move against the rules. The order of the checks is part of the
/// contract: an impossible move is `illegal_move` whoever asks, then the role,
/// then the note, then what the story must hold.
pub fn check_move(facts: &Facts, actor: &Actor, to: Status, note: Option<&str>) -> Result<()> {
    check_move_over(facts, actor, to, note, None)
}

/// `check_move`, where an editor may publish over the checks' errors with a
/// reason (`over_checks`). Everything else a move needs still holds.
pub fn check_move_over(
    facts: &Facts,
    actor: &Actor,
    to: Status,
    note: Option<&str>,
    over_checks: Option<&str>,
) -> Result<()> {
    let (direction, roles, allowed) =
        edge(facts.status, to).ok_or_else(|| illegal(facts.status, to))?;
    if !roles.contains(&actor.role) {
        return Err(Error::Forbidden {
            action: move_action(to, direction),
            role: actor.role,
            allowed,
        });
    }
    if direction == Direction::Back && note.is_none_or(|n| n.trim().is_empty()) {
        return Err(Error::NoteRequired { to });
    }
    if to == Status::Published
        && facts.four_eyes
        && !facts.translator.is_empty()
        && facts.translator == actor.name
    {
        return Err(Error::SecondPairOfEyes {
            name: actor.name.clone(),
        });
    }
    if direction == Direction::Forward {
        check_contents(facts, to)?;
    }
    if let Some(reason) = over_checks {
        if to != Status::Published {
            return Err(Error::invalid(
                "only publishing is held by the checks; there is nothing to publish over",
            ));
        }
        if reason.trim().is_empty() {
            return Err(Error::OverrideReasonRequired);
        }
    } else if to == Status::Published && !facts.check_errors.is_empty() {
        return Err(Error::ChecksFailed {
            errors: facts.check_errors.clone(),
        });
    }
    Ok(())
}

fn move_action(to: Status, direction: Direction) -> &'static str {
    match (to, direction) {
        (_, Direction::Back) => "sending a story back",
        (Status::Translated, _) => "marking a story translated",
        (Status::Edited, _) => "marking a story edited",
        (Status::Published, _) => "publishing",
        (Status::Draft, _) => "moving a story to draft",
    }
}

/// What a story must hold before a forward move to `to`. Publishing repeats the
/// earlier guards: a story edited after being marked translated can gain an
/// untranslated segment again.
fn check_contents(facts: &Facts, to: Status) -> Result<()> {
    // Every source paragraph done is no proof of a translation when there are
    // none: deleting them all must not carry an empty story to publication.
    let translated_ok = || match facts.untranslated.first() {
        Some(&first) => Err(Error::Untranslated {
            count: facts.untranslated.len(),
            first,
        }),
        None if facts.source_segments == 0 => Err(Error::NoSourceText),
        None => Ok(()),
    };
    let edited_ok = || {
        if !facts.headline_present {
            Err(Error::MissingField { field: "headline" })
        } else if !facts.standfirst_present {
            Err(Error::MissingField {
                field: "standfirst",
            })
        } else {
            Ok(())
        }
    };
    match to {
        Status::Translated => translated_ok(),
        Status::Edited => edited_ok(),
        Status::Published => {
            translated_ok()?;
            edited_ok()?;
            if facts.verification == Verification::Unreviewed {
                return Err(Error::Unverified);
            }
            Ok(())
        }
        Status::Draft => Ok(()),
    }
}

/// One possible move, as the workflow bar shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct MoveOption {
    pub to: Status,
    /// "forward" or "back".
    #[ts(type = "\"forward\" | \"back\"")]
    pub kind: &'static str,
    pub allowed: bool,
    /// Why not, in words, when it is not allowed (the note a back move needs is not
    /// counted: the bar asks for it).
    pub reason: Option<String>,
    #[ts(type = "ErrorCode | null")]
    pub code: Option<&'static str>,
}

/// Every move out of the story's current state, with whether `actor` may make it now.
pub fn moves(facts: &Facts, actor: &Actor) -> Vec<MoveOption> {
    Status::ALL
        .iter()
        .filter_map(|&to| {
            let (direction, _, _) = edge(facts.status, to)?;
            let note = (direction == Direction::Back).then_some("asked by the bar");
            let outcome = check_move(facts, actor, to, note);
            Some(MoveOption {
                to,
                kind: if direction == Direction::Forward {
                    "forward"
                } else {
                    "back"
                },
                allowed: outcome.is_ok(),
                code: outcome.as_ref().err().map(Error::code),
                reason: outcome.err().map(|e| short_reason(&e)),
            })
        })
        .collect()
}

fn short_reason(e: &Error) -> String {
    match e {
        Error::Untranslated { count, .. } => {
            format!(
                "{} untranslated",
                crate::text::count_of(*count, "segment", "segments")
            )
        }
        Error::MissingField { field } => format!("no {field} yet"),
        Error::NoSourceText => "no source text".into(),
        Error::Unverified => "verification not decided".into(),
        Error::ChecksFailed { errors } if errors.len() == 1 => "1 check error".into(),
        Error::ChecksFailed { errors } => format!("{} check errors", errors.len()),
        Error::SecondPairOfEyes { .. } => "you translated it: another editor publishes".into(),
        other => other.to_string(),
    }
}

/// Only reviewers set verification, and a published story's disclaimer is frozen
/// with it until a correction is opened.
pub fn check_verification(status: Status, actor: &Actor, story: i64) -> Result<()> {
    if actor.role != Role::Reviewer {
        return Err(Error::Forbidden {
            action: "setting verification",
            role: actor.role,
            allowed: "reviewer",
        });
    }
    if status == Status::Published {
        return Err(Error::Frozen { story });
    }
    Ok(())
}

/// Translating, editing text and restructuring segments: translators and editors,
/// never on a published story.
pub fn check_text_change(
    status: Status,
    actor: &Actor,
    story: i64,
    action: &'static str,
) -> Result<()> {
    if !matches!(actor.role, Role::Translator | Role::Editor) {
        return Err(Error::Forbidden {
            action,
            role: actor.role,
            allowed: "translator or editor",
        });
    }
    if status == Status::Published {
        return Err(Error::Frozen { story });
    }
    Ok(())
}

/// Taking a new version of a story's source article: like any text change,
/// except that a published story takes it only as a correction, which an
/// editor opens.
pub fn check_source_update(status: Status, actor: &Actor, story: i64) -> Result<()> {
    if status == Status::Published {
        return check_may_correct(status, actor, story);
    }
    check_text_change(status, actor, story, "taking an updated source")
}

/// Setting the verification with the desk asking for a second pair of eyes:
/// the reviewer says what was checked. Back to unreviewed needs no note.
pub fn check_verification_note(four_eyes: bool, to: Verification, note: &str) -> Result<()> {
    if four_eyes && to != Verification::Unreviewed && note.trim().is_empty() {
        return Err(Error::VerificationNoteRequired);
    }
    Ok(())
}

/// Opening a correction: an editor, on a published story, with a note.
pub fn check_correction(status: Status, actor: &Actor, story: i64, note: &str) -> Result<()> {
    check_may_correct(status, actor, story)?;
    if note.trim().is_empty() {
        return Err(Error::invalid(
            "a correction needs a note saying what was corrected",
        ));
    }
    Ok(())
}

/// Whether `actor` may open a correction of the story, before the note is asked.
pub fn check_may_correct(status: Status, actor: &Actor, story: i64) -> Result<()> {
    if actor.role != Role::Editor {
        return Err(Error::Forbidden {
            action: "opening a correction",
            role: actor.role,
            allowed: "editor",
        });
    }
    if status != Status::Published {
        return Err(Error::NotPublished { story });
    }
    Ok(())
}

/// A published story's page can be written out again at any time, by anyone
/// (a folder emptied, a template changed); other stories export as a preview.
pub fn check_export_again(status: Status, story: i64) -> Result<()> {
    if status != Status::Published {
        return Err(Error::NotPublished { story });
    }
    Ok(())
}

/// Giving a story to someone (`to`), or to nobody: an editor's decision, on a
/// story not yet published. The person it is assigned to may give it back.
pub fn check_assign(facts: &Facts, actor: &Actor, story: i64, to: Option<&str>) -> Result<()> {
    let giving_back = to.is_none() && facts.assignee.as_deref() == Some(actor.name.as_str());
    if actor.role != Role::Editor && !giving_back {
        return Err(Error::Forbidden {
            action: "assigning stories",
            role: actor.role,
            allowed: "editor",
        });
    }
    if facts.status == Status::Published {
        return Err(Error::Frozen { story });
    }
    Ok(())
}

/// Taking a story nobody has: a translator's or an editor's, before it is
/// published.
pub fn check_take(facts: &Facts, actor: &Actor, story: i64) -> Result<()> {
    if !matches!(actor.role, Role::Translator | Role::Editor) {
        return Err(Error::Forbidden {
            action: "taking a story",
            role: actor.role,
            allowed: "translator or editor",
        });
    }
    if facts.status == Status::Published {
        return Err(Error::Frozen { story });
    }
    if let Some(assignee) = &facts.assignee {
        return Err(Error::AlreadyAssigned {
            story,
            assignee: assignee.clone(),
        });
    }
    Ok(())
}

/// Changing a desk-wide setting (the publication, disclaimers, folders, checks,
/// four eyes): an editor's. Before anyone has said who they are, the desk is
/// being set up and whoever sets it up may; the identity settings themselves are
/// each person's own (`settings::desk_wide`).
pub fn check_settings_change(actor: Option<&Actor>) -> Result<()> {
    match actor {
        Some(actor) if actor.role != Role::Editor => Err(Error::Forbidden {
            action: "changing the desk's settings",
            role: actor.role,
            allowed: "editor",
        }),
        _ => Ok(()),
    }
}

/// What the person acting may do with a story now, each with the refusal the
/// store would give: the one answer a shell shows (the window's buttons and the
/// reasons beside them) instead of restating the rules.
#[derive(Debug)]
pub struct Permissions {
    /// Change the text: translate, edit, the segment operations, restore.
    pub edit_text: Result<()>,
    /// Set the verification.
    pub verify: Result<()>,
    /// Open a correction of a published story.
    pub correct: Result<()>,
    /// Write a published story's page again.
    pub export_again: Result<()>,
    /// Take a newer version of the source article.
    pub update_source: Result<()>,
    /// Give the story to someone, with a deadline.
    pub assign: Result<()>,
    /// Take the story, nobody having it.
    pub take: Result<()>,
    /// Give the story back (assign it to nobody).
    pub release: Result<()>,
    pub moves: Vec<MoveOption>,
}

impl Permissions {
    /// What someone who has not said who they are may do: nothing that records
    /// a name; only writing a published page out again.
    pub fn anonymous(facts: &Facts, story: i64) -> Permissions {
        Permissions {
            edit_text: Err(Error::IdentityRequired),
            verify: Err(Error::IdentityRequired),
            correct: Err(Error::IdentityRequired),
            export_again: check_export_again(facts.status, story),
            update_source: Err(Error::IdentityRequired),
            assign: Err(Error::IdentityRequired),
            take: Err(Error::IdentityRequired),
            release: Err(Error::IdentityRequired),
            moves: Vec::new(),
        }
    }
}

pub fn permissions(facts: &Facts, actor: &Actor, story: i64) -> Permissions {
    Permissions {
        edit_text: check_text_change(facts.status, actor, story, "changing the text"),
        verify: check_verification(facts.status, actor, story),
        correct: check_may_correct(facts.status, actor, story),
        export_again: check_export_again(facts.status, story),
        update_source: check_source_update(facts.status, actor, story),
        assign: check_assign(facts, actor, story, Some("")),
        take: check_take(facts, actor, story),
        release: if facts.assignee.is_some() {
            check_assign(facts, actor, story, None)
        } else {
            Err(Error::invalid("the story is not assigned to anyone"))
        },
        moves: moves(facts, actor),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(status: Status) -> Facts {
        Facts {
            status,
            verification: Verification::NotVerified,
            headline_present: true,
            standfirst_present: true,
            untranslated: vec![],
            source_segments: 3,
            check_errors: vec![],
            // Someone else than the actors the tests move as (`who` is Rana).
            translator: "Samir".into(),
            four_eyes: true,
            assignee: None,
        }
    }

    #[test]
    fn the_translator_does_not_publish_while_the_desk_asks_for_four_eyes() {
        let edited = Facts {
            translator: "Rana".into(),
            ..facts(Status::Edited)
        };
        let rana_editing = Actor::new("Rana", Role::Editor);
        let omar = Actor::new("Omar", Role::Editor);
        let refused = check_move(&edited, &rana_editing, Status::Published, None).unwrap_err();
        assert_eq!(refused.code(), "four_eyes");
        assert!(check_move(&edited, &omar, Status::Published, None).is_ok());
        // The bar says so in a few words.
        let bar = moves(&edited, &rana_editing);
        let publish = bar.iter().find(|m| m.to == Status::Published).unwrap();
        assert!(!publish.allowed);
        assert_eq!(
            publish.reason.as_deref(),
            Some("you translated it: another editor publishes")
        );
        // With the setting off, one person may do everything.
        let alone = Facts {
            four_eyes: false,
            ..edited
        };
        assert!(check_move(&alone, &rana_editing, Status::Published, None).is_ok());
    }

    #[test]
    fn a_verification_says_what_was_checked_while_the_desk_asks_for_four_eyes() {
        let code = |r: Result<()>| r.err().map(|e| e.code());
        assert_eq!(
            code(check_verification_note(true, Verification::Verified, " ")),
            Some("note_required")
        );
        assert!(
            check_verification_note(true, Verification::NotVerified, "Called the ministry").is_ok()
        );
        assert!(check_verification_note(true, Verification::Unreviewed, "").is_ok());
        assert!(check_verification_note(false, Verification::Verified, "").is_ok());
    }

    #[test]
    fn permissions_are_the_checks_the_store_makes() {
        let code = |r: &Result<()>| r.as_ref().err().map(Error::code);
        let translator = Actor::new("Rana", Role::Translator);
        let editor = Actor::new("Omar", Role::Editor);
        let reviewer = Actor::new("Lina", Role::Reviewer);

        let p = permissions(&facts(Status::Draft), &translator, 7);
        assert!(p.edit_text.is_ok());
        assert_eq!(code(&p.verify), Some("forbidden"));
        assert_eq!(code(&p.correct), Some("forbidden"));
        assert_eq!(code(&p.export_again), Some("not_published"));
        assert!(p.update_source.is_ok());
        assert_eq!(p.moves, moves(&facts(Status::Draft), &translator));

        let p = permissions(&facts(Status::Edited), &reviewer, 7);
        assert_eq!(code(&p.edit_text), Some("forbidden"));
        assert!(p.verify.is_ok());

        let published = facts(Status::Published);
        let p = permissions(&published, &editor, 7);
        assert_eq!(code(&p.edit_text), Some("frozen"));
        assert!(p.correct.is_ok());
        assert!(p.export_again.is_ok());
        assert!(p.update_source.is_ok(), "as a correction");
        let p = permissions(&published, &translator, 7);
        assert_eq!(code(&p.update_source), Some("forbidden"));
        let p = permissions(&published, &reviewer, 7);
        assert_eq!(code(&p.verify), Some("frozen"));
        assert_eq!(code(&p.correct), Some("forbidden"));
        assert!(
            p.export_again.is_ok(),
            "anyone may export a published story again"
        );

        let p = Permissions::anonymous(&published, 7);
        assert_eq!(code(&p.edit_text), Some("identity_required"));
        assert!(p.export_again.is_ok());
        assert!(p.moves.is_empty());
    }

    fn who(role: Role) -> Actor {
        Actor::new("Rana", role)
    }

    #[test]
    fn the_happy_path() {
        check_move(
            &facts(Status::Draft),
            &who(Role::Translator),
            Status::Translated,
            None,
        )
        .unwrap();
        check_move(
            &facts(Status::Translated),
            &who(Role::Editor),
            Status::Edited,
            None,
        )
        .unwrap();
        check_move(
            &facts(Status::Edited),
            &who(Role::Editor),
            Status::Published,
            None,
        )
        .unwrap();
    }

    #[test]
    fn every_refusal_has_its_code() {
        let cases: Vec<(Facts, Role, Status, Option<&str>, &str)> = vec![
            (
                facts(Status::Draft),
                Role::Editor,
                Status::Published,
                None,
                "illegal_move",
            ),
            (
                facts(Status::Draft),
                Role::Translator,
                Status::Draft,
                None,
                "illegal_move",
            ),
            (
                facts(Status::Published),
                Role::Editor,
                Status::Edited,
                Some("x"),
                "illegal_move",
            ),
            (
                facts(Status::Draft),
                Role::Reviewer,
                Status::Translated,
                None,
                "forbidden",
            ),
            (
                facts(Status::Translated),
                Role::Translator,
                Status::Edited,
                None,
                "forbidden",
            ),
            (
                facts(Status::Edited),
                Role::Translator,
                Status::Published,
                None,
                "forbidden",
            ),
            (
                facts(Status::Edited),
                Role::Editor,
                Status::Translated,
                None,
                "note_required",
            ),
            (
                facts(Status::Edited),
                Role::Editor,
                Status::Draft,
                Some("  "),
                "note_required",
            ),
            (
                Facts {
                    untranslated: vec![2, 5],
                    ..facts(Status::Draft)
                },
                Role::Translator,
                Status::Translated,
                None,
                "untranslated_segments",
            ),
            (
                Facts {
                    source_segments: 0,
                    ..facts(Status::Draft)
                },
                Role::Translator,
                Status::Translated,
                None,
                "no_source_text",
            ),
            (
                Facts {
                    source_segments: 0,
                    ..facts(Status::Edited)
                },
                Role::Editor,
                Status::Published,
                None,
                "no_source_text",
            ),
            (
                Facts {
                    standfirst_present: false,
                    ..facts(Status::Translated)
                },
                Role::Editor,
                Status::Edited,
                None,
                "missing_field",
            ),
            (
                Facts {
                    verification: Verification::Unreviewed,
                    ..facts(Status::Edited)
                },
                Role::Editor,
                Status::Published,
                None,
                "verification_undecided",
            ),
        ];
        for (f, role, to, note, code) in cases {
            let err = check_move(&f, &who(role), to, note).unwrap_err();
            assert_eq!(err.code(), code, "{:?} → {to} as {role}: {err}", f.status);
        }
    }

    #[test]
    fn back_moves_with_a_note() {
        check_move(
            &facts(Status::Edited),
            &who(Role::Editor),
            Status::Draft,
            Some("redo para 3"),
        )
        .unwrap();
        check_move(
            &facts(Status::Translated),
            &who(Role::Translator),
            Status::Draft,
            Some("oops"),
        )
        .unwrap();
    }

    #[test]
    fn the_bar_says_why() {
        let f = Facts {
            untranslated: vec![1, 2, 3],
            ..facts(Status::Draft)
        };
        let options = moves(&f, &who(Role::Translator));
        assert_eq!(options.len(), 1);
        assert!(!options[0].allowed);
        assert_eq!(
            options[0].reason.as_deref(),
            Some("3 segments untranslated")
        );
        let options = moves(&facts(Status::Edited), &who(Role::Editor));
        let tos: Vec<_> = options.iter().map(|o| (o.to, o.allowed)).collect();
        assert_eq!(
            tos,
            vec![
                (Status::Draft, true),
                (Status::Translated, true),
                (Status::Published, true)
            ]
        );
    }

    #[test]
    fn verification_is_for_reviewers() {
        assert_eq!(
            check_verification(Status::Edited, &who(Role::Editor), 1)
                .unwrap_err()
                .code(),
            "forbidden"
        );
        check_verification(Status::Edited, &who(Role::Reviewer), 1).unwrap();
        assert_eq!(
            check_verification(Status::Published, &who(Role::Reviewer), 1)
                .unwrap_err()
                .code(),
            "frozen"
        );
    }
}
