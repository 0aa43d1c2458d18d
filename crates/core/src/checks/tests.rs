//! The checks against a table of real source/translation pairs (NTREX news and
//! made-up rows for each failure), and the gate through a real store.

use super::*;

/// One row of `tests/fixtures/checks/pairs.tsv`: source, translation, and the
/// ids of the checks expected to speak, separated by commas ("-" for none).
fn table() -> Vec<(usize, String, String, Vec<CheckId>)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/checks/pairs.tsv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "line {}: {l}", i + 1);
            let expected = if cols[2].trim() == "-" {
                vec![]
            } else {
                cols[2]
                    .split(',')
                    .map(|c| CheckId::parse(c).unwrap_or_else(|| panic!("line {}: {c}", i + 1)))
                    .collect()
            };
            (i + 1, cols[0].to_string(), cols[1].to_string(), expected)
        })
        .collect()
}

#[test]
fn each_pair_of_the_table_gets_exactly_its_findings() {
    let settings = CheckSettings::default();
    let rows = table();
    assert!(rows.len() >= 30);
    for (line, source, target, expected) in rows {
        let pair = Pair {
            source: &source,
            target: &target,
            source_lang: "ar",
        };
        let found: Vec<CheckId> = check_pair(&pair, &Where::Segment(1), &settings)
            .iter()
            .map(|f| f.check)
            .collect();
        assert_eq!(
            found,
            expected,
            "line {line}: {source} → {target}: {:?}",
            check_pair(&pair, &Where::Segment(1), &settings)
        );
    }
}

#[test]
fn a_changed_number_names_both_and_a_missing_one_names_the_source() {
    let settings = CheckSettings::default();
    let pair = Pair {
        source: "ارتفع عدد الوفيات إلى ٨٣٢",
        target: "The death toll rose to 823",
        source_lang: "ar",
    };
    let f = check_pair(&pair, &Where::Segment(2), &settings);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].message, "٨٣٢ in the source is 823 in the translation");
    assert_eq!((f[0].source.as_str(), f[0].target.as_str()), ("٨٣٢", "823"));
    assert_eq!(
        serde_json::to_value(&f[0]).unwrap()["where"],
        serde_json::json!({"segment": 2})
    );
}

#[test]
fn a_check_switched_off_says_nothing() {
    let mut settings = CheckSettings::default();
    let pair = Pair {
        source: "قال  إن 5 أشخاص",
        target: "He said that that 4 people ",
        source_lang: "ar",
    };
    let all: Vec<CheckId> = check_pair(&pair, &Where::Segment(1), &settings)
        .iter()
        .map(|f| f.check)
        .collect();
    assert_eq!(
        all,
        [CheckId::Numbers, CheckId::RepeatedWord, CheckId::Spacing]
    );
    settings.off = parse_off("numbers, spacing").unwrap();
    let left: Vec<CheckId> = check_pair(&pair, &Where::Segment(1), &settings)
        .iter()
        .map(|f| f.check)
        .collect();
    assert_eq!(left, [CheckId::RepeatedWord]);
    assert!(parse_off("numbers, nonsense").is_err());
    assert_eq!(parse_ratio("0.4-2.5").unwrap(), (0.4, 2.5));
    assert!(parse_ratio("3-1").is_err());
    assert!(parse_ratio("lots").is_err());
}

#[test]
fn every_check_has_an_id_that_reads_back() {
    for c in ALL {
        assert_eq!(CheckId::parse(c.as_str()), Some(*c));
        assert_eq!(
            serde_json::to_value(c).unwrap(),
            serde_json::json!(c.as_str())
        );
    }
}

#[test]
fn the_ntrex_translations_raise_no_error() {
    // Eight professionally translated news articles: a check that calls any of
    // their rows an error would stop real stories from going out.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ntrex");
    let settings = CheckSettings::default();
    let mut rows = 0;
    for n in 1..=8 {
        let ar = std::fs::read_to_string(dir.join(format!("{n:02}.ar.txt"))).unwrap();
        let en = std::fs::read_to_string(dir.join(format!("{n:02}.en.txt"))).unwrap();
        for (no, (source, target)) in ar.lines().zip(en.lines()).enumerate() {
            let pair = Pair {
                source,
                target,
                source_lang: "ar",
            };
            let errors: Vec<Finding> = check_pair(&pair, &Where::Segment(no + 1), &settings)
                .into_iter()
                .filter(|f| f.severity == Severity::Error)
                .collect();
            assert!(
                errors.is_empty(),
                "NTREX {n:02} line {}: {errors:?}",
                no + 1
            );
            rows += 1;
        }
    }
    assert_eq!(rows, 44);
}

mod gate {
    use crate::model::{Actor, Role, Status};
    use crate::store::Desk;
    use crate::testing::{edit_and_verify, import_markdown, t, translator};

    /// NTREX 02's first two paragraphs, translated, edited and verified: ready to
    /// publish but for what the checks find.
    fn edited(desk: &mut Desk, second: &str) -> i64 {
        let text = "---\nlanguage: ar\n---\n\nارتفاع عدد الوفيات جراء تسونامي إندونيسيا إلى ٨٣٢\n\n\
                    وقد تمت تغطية مدينة بالو والتي يعيش بها أكثر من 380,000 شخص بالحطام الناتج عن انهيار المباني.";
        let id = import_markdown(desk, text);
        let rana = translator();
        let done = Some(crate::model::SegmentState::Done);
        desk.translate(
            id,
            None,
            1,
            "Death toll from Indonesia tsunami rises to 832",
            done,
            &rana,
            t(1),
        )
        .unwrap();
        desk.translate(id, None, 2, second, done, &rana, t(1))
            .unwrap();
        desk.move_to(id, None, Status::Translated, None, &rana, t(2))
            .unwrap();
        edit_and_verify(
            desk,
            id,
            "Indonesia tsunami toll rises",
            "The toll rose to 832, according to the agency.",
        );
        id
    }

