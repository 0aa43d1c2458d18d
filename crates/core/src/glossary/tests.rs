//! Tests of the glossary against real stores in temporary folders.

use super::*;
use crate::testing::{desk, import_markdown, t, translator as rana};

fn term(source: &str, target: &str) -> NewTerm {
    NewTerm {
        source: source.into(),
        target: target.into(),
        ..NewTerm::default()
    }
}

/// The hits of `source` / `target` as (term source, status, marked text).
fn hits(desk: &Desk, source: &str, target: &str) -> Vec<(String, TermStatus, Option<String>)> {
    let utf16: Vec<u16> = source.encode_utf16().collect();
    desk.term_hits(source, target, "ar", "en")
        .unwrap()
        .into_iter()
        .map(|h| {
            let marked = h
                .source_span
                .map(|(a, b)| String::from_utf16(&utf16[a as usize..b as usize]).unwrap());
            (h.term.source, h.status, marked)
        })
        .collect()
}

#[test]
fn a_term_is_found_through_arabic_prefixes_and_suffixes() {
    let (_dir, mut desk) = desk();
    desk.add_term(&term("حكومة", "government"), &rana(), t(0))
        .unwrap();
    desk.add_term(&term("استفتاء", "referendum"), &rana(), t(0))
        .unwrap();
    // The article, "and", "with the", plural and possessive endings, harakat.
    for (row, word) in [
        ("قالت الحكومة إن", "الحكومة"),
        ("والحكومة لم ترد", "والحكومة"),
        ("بالحكومة الجديدة", "بالحكومة"),
        ("للحكومات العربية", "للحكومات"),
        ("حكومتنا", "حكومتنا"),
        ("الحُكومة", "الحُكومة"),
        ("في الاستفتاء حول الاسم", "الاستفتاء"),
    ] {
        let found = hits(&desk, row, "");
        assert_eq!(
            found.len(),
            1,
            "{row}: {found:?} (the stem of {word} is {:?})",
            stems(word, "ar")
        );
        assert_eq!(found[0].2.as_deref(), Some(word), "{row}");
        assert_eq!(found[0].1, TermStatus::Pending);
    }
    // A word that only shares letters is not the term.
    assert!(hits(&desk, "حكم القاضي", "").is_empty());
}

#[test]
fn a_multi_word_term_is_found_as_a_whole_and_checked_in_the_translation() {
    let (_dir, mut desk) = desk();
    desk.add_term(
        &term("جمهورية مقدونيا الشمالية", "Republic of North Macedonia"),
        &rana(),
        t(0),
    )
    .unwrap();
    let source = "تغيير اسم الدولة ليصبح اسمها \"جمهورية مقدونيا الشمالية.\"";
    let used = hits(
        &desk,
        source,
        "to change their country's name to the \"Republic of North Macedonia.\"",
    );
    assert_eq!(used.len(), 1);
    assert_eq!(used[0].1, TermStatus::Used);
    assert_eq!(used[0].2.as_deref(), Some("جمهورية مقدونيا الشمالية"));
    let missing = hits(&desk, source, "to rename the country North Macedonia");
    assert_eq!(missing[0].1, TermStatus::Missing);
    // Half the term is not the term.
    assert!(hits(&desk, "مقدونيا الشمالية", "").is_empty());
}

#[test]
fn the_rendering_is_found_through_english_inflection() {
    let (_dir, mut desk) = desk();
    desk.add_term(&term("اتفاق", "agreement"), &rana(), t(0))
        .unwrap();
    let found = hits(&desk, "الاتفاقات الموقعة", "The signed Agreements");
    assert_eq!(found[0].1, TermStatus::Used);
}

