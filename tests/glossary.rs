//! The glossary through the `dragoman` command: terms added by hand and from an
//! OmegaT file, found by `suggest` through Arabic prefixes, checked against the
//! translation, listed, exported and deleted.

use dragoman_e2e::Desk;

#[test]
fn a_glossary_marks_its_terms_in_a_story() {
    let desk = Desk::new();
    let tsv = dragoman_e2e::corpus_dir().join("glossary/omegat.tsv");
    let done = desk.json([
        "glossary".as_ref(),
        "import".as_ref(),
        tsv.as_os_str(),
        "--as".as_ref(),
        "Rana".as_ref(),
        "--role".as_ref(),
        "translator".as_ref(),
    ]);
    assert_eq!(
        done,
        serde_json::json!({"added": 4, "already": 0, "skipped": 1})
    );
    let added = desk.json([
        "glossary",
        "add",
        "حكومة",
        "government",
        "--note",
        "Not 'cabinet'",
        "--as",
        "Rana",
        "--role",
        "translator",
    ]);
    assert_eq!(added["source_lang"], "ar");
    assert_eq!(added["note"], "Not 'cabinet'");
    let list = desk.json(["glossary", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 5);

    let story = desk.dir.path().join("story.md");
    std::fs::write(
        &story,
        "---\nlanguage: ar\n---\n\nقالت الحكومة إن الاستفتاء سيجري يوم الأحد\n",
    )
    .unwrap();
    let id = desk.json(["import".as_ref(), story.as_os_str()])[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    desk.json([
        "translate",
        &id,
        "1",
        "The cabinet said the referendum will be held on Sunday",
        "--as",
        "Rana",
        "--role",
        "translator",
    ]);
    let offered = desk.json(["suggest", &id, "1"]);
    let terms: Vec<(String, String)> = offered["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["term"]["target"].as_str().unwrap().to_string(),
                h["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        terms,
        vec![
            ("government".to_string(), "missing".to_string()),
            ("referendum".to_string(), "used".to_string())
        ]
    );
    let text = desk.run(["suggest", &id, "1"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("missing"), "{text}");

    let out = desk.dir.path().join("glossary.tbx");
    let written = desk.json(["glossary".as_ref(), "export".as_ref(), out.as_os_str()]);
    assert_eq!(written["terms"], 5);
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("deprecatedTerm-admn-sts"));

    let term = added["id"].as_i64().unwrap().to_string();
    desk.json(["glossary", "delete", &term]);
    let out = desk.run(["glossary", "delete", &term, "--json"]);
    assert!(!out.status.success());
    let error: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(error["code"], "term_not_found");
}
