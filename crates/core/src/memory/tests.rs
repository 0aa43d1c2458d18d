//! Tests of the translation memory against real stores in temporary folders,
//! with the NTREX articles (tests/fixtures/ntrex) as the memory.

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use crate::ingest::{self, Format};
use crate::model::{Actor, Role, SegmentState, Status};

fn t(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 14, 9, minute, 0).unwrap()
}

fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(&dir.path().join("desk.db")).unwrap();
    (dir, desk)
}

fn rana() -> Actor {
    Actor::new("Rana", Role::Translator)
}

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
    let intake = ingest::parse_text("story.md", Format::Markdown, &text).unwrap();
    let id = desk
        .import(&[intake], None, t(0))
        .unwrap()
        .remove(0)
        .unwrap()
        .id;
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
    let suggested = desk.suggest(draft, 1, Lookup::default()).unwrap();
    assert_eq!(
        suggested.iter().map(|m| m.origin.story).collect::<Vec<_>>(),
        [Some(other)]
    );
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
