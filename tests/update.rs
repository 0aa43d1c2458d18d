//! Updated sources through the `dragoman` command: the outlet revises NTREX
//! article 02 after the desk translated it; importing the revision offers it as
//! a new version of the story, and `import --update` takes it in, marking
//! exactly the changed segment and keeping every translation.

use dragoman_e2e::Desk;

const URL: &str = "https://alwatan.sy/archives/ntrex-02";

/// The article as a Markdown file with its address, as an outlet's feed gives it.
fn write_article(desk: &Desk, name: &str, arabic: &str) -> std::path::PathBuf {
    let file = desk.dir.path().join(name);
    let body: Vec<&str> = arabic.lines().collect();
    std::fs::write(
        &file,
        format!(
            "---\nlanguage: ar\nurl: {URL}\nsource: al-Watan\n---\n\n# {}\n\n{}\n",
            body[0],
            body[1..].join("\n\n")
        ),
    )
    .unwrap();
    file
}

#[test]
fn a_revised_article_marks_exactly_its_changed_segment() {
    let desk = Desk::new();
    let corpus = dragoman_e2e::corpus_dir().join("ntrex");
    let arabic = std::fs::read_to_string(corpus.join("02.ar.txt")).unwrap();
    let english = std::fs::read_to_string(corpus.join("02.en.txt")).unwrap();
    let first = write_article(&desk, "02.md", &arabic);
    let imported = desk.json(["import".as_ref(), first.as_os_str()]);
    let id = imported[0]["id"].as_i64().unwrap().to_string();
    let translator = ["--as", "Rana Haddad", "--role", "translator"];
    for (i, line) in english.lines().skip(1).enumerate() {
        let no = (i + 1).to_string();
        desk.json(
            translator
                .iter()
                .copied()
                .chain(["translate", &id, &no, line]),
        );
    }

    // The outlet changed one sentence of the third paragraph.
    let revised_text = arabic.replace("أكثر من 380,000 شخص", "أكثر من 400,000 نسمة");
    assert_ne!(revised_text, arabic);
    let revised = write_article(&desk, "02-revised.md", &revised_text);

    // A plain import offers it; nothing new is on the desk.
    let before = desk.snapshot();
    let offered = desk.json(["import".as_ref(), revised.as_os_str()]);
    assert_eq!(offered[0]["id"].as_i64().unwrap().to_string(), id);
    assert_eq!(offered[0]["created"], false);
    assert_eq!(offered[0]["new_version"], true);
    assert_eq!(desk.snapshot(), before, "an offer writes nothing");
    let text = desk.run(["import".as_ref(), revised.as_os_str()]);
    let said = String::from_utf8_lossy(&text.stdout);
    assert!(
        said.contains(&format!("--update {id}")),
        "the offer says how to take it: {said}"
    );

    // Taking it needs a name, like every change.
    let (code, _) = desk.refused([
        "import".as_ref(),
        revised.as_os_str(),
        "--update".as_ref(),
        id.as_ref(),
    ]);
    assert_eq!(code, "identity_required");
    assert_eq!(desk.snapshot(), before);

    let update = desk.json(translator.iter().map(|s| s.as_ref()).chain([
        "import".as_ref(),
        revised.as_os_str(),
        "--update".as_ref(),
        id.as_ref(),
    ]));
    assert_eq!(update["changed"], serde_json::json!([3]));
    assert_eq!(update["added"], serde_json::json!([]));
    assert_eq!(update["removed"], serde_json::json!([]));
    assert_eq!(update["unchanged"], 2);
    assert_eq!(update["correction"], false);

    let story = desk.json(["show", &id]);
    let segments = story["segments"].as_array().unwrap();
    for (seg, line) in segments.iter().zip(english.lines().skip(1)) {
        assert_eq!(seg["target"], line, "every translation is kept");
    }
    let marked: Vec<i64> = segments
        .iter()
        .filter(|s| s.get("source_change").is_some())
        .map(|s| s["no"].as_i64().unwrap())
        .collect();
    assert_eq!(marked, vec![3], "exactly the changed segment is marked");
    let change = segments[2]["source_change"].as_array().unwrap();
    let of = |kind: &str| -> String {
        change
            .iter()
            .filter(|p| p["kind"] == kind)
            .map(|p| p["text"].as_str().unwrap().trim())
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(of("removed"), "380,000 شخص");
    assert_eq!(of("added"), "400,000 نسمة");
    assert_eq!(segments[2]["state"], "draft");
    assert_eq!(
        story["history"].as_array().unwrap().last().unwrap()["action"],
        "update_source"
    );

    // The terminal shows the change as a word diff.
    let shown = desk.run(["show", &id]);
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.contains("source changed since translated") && shown.contains("[-380,000"),
        "{shown}"
    );

    // The same file again is now the story's own source: refused, nothing written.
    let before = desk.snapshot();
    let (code, message) = desk.refused(translator.iter().map(|s| s.as_ref()).chain([
        "import".as_ref(),
        revised.as_os_str(),
        "--update".as_ref(),
        id.as_ref(),
    ]));
    assert_eq!(code, "invalid_input");
    assert!(message.contains("nothing to update"), "{message}");
    assert_eq!(desk.snapshot(), before);
}
