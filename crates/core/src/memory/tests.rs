//! Tests of the translation memory against real stores in temporary folders,
//! with the NTREX articles (tests/fixtures/ntrex) as the memory.

use super::*;
use crate::ingest::{self, Format};
use crate::model::{Actor, Role, SegmentState, Status};
use crate::testing::{desk, import_markdown, t, translator as rana};

/// A story of `pairs` (Arabic paragraph, English translation), every row done.
fn translated(desk: &mut Desk, pairs: &[(String, String)]) -> i64 {
    let text = format!(
        "---\nlanguage: ar\n---\n\n{}",
        pairs
            .iter()
            .map(|(ar, _)| ar.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    let id = import_markdown(desk, &text);
    for (no, (_, en)) in pairs.iter().enumerate() {
        desk.translate(id, None, no + 1, en, None, &rana(), t(1))
            .unwrap();
    }
    id
}

fn ntrex() -> Vec<Vec<(String, String)>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ntrex");
    (1..=8)
        .map(|n| {
            let read = |lang: &str| {
                std::fs::read_to_string(dir.join(format!("{n:02}.{lang}.txt")))
                    .unwrap()
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            };
            let (ar, en) = (read("ar"), read("en"));
            assert_eq!(ar.len(), en.len(), "article {n} pairs line by line");
            ar.into_iter().zip(en).collect()
        })
        .collect()
}

#[test]
fn the_ntrex_articles_as_memory_find_themselves_and_near_misses() {
    let (_dir, mut desk) = desk();
    let articles = ntrex();
    for article in &articles {
        translated(&mut desk, article);
    }
    let units: usize = articles.iter().map(Vec::len).sum();
    assert_eq!(desk.memory_size().unwrap(), units);

    for article in &articles {
        for (ar, en) in article.iter().step_by(5) {
            let found = desk.memory_lookup(ar, "en", Lookup::default()).unwrap();
            assert_eq!(found[0].score, 100, "{ar}");
            assert_eq!(&found[0].target, en);
            assert!(!found[0].adapted);
        }
    }

    // One word changed in a sentence of n words scores 100 × (1 − 1/n).
    let (ar, en) = articles
        .iter()
        .flatten()
        .find(|(ar, _)| ar.split_whitespace().count() >= 10)
        .unwrap();
    let mut row: Vec<&str> = ar.split_whitespace().collect();
    let n = row.len();
    row[n / 2] = "كلمةجديدة";
    let row = row.join(" ");
    let found = desk.memory_lookup(&row, "en", Lookup::default()).unwrap();
    let expected = (100.0 * (1.0 - 1.0 / n as f64)).floor() as u8;
    assert_eq!((found[0].score, &found[0].target), (expected, en));
    assert!(found[0]
        .diff
        .iter()
        .any(|d| d.kind == "added" && d.text.contains("كلمةجديدة")));
    assert!(found[0].diff.iter().any(|d| d.kind == "removed"));

    // Nothing shared, nothing offered; a higher bar drops the near miss.
    assert!(desk
        .memory_lookup("كلمات لا توجد أبدا هنا", "en", Lookup::default())
        .unwrap()
        .is_empty());
    let strict = Lookup {
        min: expected + 1,
        limit: 5,
    };
    assert!(desk
        .memory_lookup(&row, "en", strict)
        .unwrap()
        .iter()
        .all(|m| m.score > expected));
}

#[test]
fn numbers_are_placeables_in_any_digits() {
    let (_dir, mut desk) = desk();
    translated(
        &mut desk,
        &[(
            "قتل 832 شخصا وأصيب 7.5 ألف في عام 2019".to_string(),
            "832 people were killed and 7.5 thousand injured in 2019".to_string(),
        )],
    );
    for row in [
        "قتل ٥٠٠ شخصا وأصيب ٣٫٢ ألف في عام ٢٠٢٠",
        "قتل 500 شخصا وأصيب 3.2 ألف في عام 2020",
        "قتل ۵۰۰ شخصا وأصيب ۳٫۲ ألف في عام ۲۰۲۰",
    ] {
        let found = desk.memory_lookup(row, "en", Lookup::default()).unwrap();
        assert_eq!(found.len(), 1, "{row}");
        assert_eq!(found[0].score, 100, "{row}");
        assert!(found[0].adapted, "{row}");
        assert_eq!(
            found[0].suggestion,
            "500 people were killed and 3.2 thousand injured in 2020"
        );
    }
    // The same numbers in other digits are simply the same sentence.
    let same = desk
        .memory_lookup(
            "قتل ٨٣٢ شخصا وأصيب ٧٫٥ ألف في عام ٢٠١٩",
            "en",
            Lookup::default(),
        )
        .unwrap();
    assert_eq!((same[0].score, same[0].adapted), (100, false));
    // Grouping is not a different number.
    assert_eq!(number_value("380,000"), "380000");
    assert_eq!(
        number_value(
            "٣٨٠٬٠٠٠"
                .chars()
                .map(|c| text::fold_for_match(&c.to_string()))
                .collect::<String>()
                .as_str()
        ),
        "380000"
    );
    assert_eq!(number_value("1,5"), "1.5");
    assert_eq!(number_value("007"), "7");
    assert_eq!(digits_for("3.2", "ar"), "٣٫٢");
}

#[test]
fn arabic_spellings_of_one_word_match() {
    let (_dir, mut desk) = desk();
    translated(
        &mut desk,
        &[(
            "التقى أحمد بالسفيرة في القاهرة مساء الخميس".to_string(),
            "Ahmad met the ambassador in Cairo on Thursday evening".to_string(),
        )],
    );
    for row in [
        "التقى احمد بالسفيره في القاهرة مساء الخميس",
        "التقَى أَحمد بالسفيرة في القاهـرة مساء الخميس",
        "التقی احمد بالسفیرة فی القاهرة مساء الخمیس",
    ] {
        let found = desk.memory_lookup(row, "en", Lookup::default()).unwrap();
        assert_eq!(found.first().map(|m| m.score), Some(100), "{row}");
    }
}

#[test]
fn a_unit_follows_its_segment_and_published_units_rank_first() {
    let (_dir, mut desk) = desk();
    let sentence = "وصل الوفد إلى دمشق صباح اليوم";
    let draft = translated(
        &mut desk,
        &[(
            sentence.to_string(),
            "The delegation arrived in Damascus this morning".to_string(),
        )],
    );
    let found = desk
        .memory_lookup(sentence, "en", Lookup::default())
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].origin.story, Some(draft));

    // Re-saved, the unit is updated, not copied.
    desk.translate(
        draft,
        None,
        1,
        "The delegation reached Damascus this morning",
        None,
        &rana(),
        t(2),
    )
    .unwrap();
    let found = desk
        .memory_lookup(sentence, "en", Lookup::default())
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].target,
        "The delegation reached Damascus this morning"
    );

    // Back to draft, it leaves the memory; done again, it returns.
    desk.translate(
        draft,
        None,
        1,
        "The delegation reached Damascus",
        Some(SegmentState::Draft),
        &rana(),
        t(3),
    )
    .unwrap();
    assert_eq!(desk.memory_size().unwrap(), 0);
    desk.translate(
        draft,
        None,
        1,
        "The delegation reached Damascus",
        None,
        &rana(),
        t(4),
    )
    .unwrap();
    assert_eq!(desk.memory_size().unwrap(), 1);

    // A second story with the same sentence, published: it ranks first.
    let other = translated(
        &mut desk,
        &[(
            format!("{sentence}."),
            "The delegation arrived in Damascus this morning.".to_string(),
        )],
    );
    let editor = Actor::new("Omar", Role::Editor);
    desk.edit(
        other,
        None,
        &crate::desk::StoryEdit {
            headline: Some("Delegation".into()),
            standfirst: Some("It came.".into()),
            ..Default::default()
        },
        &editor,
        t(5),
    )
    .unwrap();
    desk.move_to(other, None, Status::Translated, None, &editor, t(6))
        .unwrap();
    desk.move_to(other, None, Status::Edited, None, &editor, t(7))
        .unwrap();
    let reviewer = Actor::new("Lina", Role::Reviewer);
    desk.verify(
        other,
        None,
        crate::model::Verification::Verified,
        "Checked the figures against the agency statement",
        &reviewer,
        t(8),
    )
    .unwrap();
    desk.move_to(other, None, Status::Published, None, &editor, t(9))
        .unwrap();
    let found = desk
        .memory_lookup(sentence, "en", Lookup::default())
        .unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(
        (found[0].origin.story, found[0].published),
        (Some(other), true)
    );

    // A row's own unit is not suggested to it.
    let suggested = desk.suggest(draft, 1, Lookup::default()).unwrap().matches;
    assert_eq!(
        suggested.iter().map(|m| m.origin.story).collect::<Vec<_>>(),
        [Some(other)]
    );
}

