//! Tests of the `desk` module against real SQLite files in temporary folders.

use chrono::{TimeZone, Utc};

use super::counts::{COUNT, COUNTS, PER_DAY};
use super::read::list_sql;
use super::*;
use crate::ingest::{self, Format, Intake};
use crate::testing::{desk, edit_and_verify, editor, hand_in, t, translator};

/// A hit's passage, and whether `word` is among its marked matches.
trait Marked {
    fn passage(&self) -> String;
    fn marks(&self, word: &str) -> bool;
}

impl Marked for crate::search::SearchHit {
    fn passage(&self) -> String {
        self.snippet.iter().map(|p| p.text.as_str()).collect()
    }
    fn marks(&self, word: &str) -> bool {
        self.snippet.iter().any(|p| p.hit && p.text == word)
    }
}

fn intake(text: &str) -> Intake {
    ingest::parse_text("pasted", Format::Plain, text).unwrap()
}

fn import(desk: &mut Desk, text: &str) -> i64 {
    let out = desk
        .import(&[intake(text)], None, t(0))
        .unwrap()
        .remove(0)
        .unwrap();
    assert!(out.created);
    out.id
}

#[test]
fn the_same_content_is_one_story() {
    let (_dir, mut desk) = desk();
    let a = intake("Headline\nOne.\nTwo.");
    let spaced = intake("  Headline \n\nOne.\n\n  Two.  \n");
    let other = intake("Headline\nOne.\nThree.");
    let out = desk.import(&[a, spaced, other], None, t(0)).unwrap();
    let out: Vec<_> = out.into_iter().map(Result::unwrap).collect();
    assert_eq!(
        out[0],
        ImportOutcome {
            id: 1,
            created: true,
            new_version: false
        }
    );
    assert_eq!(
        out[1],
        ImportOutcome {
            id: 1,
            created: false,
            new_version: false
        }
    );
    assert_eq!(
        out[2],
        ImportOutcome {
            id: 2,
            created: true,
            new_version: false
        }
    );
    assert_eq!(desk.count(&StoryFilter::default()).unwrap(), 2);
}