    #[test]
    fn an_error_stops_publishing_and_the_store_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("desk.db")).unwrap();
        let id = edited(
            &mut desk,
            "The city of Palu, home to more than 38,000 people, was strewn with debris.",
        );
        let before = desk.story(id).unwrap();
        let omar = Actor::new("Omar", Role::Editor);
        let e = desk
            .move_to(id, None, Status::Published, None, &omar, t(6))
            .unwrap_err();
        assert_eq!(e.code(), "checks_failed");
        assert!(
            e.to_string()
                .contains("segment 2: 380,000 in the source is 38,000 in the translation"),
            "{e}"
        );
        assert_eq!(desk.story(id).unwrap(), before);
        // The window's bar says the same before any click.
        let open = desk.moves(id, &omar).unwrap();
        let publish = open.iter().find(|m| m.to == Status::Published).unwrap();
        assert!(!publish.allowed);
        assert_eq!(publish.code, Some("checks_failed"));
        // Warnings never stop it: once the number is right, it goes out.
        desk.translate(
            id,
            None,
            2,
            "The city of Palu, home to more than 380,000 people, was strewn with debris  .",
            None,
            &Actor::new("Omar", Role::Editor),
            t(7),
        )
        .unwrap();
        let findings = desk.check_story(id).unwrap();
        assert!(
            findings
                .iter()
                .all(|f| f.severity == super::Severity::Warning),
            "{findings:?}"
        );
        assert!(!findings.is_empty());
        desk.move_to(id, None, Status::Published, None, &omar, t(8))
            .unwrap();
    }

    #[test]
    fn an_editor_publishes_over_the_checks_with_a_reason_kept_in_the_history() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("desk.db")).unwrap();
        let id = edited(
            &mut desk,
            "The city of Palu was strewn with debris from collapsed buildings.",
        );
        let omar = Actor::new("Omar", Role::Editor);
        let e = desk
            .publish_over_checks(id, None, "  ", &omar, t(6))
            .unwrap_err();
        assert_eq!(e.code(), "note_required");
        let e = desk
            .publish_over_checks(
                id,
                None,
                "figure withheld",
                &Actor::new("Rana", Role::Translator),
                t(6),
            )
            .unwrap_err();
        assert_eq!(e.code(), "forbidden");
        desk.publish_over_checks(
            id,
            None,
            "The agency has since withdrawn the figure",
            &omar,
            t(6),
        )
        .unwrap();
        let story = desk.story(id).unwrap();
        assert_eq!(story.status, Status::Published);
        let last = story.history.last().unwrap();
        assert_eq!(
            last.note.as_deref(),
            Some("The agency has since withdrawn the figure")
        );
        assert_eq!(
            last.detail.as_deref(),
            Some("published over 1 check error: segment 2: 380,000 in the source is not in the translation")
        );
    }

    #[test]
    fn a_forbidden_term_is_an_error_and_a_missing_one_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("desk.db")).unwrap();
        let rana = Actor::new("Rana", Role::Translator);
        let forbidden = crate::glossary::NewTerm {
            source: "تسونامي".into(),
            target: "tidal wave".into(),
            forbidden: true,
            ..Default::default()
        };
        desk.add_term(&forbidden, &rana, t(0)).unwrap();
        let agreed = crate::glossary::NewTerm {
            source: "مدينة بالو".into(),
            target: "Palu City".into(),
            ..Default::default()
        };
        desk.add_term(&agreed, &rana, t(0)).unwrap();
        let id = edited(
            &mut desk,
            "The city of Palu, home to more than 380,000 people, was strewn with debris.",
        );
        let omar = Actor::new("Omar", Role::Editor);
        desk.translate(
            id,
            None,
            1,
            "Death toll from Indonesia tidal wave rises to 832",
            None,
            &omar,
            t(5),
        )
        .unwrap();
        let found: Vec<(super::CheckId, super::Where)> = desk
            .check_story(id)
            .unwrap()
            .into_iter()
            .map(|f| (f.check, f.at))
            .collect();
        assert_eq!(
            found,
            [
                (super::CheckId::TermForbidden, super::Where::Segment(1)),
                (super::CheckId::TermMissing, super::Where::Segment(2)),
            ]
        );
    }
}

#[test]
fn a_row_is_checked_as_typed_before_it_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = crate::store::Desk::open(&dir.path().join("desk.db")).unwrap();
    let text = "---\nlanguage: ar\n---\n\nارتفع عدد الوفيات إلى ٨٣٢\n";
    let intake = crate::ingest::parse_text("a.md", crate::ingest::Format::Markdown, text).unwrap();
    let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 14, 9, 0, 0).unwrap();
    let id = desk
        .import(&[intake], None, at)
        .unwrap()
        .remove(0)
        .unwrap()
        .id;
    let typed: Vec<CheckId> = desk
        .check_segment(id, 1, "The toll rose to 823")
        .unwrap()
        .iter()
        .map(|f| f.check)
        .collect();
    assert_eq!(typed, [CheckId::Numbers]);
    assert!(desk
        .check_segment(id, 1, "The toll rose to 832")
        .unwrap()
        .is_empty());
    assert_eq!(
        desk.check_segment(id, 2, "x").unwrap_err().code(),
        "segment_not_found"
    );
    assert_eq!(
        desk.check_segment(99, 1, "x").unwrap_err().code(),
        "story_not_found"
    );
}