#[test]
fn forbidden_renderings_are_flagged_where_they_are_used() {
    let (_dir, mut desk) = desk();
    let mut bad = term("الدولة الإسلامية", "Islamic State");
    bad.forbidden = true;
    bad.note = "The desk writes ISIS".into();
    desk.add_term(&bad, &rana(), t(0)).unwrap();
    desk.add_term(&term("الدولة الإسلامية", "ISIS"), &rana(), t(0))
        .unwrap();
    let row = "هاجم تنظيم الدولة الإسلامية القرية";
    let found = hits(&desk, row, "The Islamic State attacked the village");
    let statuses: Vec<TermStatus> = found.iter().map(|h| h.1).collect();
    assert!(statuses.contains(&TermStatus::ForbiddenUsed), "{found:?}");
    assert!(statuses.contains(&TermStatus::Missing), "{found:?}");
    let fine = hits(&desk, row, "ISIS attacked the village");
    let statuses: Vec<TermStatus> = fine.iter().map(|h| h.1).collect();
    assert!(statuses.contains(&TermStatus::Avoided), "{fine:?}");
    assert!(statuses.contains(&TermStatus::Used), "{fine:?}");
    // The forbidden rendering is flagged even where the source says it otherwise.
    let elsewhere = hits(
        &desk,
        "هاجم التنظيم القرية",
        "Islamic State fighters attacked",
    );
    assert_eq!(elsewhere.len(), 1);
    assert_eq!(elsewhere[0].1, TermStatus::ForbiddenUsed);
    assert_eq!(elsewhere[0].2, None);
}

#[test]
fn terms_of_another_pair_of_languages_do_not_count() {
    let (_dir, mut desk) = desk();
    let mut french = term("حكومة", "gouvernement");
    french.target_lang = Some("fr".into());
    desk.add_term(&french, &rana(), t(0)).unwrap();
    assert!(hits(&desk, "الحكومة", "").is_empty());
}

#[test]
fn adding_checks_its_input_and_keeps_a_term_once() {
    let (_dir, mut desk) = desk();
    let first = desk
        .add_term(&term("  الحكومة ", "government"), &rana(), t(0))
        .unwrap();
    assert_eq!(first.source, "الحكومة");
    assert_eq!(
        (first.source_lang.as_str(), first.target_lang.as_str()),
        ("ar", "en")
    );
    // "حكومة" and "الحكومة" have one stem: to the glossary they are one term.
    let again = desk
        .add_term(&term("حكومة", "government"), &rana(), t(1))
        .unwrap();
    assert_eq!(again.id, first.id);
    assert_eq!(desk.glossary_size().unwrap(), 1);
    for (source, target) in [("", "x"), ("x", " "), ("،؟", "x")] {
        let e = desk
            .add_term(&term(source, target), &rana(), t(3))
            .unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{source:?}");
    }
    let long = "كلمة ".repeat(60);
    let e = desk
        .add_term(&term(&long, "word"), &rana(), t(3))
        .unwrap_err();
    assert_eq!(e.code(), "invalid_input");
    let gone = desk.delete_term(first.id).unwrap();
    assert_eq!(gone.id, first.id);
    assert_eq!(
        desk.delete_term(first.id).unwrap_err().code(),
        "term_not_found"
    );
}

#[test]
fn a_story_lists_the_terms_of_each_row() {
    let (_dir, mut desk) = desk();
    desk.add_term(&term("استفتاء", "referendum"), &rana(), t(0))
        .unwrap();
    let text =
        "---\nlanguage: ar\n---\n\nسيتوجه الشعب إلى الاستفتاء\n\nلا شيء هنا\n\nنتائج استفتاء الأحد";
    let id = import_markdown(&mut desk, text);
    desk.translate(
        id,
        None,
        1,
        "The people go to the polls",
        None,
        &rana(),
        t(1),
    )
    .unwrap();
    let terms = desk.story_terms(id).unwrap();
    let rows: Vec<(usize, TermStatus)> = terms.iter().map(|s| (s.no, s.hits[0].status)).collect();
    assert_eq!(
        rows,
        vec![(1, TermStatus::Missing), (3, TermStatus::Pending)]
    );
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/glossary")
        .join(name)
}