#[test]
fn a_failing_article_leaves_the_batch_in() {
    let (_dir, mut desk) = desk();
    // A trigger makes the middle article's segment insert fail half-way through,
    // after its story row was written, as a full disk would.
    import(&mut desk, "Headline\nOne.");
    let bad = Intake {
        source: Source::default(),
        paragraphs: vec!["p".into()],
        origin: None,
    };
    desk.conn
        .execute("CREATE TRIGGER refuse BEFORE INSERT ON segment WHEN NEW.source = 'p' BEGIN SELECT RAISE(ABORT, 'no'); END", [])
        .unwrap();
    let out = desk
        .import(
            &[intake("Other\nTwo."), bad, intake("Third\nThree.")],
            None,
            t(1),
        )
        .unwrap();
    assert!(
        out[0].is_ok() && out[1].is_err() && out[2].is_ok(),
        "{out:?}"
    );
    assert_eq!(desk.count(&StoryFilter::default()).unwrap(), 3);
    let orphans: i64 = desk
        .conn
        .query_row(
            "SELECT COUNT(*) FROM story WHERE id NOT IN (SELECT story_id FROM segment)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0, "the failed article left nothing behind");
}

#[test]
fn a_stale_version_is_a_conflict_and_writes_nothing() {
    let (_dir, mut desk) = desk();
    let id = import(&mut desk, "Headline\nOne.\nTwo.");
    let saved = desk
        .translate(id, Some(1), 1, "One.", None, &translator(), t(1))
        .unwrap();
    assert_eq!(saved.version, 2);
    let err = desk
        .translate(id, Some(1), 2, "Two.", None, &translator(), t(2))
        .unwrap_err();
    assert_eq!(err.code(), "conflict");
    let story = desk.story(id).unwrap();
    assert_eq!(story.version, 2);
    assert_eq!(story.segments[1].target, "");
    assert_eq!(story.history.len(), 2);
    assert_eq!(desk.revisions(id).unwrap().len(), 1);
    // Without a version the write goes through (the command line's default).
    desk.translate(id, None, 2, "Two.", None, &translator(), t(2))
        .unwrap();
}

#[test]
fn translating_sets_state_credit_and_revision() {
    let (_dir, mut desk) = desk();
    let id = import(&mut desk, "Headline\nOne.\nTwo.");
    desk.translate(
        id,
        None,
        1,
        "  Draft one  ",
        Some(SegmentState::Draft),
        &translator(),
        t(1),
    )
    .unwrap();
    desk.translate(id, None, 2, "", None, &translator(), t(2))
        .unwrap();
    let story = desk.story(id).unwrap();
    assert_eq!(story.segments[0].target, "  Draft one");
    assert_eq!(story.segments[0].state, SegmentState::Draft);
    assert_eq!(
        story.segments[1].state,
        SegmentState::Empty,
        "an empty text is empty, whatever was asked"
    );
    assert_eq!(story.credits.translator, "Rana");
    assert_eq!(story.updated_at, "2026-03-14T09:02:00.000Z");
    let revs = desk.revisions(id).unwrap();
    assert_eq!(revs[0].segment_no, Some(1));
    assert_eq!(
        (revs[0].actor.as_str(), revs[0].role.as_str()),
        ("Rana", "translator")
    );
    let err = desk
        .translate(id, None, 3, "x", None, &translator(), t(3))
        .unwrap_err();
    assert_eq!(err.code(), "segment_not_found");
    let err = desk
        .translate(id, None, 0, "x", None, &translator(), t(3))
        .unwrap_err();
    assert_eq!(err.code(), "segment_not_found");
    for huge in [usize::MAX, 1 << 63, (1 << 63) + 2] {
        let err = desk
            .translate(id, None, huge, "x", None, &translator(), t(3))
            .unwrap_err();
        assert_eq!(err.code(), "segment_not_found", "segment {huge}");
    }
    assert_ne!(desk.segments(id).unwrap()[0].target, "x");
}

#[test]
fn slugs_follow_the_headline_until_first_publication() {
    let (_dir, mut desk) = desk();
    let a = import(&mut desk, "العنوان\nفقرة.");
    let b = import(&mut desk, "عنوان آخر\nفقرة أخرى.");
    assert_eq!(desk.story(a).unwrap().slug, format!("story-{a}"));
    let edit = |h: &str| StoryEdit {
        headline: Some(h.into()),
        ..Default::default()
    };
    desk.edit(a, None, &edit("Talks in Tehran"), &editor(), t(1))
        .unwrap();
    desk.edit(b, None, &edit("Talks in Tehran"), &editor(), t(1))
        .unwrap();
    assert_eq!(desk.story(a).unwrap().slug, "talks-in-tehran");
    assert_eq!(desk.story(b).unwrap().slug, "talks-in-tehran-2");
    desk.edit(a, None, &edit("اجتماع"), &editor(), t(2))
        .unwrap();
    assert_eq!(desk.story(a).unwrap().slug, format!("story-{a}"));
}

#[test]
fn related_stories_and_read_also_lines() {
    let (_dir, mut desk) = desk();
    let a = import(&mut desk, "A\nOne.");
    let b = import(&mut desk, "B\nTwo.");
    let err = desk
        .edit(
            a,
            None,
            &StoryEdit {
                related: Some(vec![a]),
                ..Default::default()
            },
            &editor(),
            t(1),
        )
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    let err = desk
        .edit(
            a,
            None,
            &StoryEdit {
                related: Some(vec![99]),
                ..Default::default()
            },
            &editor(),
            t(1),
        )
        .unwrap_err();
    assert_eq!(err.code(), "story_not_found");
    desk.segment(
        a,
        None,
        &SegmentOp::ReadAlso { no: 2, related: b },
        &editor(),
        t(2),
    )
    .unwrap();
    let story = desk.story(a).unwrap();
    assert_eq!(story.segments[1].related, Some(b));
    assert_eq!(story.segments[1].state, SegmentState::Done);
    assert_eq!(
        story.related.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![b]
    );
    let err = desk
        .segment(a, None, &SegmentOp::Merge { no: 1 }, &editor(), t(3))
        .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
}

#[test]
fn list_filters_pages_and_counts() {
    let (_dir, mut desk) = desk();
    let ids: Vec<i64> = (0..5)
        .map(|i| import(&mut desk, &format!("H{i}\nP{i}.")))
        .collect();
    desk.translate(ids[1], None, 1, "x", None, &translator(), t(5))
        .unwrap();
    desk.move_to(ids[1], None, Status::Translated, None, &translator(), t(6))
        .unwrap();
    let all = desk.list(&StoryFilter::default()).unwrap();
    assert_eq!(all[0].id, ids[1], "most recently changed first");
    let page = desk
        .list(&StoryFilter {
            limit: Some(2),
            offset: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.len(), 2);
    let translated = StoryFilter {
        status: Some(Status::Translated),
        ..Default::default()
    };
    assert_eq!(desk.list(&translated).unwrap().len(), 1);
    assert_eq!(desk.count(&translated).unwrap(), 1);
    let counts = desk.counts().unwrap();
    assert_eq!(counts.total, 5);
    assert_eq!(counts.by_status["draft"], 4);
    assert_eq!(counts.by_status["published"], 0);
    assert_eq!(counts.by_verification["unreviewed"], 5);
}

#[test]
fn published_per_day_counts_first_publication() {
    let (_dir, mut desk) = desk();
    let id = import(&mut desk, "H\nP.");
    hand_in(&mut desk, id, &["x"]);
    edit_and_verify(&mut desk, id, "H", "S");
    desk.move_to(id, None, Status::Published, None, &editor(), t(6))
        .unwrap();
    let today = Utc.with_ymd_and_hms(2026, 3, 15, 12, 0, 0).unwrap();
    let days = desk.published_per_day(today, 3).unwrap();
    let shown: Vec<(&str, usize)> = days.iter().map(|d| (d.day.as_str(), d.count)).collect();
    assert_eq!(
        shown,
        vec![("2026-03-13", 0), ("2026-03-14", 1), ("2026-03-15", 0)]
    );
}

#[test]
fn moves_explain_themselves() {
    let (_dir, mut desk) = desk();
    let id = import(&mut desk, "H\nOne.\nTwo.");
    let options = desk.moves(id, &translator()).unwrap();
    assert_eq!(options.len(), 1);
    assert_eq!(
        options[0].reason.as_deref(),
        Some("2 segments untranslated")
    );
    assert_eq!(options[0].code, Some("untranslated_segments"));
}

#[test]
fn files_import_in_one_call_with_one_result_each_and_blank_overrides_ignored() {
    let (dir, mut desk) = desk();
    let good = dir.path().join("a.md");
    std::fs::write(&good, "---\ntitle: عنوان\nsource: SANA\n---\n\nفقرة.\n").unwrap();
    let plain = dir.path().join("b.txt");
    std::fs::write(&plain, "Headline\nBody.\n").unwrap();
    let missing = dir.path().join("missing.txt");
    let overrides = crate::ingest::SourceOverrides {
        name: Some("  ".into()),
        language: Some("ar".into()),
        url: None,
    };
    let paths = [good.clone(), missing, plain, good];
    let out = desk.import_files(&paths, &overrides, None, t(1)).unwrap();
    assert_eq!(out.len(), 4);
    let first = out[0].as_ref().unwrap();
    assert!(first.created);
    assert_eq!(out[1].as_ref().unwrap_err().code(), "unreadable");
    let second = out[2].as_ref().unwrap();
    assert!(second.created);
    // The same file twice is one story.
    assert_eq!(out[3].as_ref().unwrap().id, first.id);
    assert!(!out[3].as_ref().unwrap().created);
    let story = desk.story(first.id).unwrap();
    assert_eq!(
        story.source.name, "SANA",
        "a blank override leaves the file's own"
    );
    assert_eq!(desk.story(second.id).unwrap().source.language, "ar");
}

#[test]
fn bidi_overrides_never_reach_headline_standfirst_or_keywords() {
    let (_dir, mut desk) = desk();
    let id = import(&mut desk, "Weather\nRain in Damascus today.");
    let edit = StoryEdit {
        headline: Some("Rain \u{202E}sucsamaD\u{202C} ends".into()),
        standfirst: Some("Quiet\u{2067} week\u{1b}[2J".into()),
        keywords: Some(vec!["Syria\u{202D}".into(), "\u{2066}Iran".into()]),
        ..Default::default()
    };
    desk.edit(id, None, &edit, &editor(), t(1)).unwrap();
    let story = desk.story(id).unwrap();
    assert_eq!(story.headline, "Rain sucsamaD ends");
    assert_eq!(story.standfirst, "Quiet week[2J");
    assert_eq!(story.keywords, vec!["Syria", "Iran"]);
}

#[test]
fn a_text_longer_than_a_field_holds_is_refused_and_nothing_is_saved() {
    let (_dir, mut desk) = desk();
    let id = import(&mut desk, "Weather\nRain in Damascus today.");
    let before = desk.revisions(id).unwrap().len();
    let huge = "word ".repeat(crate::text::MAX_FIELD_BYTES / 5 + 1);
    let err = desk
        .translate(id, None, 1, &huge, None, &translator(), t(1))
        .unwrap_err();
    assert_eq!(err.code(), "too_long");
    assert!(err.to_string().contains("split it"), "{err}");
    let edit = StoryEdit {
        standfirst: Some(huge.clone()),
        ..Default::default()
    };
    assert_eq!(
        desk.edit(id, None, &edit, &editor(), t(2))
            .unwrap_err()
            .code(),
        "too_long"
    );
    assert_eq!(desk.revisions(id).unwrap().len(), before);
    assert_eq!(desk.story(id).unwrap().segments[0].target, "");
    // Right at the limit is fine.
    let most = "a".repeat(crate::text::MAX_FIELD_BYTES);
    desk.translate(id, None, 1, &most, None, &translator(), t(3))
        .unwrap();
}

#[test]
fn a_huge_story_is_found_with_a_passage_around_the_hit() {
    // FTS5's snippet() over a story of a few megabytes with a common word took
    // seconds to minutes; such stories get a passage found in one pass.
    let (_dir, mut desk) = desk();
    let small = import(&mut desk, "Weather\nRain in Damascus today.");
    let paragraph = "المطر في دمشق والرياح في حلب والثلج على الجبال بعد ظهر اليوم.";
    let mut text = String::from("كتاب طويل\n");
    for i in 0..20_000 {
        text.push_str(paragraph);
        if i == 15_000 {
            text.push_str(" Damascus");
        }
        text.push('\n');
    }
    let huge = import(&mut desk, &text);
    let hits = desk.search("دمشق", &StoryFilter::default()).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].story.id, huge);
    let passage = hits[0].passage();
    assert!(hits[0].marks("دمشق"), "{passage}");
    assert!(passage.ends_with("…"), "{passage}");
    assert!(passage.len() < 400, "{passage}");

    let hits = desk.search("damasc", &StoryFilter::default()).unwrap();
    let mut ids: Vec<i64> = hits.iter().map(|h| h.story.id).collect();
    ids.sort();
    assert_eq!(ids, vec![small, huge]);
    for hit in &hits {
        assert!(hit.marks("Damascus"), "{}", hit.passage());
    }
}