#[test]
fn a_full_match_in_the_same_context_is_marked_and_ranked_first() {
    let (_dir, mut desk) = desk();
    let article = &ntrex()[2];
    assert!(article.len() >= 4, "article 03 has four paragraphs or more");
    let earlier = translated(&mut desk, &article[..4]);
    // The same paragraphs again, after a new first one: the third row has the
    // same neighbours as in the earlier story, the second row does not.
    let text = format!(
        "---\nlanguage: ar\n---\n\nفقرة افتتاحية جديدة لم تترجم بعد.\n\n{}",
        article[1..4]
            .iter()
            .map(|(ar, _)| ar.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    let intake = ingest::parse_text("again.md", Format::Markdown, &text).unwrap();
    let again = desk.import(&[intake], None, t(2)).unwrap()[0]
        .as_ref()
        .unwrap()
        .id;
    assert_ne!(again, earlier);

    let third = desk.suggest(again, 3, Lookup::default()).unwrap().matches;
    assert_eq!((third[0].score, third[0].context), (100, true));
    assert_eq!(third[0].origin.story, Some(earlier));
    let second = desk.suggest(again, 2, Lookup::default()).unwrap().matches;
    assert_eq!((second[0].score, second[0].context), (100, false));
    // A bare text has no neighbours: never a context match.
    let bare = desk
        .memory_lookup(&article[2].0, "en", Lookup::default())
        .unwrap();
    assert!(bare.iter().all(|m| !m.context));
}

#[test]
fn units_follow_their_segments_through_split_merge_and_delete() {
    let (_dir, mut desk) = desk();
    let pairs = vec![
        (
            "وصل الوفد إلى دمشق صباح اليوم".to_string(),
            "The delegation arrived in Damascus this morning".to_string(),
        ),
        (
            "وغادر مساء أمس".to_string(),
            "It left last night".to_string(),
        ),
    ];
    let id = translated(&mut desk, &pairs);
    // What the memory holds for the story: (source, target) of each unit.
    let units = |desk: &Desk| -> Vec<(String, String)> {
        let mut rows: Vec<(String, String)> = desk
            .conn
            .prepare("SELECT source, target FROM memory_unit WHERE story_id = ?1 ORDER BY source")
            .unwrap()
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        rows
    };
    assert_eq!(units(&desk).len(), 2);

    // Merged: one segment, done, holding both pairs joined; no unit of the
    // segment that went.
    desk.segment(id, None, &crate::SegmentOp::Merge { no: 1 }, &rana(), t(2))
        .unwrap();
    let merged = (
        format!("{} {}", pairs[0].0, pairs[1].0),
        format!("{} {}", pairs[0].1, pairs[1].1),
    );
    assert_eq!(units(&desk), vec![merged.clone()]);

    // Split in the source: the translation over-covers the first half and goes
    // back to draft, so neither half is a unit until someone confirms it.
    let at = pairs[0].0.chars().count() + 1;
    desk.segment(
        id,
        None,
        &crate::SegmentOp::Split { no: 1, at },
        &rana(),
        t(3),
    )
    .unwrap();
    assert!(units(&desk).is_empty(), "{:?}", units(&desk));
    desk.translate(id, None, 1, &pairs[0].1, None, &rana(), t(4))
        .unwrap();
    desk.translate(id, None, 2, &pairs[1].1, None, &rana(), t(4))
        .unwrap();
    assert_eq!(units(&desk), {
        let mut v = pairs.clone();
        v.sort();
        v
    });

    // Deleted: its unit goes with it.
    desk.segment(id, None, &crate::SegmentOp::Delete { no: 2 }, &rana(), t(5))
        .unwrap();
    assert_eq!(units(&desk), vec![pairs[0].clone()]);
}

#[test]
fn folding_for_matching() {
    assert_eq!(text::fold_for_match("أحمد"), text::fold_for_match("احمد"));
    assert_eq!(text::fold_for_match("مدرسة"), text::fold_for_match("مدرسه"));
    assert_eq!(
        text::fold_for_match("مستشفى"),
        text::fold_for_match("مستشفي")
    );
    assert_eq!(text::fold_for_match("کتاب"), text::fold_for_match("كتاب"));
    assert_eq!(
        text::fold_for_match("می\u{200C}خواهم"),
        text::fold_for_match("میخواهم")
    );
    assert_eq!(text::fold_for_match("٨٣٢ ۸۳۲"), "832 832");
    assert_eq!(text::fold_for_match("Tehran"), "tehran");
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

/// Every unit as (source language, target language, source, target), sorted.
fn units(desk: &Desk) -> Vec<(String, String, String, String)> {
    let mut all: Vec<_> = desk
        .conn
        .prepare("SELECT source_lang, target_lang, source, target FROM memory_unit")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    all.sort();
    all
}

#[test]
fn an_omegat_memory_imports_and_exports_round_trip() {
    let (dir, mut desk) = desk();
    let mut reports = Vec::new();
    let done = desk
        .tmx_import(
            &fixture("tmx/omegat.tmx"),
            &TmxLanguages::default(),
            t(0),
            &mut |read, total| reports.push((read, total)),
        )
        .unwrap();
    assert_eq!(
        done,
        TmxImported {
            added: 2,
            already: 0,
            skipped: 1
        }
    );
    assert_eq!(reports.last().map(|&(r, t)| r == t), Some(true));
    let imported = units(&desk);
    assert_eq!(
        imported[1],
        (
            "ar".to_string(),
            "en-gb".to_string(),
            "قتل 832 شخصا & أصيب 7.5 ألف".to_string(),
            // Inline codes are not text; entities and character references are.
            "832 people were killed & 7.5 thousand injured \u{2014} report".to_string()
        )
    );
    assert!(imported[0].3.contains("country's name"));
    // The file's dates and people are kept.
    let (author, changed): (String, String) = desk
        .conn
        .query_row(
            "SELECT author, changed_at FROM memory_unit WHERE source LIKE 'قتل%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (author.as_str(), changed.as_str()),
        ("omar", "2026-03-15T10:15:00.000Z")
    );
    // The units are found by lookup, from their file.
    let found = desk
        .memory_lookup("قتل ٥٠٠ شخصا & أصيب ٣ ألف", "en", Lookup::default())
        .unwrap();
    assert_eq!(found[0].origin.file.as_deref(), Some("omegat.tmx"));
    assert!(found[0].adapted);

    // Imported again: nothing new.
    let again = desk
        .tmx_import(
            &fixture("tmx/omegat.tmx"),
            &TmxLanguages::default(),
            t(1),
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!((again.added, again.already), (0, 2));

    // Exported and imported into another desk: the same units, the same text.
    let out = dir.path().join("out.tmx");
    assert_eq!(desk.tmx_export(&out, false, t(2)).unwrap(), 2);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("segtype=\"paragraph\""), "{written}");
    assert!(
        written.contains("changedate=\"20260315T101500Z\""),
        "{written}"
    );
    let (_other_dir, mut other) = super::tests::desk();
    let back = other
        .tmx_import(&out, &TmxLanguages::default(), t(3), &mut |_, _| {})
        .unwrap();
    assert_eq!(back.added, 2);
    assert_eq!(units(&other), imported);
}

#[test]
fn a_desk_memory_exports_only_published_units_when_asked() {
    let (dir, mut desk) = desk();
    translated(
        &mut desk,
        &[(
            "وصل الوفد إلى دمشق".to_string(),
            "The delegation reached Damascus".to_string(),
        )],
    );
    let out = dir.path().join("published.tmx");
    assert_eq!(desk.tmx_export(&out, true, t(1)).unwrap(), 0);
    assert_eq!(desk.tmx_export(&out, false, t(1)).unwrap(), 1);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(
        written.contains("<seg>The delegation reached Damascus</seg>"),
        "{written}"
    );
    assert!(written.contains("xml:lang=\"ar\""));
}

#[test]
fn a_malformed_memory_names_its_line_and_adds_nothing() {
    let (dir, mut desk) = desk();
    let bad = dir.path().join("bad.tmx");
    std::fs::write(
        &bad,
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<header srclang=\"ar\"/>\n<body>\n\
         <tu><tuv xml:lang=\"ar\"><seg>نص</seg></tuv><tuv xml:lang=\"en\"><seg>Text</seg></tuv></tu>\n\
         <tu><tuv xml:lang=\"ar\"><seg>نص آخر</tuv></tu>\n</body>\n</tmx>\n",
    )
    .unwrap();
    let err = desk
        .tmx_import(&bad, &TmxLanguages::default(), t(0), &mut |_, _| {})
        .unwrap_err();
    assert_eq!(err.code(), "malformed");
    assert!(err.to_string().contains("line 6"), "{err}");
    assert_eq!(
        desk.memory_size().unwrap(),
        0,
        "one transaction: nothing added"
    );

    let truncated = dir.path().join("cut.tmx");
    std::fs::write(
        &truncated,
        "<tmx version=\"1.4\"><body><tu><tuv xml:lang=\"ar\"><seg>نص",
    )
    .unwrap();
    let err = desk
        .tmx_import(&truncated, &TmxLanguages::default(), t(0), &mut |_, _| {})
        .unwrap_err();
    assert_eq!(err.code(), "malformed");

    let not_tmx = dir.path().join("page.tmx");
    std::fs::write(&not_tmx, "<html><body>hello</body></html>").unwrap();
    let err = desk
        .tmx_import(&not_tmx, &TmxLanguages::default(), t(0), &mut |_, _| {})
        .unwrap_err();
    assert!(err.to_string().contains("no <tmx> element"), "{err}");
}

#[test]
fn concordance_finds_words_on_either_side_in_their_contexts() {
    let (_dir, mut desk) = desk();
    translated(
        &mut desk,
        &[
            (
                "التقى أحمد بالسفيرة في القاهرة".to_string(),
                "Ahmad met the ambassador in Cairo".to_string(),
            ),
            (
                "غادرت السفيرة دمشق".to_string(),
                "The Ambassador left Damascus".to_string(),
            ),
            (
                "وصل الوفد إلى دمشق".to_string(),
                "The delegation reached Damascus".to_string(),
            ),
        ],
    );
    let hits = desk.concordance("السفيره", 10).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].target, "The Ambassador left Damascus");
    let english = desk.concordance("ambassador", 10).unwrap();
    assert_eq!(english.len(), 2);
    let both = desk.concordance("دمشق", 10).unwrap();
    assert_eq!(both.len(), 2);
    assert!(desk.concordance("  ", 10).is_err());
    assert!(desk.concordance("بيروت", 10).unwrap().is_empty());
}