#[test]
fn an_omegat_glossary_imports_and_exports_round_trip() {
    let (dir, mut desk) = desk();
    let done = desk
        .glossary_import(
            &fixture("omegat.tsv"),
            &TermLanguages::default(),
            &rana(),
            t(0),
        )
        .unwrap();
    assert_eq!((done.added, done.already, done.skipped), (4, 0, 1));
    let again = desk
        .glossary_import(
            &fixture("omegat.tsv"),
            &TermLanguages::default(),
            &rana(),
            t(1),
        )
        .unwrap();
    assert_eq!((again.added, again.already), (0, 4));
    let terms = desk.terms().unwrap();
    let forbidden: Vec<&str> = terms
        .iter()
        .filter(|t| t.forbidden)
        .map(|t| t.target.as_str())
        .collect();
    assert_eq!(forbidden, vec!["Islamic State"]);
    assert!(terms.iter().any(|t| t.note == "North Macedonia since 2019"));

    for name in ["out.tsv", "out.tbx"] {
        let out = dir.path().join(name);
        assert_eq!(desk.glossary_export(&out, t(2)).unwrap(), 4);
        let (_d, mut other) = self::desk();
        let back = other
            .glossary_import(&out, &TermLanguages::default(), &rana(), t(3))
            .unwrap();
        assert_eq!(back.added, 4, "{name}");
        let strip = |ts: Vec<Term>| {
            ts.into_iter()
                .map(|t| {
                    (
                        t.source,
                        t.target,
                        t.note,
                        t.forbidden,
                        t.source_lang,
                        t.target_lang,
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            strip(other.terms().unwrap()),
            strip(desk.terms().unwrap()),
            "{name}"
        );
    }
}

#[test]
fn a_tbx_basic_glossary_imports_with_its_deprecated_terms() {
    let (_dir, mut desk) = desk();
    let done = desk
        .glossary_import(
            &fixture("basic.tbx"),
            &TermLanguages::default(),
            &rana(),
            t(0),
        )
        .unwrap();
    assert_eq!(done.added, 3, "{done:?}");
    let terms = desk.terms().unwrap();
    let pairs: Vec<(&str, &str, bool)> = terms
        .iter()
        .map(|t| (t.source.as_str(), t.target.as_str(), t.forbidden))
        .collect();
    assert!(pairs.contains(&("مجلس النواب", "House of Representatives", false)));
    assert!(pairs.contains(&("مجلس النواب", "Parliament", true)));
    assert!(pairs.contains(&("أثينا", "Athens", false)));
    assert!(terms
        .iter()
        .all(|t| t.source_lang == "ar" && t.target_lang == "en-us"));
}

#[test]
fn a_malformed_glossary_adds_nothing_and_names_the_line() {
    let (dir, mut desk) = desk();
    let bad = dir.path().join("bad.tbx");
    std::fs::write(
        &bad,
        "<martif type=\"TBX-Basic\">\n<text><body>\n<termEntry>\n<langSet xml:lang=\"ar\"><tig><term>حكومة</term></tig></langSet>\n<langSet xml:lang=\"en\"><tig><term>government</term></tig></langSet>\n</termEntry>\n<termEntry><langSet></tig>\n</body></text></martif>\n",
    )
    .unwrap();
    let e = desk
        .glossary_import(&bad, &TermLanguages::default(), &rana(), t(0))
        .unwrap_err();
    assert_eq!(e.code(), "malformed");
    assert!(e.to_string().contains("line 7"), "{e}");
    assert_eq!(desk.glossary_size().unwrap(), 0);

    let not_utf8 = dir.path().join("latin1.tsv");
    std::fs::write(&not_utf8, b"caf\xe9\tcoffee\n").unwrap();
    let e = desk
        .glossary_import(&not_utf8, &TermLanguages::default(), &rana(), t(0))
        .unwrap_err();
    assert_eq!(e.code(), "malformed");
    assert!(e.to_string().contains("line 1"), "{e}");
}

#[test]
fn a_row_reads_only_the_terms_that_start_with_one_of_its_stems() {
    // A glossary of tens of thousands of names must not be read whole for every
    // row: the lookup goes through the first-stem index.
    let (_dir, desk) = desk();
    let plan: Vec<String> = desk
        .conn
        .prepare(&format!("EXPLAIN QUERY PLAN {}", terms_by_first_stem()))
        .unwrap()
        .query_map(["x"], |r| r.get(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        plan,
        ["SEARCH term USING INDEX term_first_stem (first_stem=?)"]
    );
}