#[test]
fn search_finds_the_spellings_the_memory_folds_together() {
    let (_dir, mut desk) = desk();
    let school = import(&mut desk, "مدرسة البنات\nافتتحت المدرسة في حي الميدان.");
    let toll = import(&mut desk, "الحصيلة\nارتفع عدد الوفيات إلى 832 شخصا.");
    let book = import(&mut desk, "کتاب\nیک کتاب تازه منتشر شد.");
    let mut found = |q: &str| -> Vec<i64> {
        desk.search(q, &StoryFilter::default())
            .unwrap()
            .iter()
            .map(|h| h.story.id)
            .collect()
    };
    assert_eq!(found("مدرسه البنات"), vec![school], "ta marbuta as ha");
    assert_eq!(
        found("٨٣٢ "),
        vec![toll],
        "Arabic-Indic digits find Latin ones"
    );
    assert_eq!(
        found("۸۳۲"),
        vec![toll],
        "and Persian ones, as a prefix too"
    );
    assert_eq!(
        found("كتاب "),
        vec![book],
        "the Arabic kaf finds the Persian"
    );
    let hits = desk.search("٨٣٢", &StoryFilter::default()).unwrap();
    assert!(hits[0].marks("832"), "{}", hits[0].passage());
}

#[test]
fn search_ranks_and_filters() {
    let (_dir, mut desk) = desk();
    let a = import(
        &mut desk,
        "اجتماع أمني في طهران\nالتقى رئيس مكتب الأمن الوطني بأمين المجلس الأعلى.",
    );
    let b = import(&mut desk, "Weather\nRain in Damascus.");
    desk.translate(
        b,
        None,
        1,
        "Heavy rain expected in Damascus on Monday.",
        None,
        &translator(),
        t(1),
    )
    .unwrap();
    let hits = desk.search("الأَمن", &StoryFilter::default()).unwrap();
    assert_eq!(hits.iter().map(|h| h.story.id).collect::<Vec<_>>(), vec![a]);
    let hits = desk.search("damasc", &StoryFilter::default()).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.story.id).collect::<Vec<_>>(),
        vec![b],
        "the last word is a prefix"
    );
    assert!(hits[0].marks("Damascus"), "{}", hits[0].passage());
    let published = StoryFilter {
        status: Some(Status::Published),
        ..Default::default()
    };
    assert!(desk.search("damascus", &published).unwrap().is_empty());
    // A search needs a word, for every shell: spaces and operators alone are a
    // mistake worth naming, not a search that found nothing.
    for wordless in ["", "   ", "*", "(", "-"] {
        let err = desk.search(wordless, &StoryFilter::default()).unwrap_err();
        assert_eq!(err.code(), "invalid_input", "{wordless:?}");
        assert!(err.to_string().contains("at least one word"), "{err}");
    }
    assert!(desk
        .search("\"unbalanced OR (", &StoryFilter::default())
        .is_ok());
}

#[test]
fn a_batch_import_indexes_each_new_story_once() {
    let (_dir, mut desk) = desk();
    let index_rows = |desk: &Desk| -> i64 {
        desk.conn
            .query_row("SELECT count(*) FROM story_fts", [], |r| r.get(0))
            .unwrap()
    };
    let batch = [
        "Aleppo water\nThe pumps of Aleppo stopped.",
        "Hama bread\nBakeries in Hama closed.",
        "Aleppo water\nThe pumps of Aleppo stopped.",
    ]
    .map(intake);
    let out = desk.import(&batch, None, t(0)).unwrap();
    let created: Vec<bool> = out.into_iter().map(|o| o.unwrap().created).collect();
    assert_eq!(created, [true, true, false]);
    assert_eq!(index_rows(&desk), 2);
    let filter = StoryFilter::default();
    assert_eq!(desk.search("pumps", &filter).unwrap().len(), 1);
    assert_eq!(desk.search("bakeries", &filter).unwrap().len(), 1);
    // A later batch with one known and one new article adds exactly one row.
    let later = [
        "Hama bread\nBakeries in Hama closed.",
        "Idlib rain\nRain fell on Idlib.",
    ]
    .map(intake);
    desk.import(&later, None, t(1)).unwrap();
    assert_eq!(index_rows(&desk), 3);
    assert_eq!(desk.search("idlib rain", &filter).unwrap().len(), 1);
}

#[test]
fn saves_mark_the_story_and_the_next_search_indexes_it_once() {
    let (dir, mut desk) = desk();
    let id = import(&mut desk, "Weather\nRain in Damascus.\nSnow in Homs.");
    let marked = |desk: &Desk| -> Vec<i64> {
        let mut stmt = desk
            .conn
            .prepare("SELECT story_id FROM search_pending")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert!(marked(&desk).is_empty(), "an import indexes at once");
    for (no, text) in [(1, "Rain in the capital."), (2, "Snowdrifts in Homs.")] {
        desk.translate(id, None, no, text, None, &translator(), t(1))
            .unwrap();
    }
    desk.edit(
        id,
        None,
        &StoryEdit {
            headline: Some("Winter arrives".into()),
            ..Default::default()
        },
        &editor(),
        t(2),
    )
    .unwrap();
    assert_eq!(marked(&desk), [id], "three saves, one mark");

    // A store closed with a mark still pending keeps it: the index catches up
    // after a restart as well as within a session.
    drop(desk);
    let mut desk = Desk::open(&dir.path().join("desk.db")).unwrap();
    let filter = StoryFilter::default();
    for typed in ["snowdrifts", "capital", "winter arrives"] {
        let hits = desk.search(typed, &filter).unwrap();
        assert_eq!(
            hits.iter().map(|h| h.story.id).collect::<Vec<_>>(),
            [id],
            "{typed}"
        );
    }
    assert!(marked(&desk).is_empty());
    assert_eq!(desk.refresh_search().unwrap(), 0, "nothing left to index");

    // Text that was replaced is no longer found.
    desk.translate(id, None, 1, "Sunshine at last.", None, &translator(), t(3))
        .unwrap();
    assert!(desk.search("capital", &filter).unwrap().is_empty());
    assert_eq!(desk.search("sunshine", &filter).unwrap().len(), 1);
}

#[test]
fn verification_leaves_the_index_alone() {
    let (_dir, mut desk) = desk();
    let id = import(&mut desk, "Weather\nRain in Damascus.");
    let reviewer = Actor::new("Lina", Role::Reviewer);
    desk.verify(
        id,
        None,
        Verification::Verified,
        "Checked the figures against the agency statement",
        &reviewer,
        t(1),
    )
    .unwrap();
    assert_eq!(desk.refresh_search().unwrap(), 0);
}

#[test]
fn the_desk_list_and_overview_read_through_their_indexes() {
    // The desktop reads the overview before its first paint; reading every story
    // row for each query cost 60 ms at 100,000 stories (migration 0003).
    let (_dir, desk) = desk();
    let plan = |sql: &str, params: &[&str]| {
        crate::testing::query_plan(&desk, sql, rusqlite::params_from_iter(params))
    };
    // The counts and the list's length read desk_count's few rows, never the
    // stories (migration 0005).
    assert_eq!(plan(COUNTS, &[]), ["SCAN desk_count"]);
    assert_eq!(plan(COUNT, &["draft", "verified"]), ["SCAN desk_count"]);
    // The list reads only the rows it shows, from its first page or past the
    // last row the caller has: never a sort, never a whole table.
    let key = ["2026-03-14T09:00:00.000Z", "7"];
    assert_eq!(
        plan(&list_sql(None, None, false), &["100", "0"]),
        ["SCAN story USING INDEX story_updated"]
    );
    assert_eq!(
        plan(&list_sql(None, None, true), &[key[0], key[1], "100", "0"]),
        ["SEARCH story USING INDEX story_updated (updated_at<?)"]
    );
    let pair = plan(
        &list_sql(Some(Status::Draft), Some(Verification::Verified), true),
        &[key[0], key[1], "100", "0"],
    );
    assert!(
        pair.iter().any(|p| p.contains(
            "SEARCH story USING INDEX story_state_updated (status=? AND verification=? AND updated_at<?)"
        )),
        "{pair:?}"
    );
    for (status, verification) in [
        (Some(Status::Draft), None),
        (None, Some(Verification::Verified)),
    ] {
        for after in [false, true] {
            let params: &[&str] = if after {
                &[key[0], key[1], "100", "0"]
            } else {
                &["100", "0"]
            };
            let steps = plan(&list_sql(status, verification, after), params);
            assert!(
                steps
                    .iter()
                    .all(|p| !p.starts_with("SCAN story") && !p.contains("TEMP B-TREE")),
                "{status:?} {verification:?} after={after}: {steps:?}"
            );
            assert!(
                steps.iter().any(|p| p.contains("story_state_updated")),
                "{steps:?}"
            );
        }
    }
    // Saves rewrite every index that holds updated_at: the list's two. (The
    // source address's, the assignee's and the deadline's are partial and hold
    // nothing a save changes.)
    let indexed: Vec<String> = desk
        .conn
        .prepare("SELECT name FROM pragma_index_list('story') WHERE origin = 'c' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        indexed,
        [
            "story_assignee",
            "story_due",
            "story_first_published",
            "story_source_url",
            "story_state_updated",
            "story_updated"
        ]
    );
    assert_eq!(
        plan(PER_DAY, &["2026-03-01"])[0],
        "SEARCH story USING COVERING INDEX story_first_published (first_published_at>?)"
    );
}

#[test]
fn the_kept_counts_match_the_stories_through_every_move() {
    let (_dir, mut desk) = desk();
    let counted = |desk: &Desk| -> Vec<(String, String, i64)> {
        desk.conn
            .prepare(
                "SELECT status, verification, COUNT(*) FROM story
                 GROUP BY status, verification ORDER BY status, verification",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let kept = |desk: &Desk| -> Vec<(String, String, i64)> {
        desk.conn
            .prepare(
                "SELECT status, verification, stories FROM desk_count
                 WHERE stories > 0 ORDER BY status, verification",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let a = import(&mut desk, "Weather\nRain in Damascus.");
    let b = import(&mut desk, "Bread\nBakeries in Hama.");
    import(&mut desk, "Water\nPumps in Aleppo.");
    // The same article again is no new story and no new count.
    let again = desk
        .import(&[intake("Water\nPumps in Aleppo.")], None, t(0))
        .unwrap()
        .remove(0)
        .unwrap();
    assert!(!again.created);
    assert_eq!(kept(&desk), counted(&desk));
    assert_eq!(desk.count(&StoryFilter::default()).unwrap(), 3);

    for id in [a, b] {
        hand_in(&mut desk, id, &["Done."]);
    }
    let reviewer = Actor::new("Lina", Role::Reviewer);
    desk.verify(
        a,
        None,
        Verification::NotVerified,
        "Checked the figures against the agency statement",
        &reviewer,
        t(3),
    )
    .unwrap();
    // A refused move changes nothing, counts included.
    assert!(desk
        .move_to(b, None, Status::Published, None, &editor(), t(4))
        .is_err());
    desk.move_to(
        b,
        None,
        Status::Draft,
        Some("Check the figures"),
        &editor(),
        t(5),
    )
    .unwrap();
    assert_eq!(kept(&desk), counted(&desk));

    let drafts = StoryFilter {
        status: Some(Status::Draft),
        ..Default::default()
    };
    assert_eq!(desk.count(&drafts).unwrap(), 2);
    let not_verified_translated = StoryFilter {
        status: Some(Status::Translated),
        verification: Some(Verification::NotVerified),
        ..Default::default()
    };
    assert_eq!(desk.count(&not_verified_translated).unwrap(), 1);
    let counts = desk.counts().unwrap();
    assert_eq!(counts.total, 3);
    assert_eq!(counts.by_status["draft"], 2);
    assert_eq!(counts.by_status["translated"], 1);
    assert_eq!(counts.by_verification["unreviewed"], 2);
    assert_eq!(counts.by_verification["not_verified"], 1);
}

#[test]
fn the_first_translator_keeps_the_credit() {
    let (_dir, mut desk) = desk();
    let id = import(&mut desk, "Weather\nRain in Damascus.\nSnow in Homs.");
    desk.translate(id, None, 1, "Rain.", None, &editor(), t(1))
        .unwrap();
    assert_eq!(
        desk.story(id).unwrap().credits.translator,
        "",
        "an editor is not credited as translator"
    );
    desk.translate(id, None, 1, "Rain fell.", None, &translator(), t(2))
        .unwrap();
    let sami = Actor::new("Sami", Role::Translator);
    desk.translate(id, None, 2, "Snow.", None, &sami, t(3))
        .unwrap();
    assert_eq!(desk.story(id).unwrap().credits.translator, "Rana");
}

#[test]
fn paging_after_a_row_gives_the_same_list_as_counting_rows() {
    let (_dir, mut desk) = desk();
    let editor = Actor::new("Omar", Role::Editor);
    let reviewer = Actor::new("Lina", Role::Reviewer);
    let mut ids = Vec::new();
    for i in 0..23 {
        ids.push(import(
            &mut desk,
            &format!("Story {i}\nParagraph number {i}."),
        ));
    }
    // Mixed states, and several stories changed in the same millisecond, so
    // the id has to break ties in the key.
    for (n, &id) in ids.iter().enumerate() {
        match n % 3 {
            0 => {
                desk.verify(
                    id,
                    None,
                    Verification::Verified,
                    "Checked the figures against the agency statement",
                    &reviewer,
                    t(5),
                )
                .unwrap();
            }
            1 => {
                desk.edit(
                    id,
                    None,
                    &StoryEdit {
                        headline: Some(format!("H{n}")),
                        ..Default::default()
                    },
                    &editor,
                    t(n as u32 % 4 + 1),
                )
                .unwrap();
            }
            _ => {}
        }
    }
    let filters = [
        (None, None),
        (Some(Status::Draft), None),
        (None, Some(Verification::Verified)),
        (Some(Status::Draft), Some(Verification::Unreviewed)),
        (Some(Status::Published), None),
    ];
    for (status, verification) in filters {
        let base = StoryFilter {
            status,
            verification,
            ..Default::default()
        };
        let whole = desk.list(&base).unwrap();
        assert_eq!(
            whole.len(),
            desk.count(&base).unwrap(),
            "{status:?} {verification:?}"
        );
        let mut paged = Vec::new();
        let mut after: Option<ListKey> = None;
        loop {
            let page = desk
                .list(&StoryFilter {
                    limit: Some(4),
                    after: after.clone(),
                    ..base.clone()
                })
                .unwrap();
            let Some(last) = page.last() else { break };
            after = Some(ListKey {
                updated_at: last.updated_at.clone(),
                id: last.id,
            });
            paged.extend(page);
        }
        let key = |l: &[StorySummary]| l.iter().map(|s| s.id).collect::<Vec<_>>();
        assert_eq!(key(&paged), key(&whole), "{status:?} {verification:?}");
        // Counting rows in gives the same pages.
        let offset = desk
            .list(&StoryFilter {
                limit: Some(4),
                offset: 4,
                ..base.clone()
            })
            .unwrap();
        assert_eq!(
            key(&offset),
            key(&whole[4.min(whole.len())..8.min(whole.len())])
        );
    }
}

#[test]
fn the_translator_does_not_publish_while_the_desk_asks_for_four_eyes() {
    let (_dir, mut desk) = desk();
    let id = import(&mut desk, "Weather\nRain in Damascus.");
    hand_in(&mut desk, id, &["Rain in Damascus."]);
    // The verification needs a note of what was checked.
    let refused = desk
        .verify(
            id,
            None,
            Verification::Verified,
            " ",
            &crate::testing::reviewer(),
            t(3),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "note_required");
    edit_and_verify(&mut desk, id, "Rain in Damascus", "It rained.");
    let before = desk.story(id).unwrap();
    // Rana translated it; acting as an editor does not make her a second pair of eyes.
    let rana_editing = Actor::new("Rana", Role::Editor);
    let refused = desk
        .move_to(id, None, Status::Published, None, &rana_editing, t(6))
        .unwrap_err();
    assert_eq!(refused.code(), "four_eyes");
    let after = desk.story(id).unwrap();
    assert_eq!(
        (after.version, after.status, after.history.len()),
        (before.version, before.status, before.history.len()),
        "a refusal writes nothing"
    );
    // With the setting off, one person may do everything.
    desk.set_setting_as("four_eyes", "off", false, &editor())
        .unwrap();
    desk.move_to(id, None, Status::Published, None, &rana_editing, t(7))
        .unwrap();
    assert_eq!(desk.story(id).unwrap().status, Status::Published);
}
