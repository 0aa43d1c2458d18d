//! XLIFF through the `dragoman` command: a story goes out to a freelancer's tool,
//! comes back with translations the way that tool writes them, and a file that
//! would overwrite newer text is refused with the store unchanged.

use dragoman_e2e::Desk;

fn story(desk: &Desk) -> String {
    let corpus = dragoman_e2e::corpus_dir().join("ntrex");
    let ar = std::fs::read_to_string(corpus.join("04.ar.txt")).unwrap();
    let file = desk.dir.path().join("04.md");
    let body: Vec<&str> = ar.lines().collect();
    std::fs::write(
        &file,
        format!("---\nlanguage: ar\n---\n\n{}\n", body.join("\n\n")),
    )
    .unwrap();
    desk.json(["import".as_ref(), file.as_os_str()])[0]["id"]
        .as_i64()
        .unwrap()
        .to_string()
}

/// Adds `text` as the target of the n-th unit (counting the headline and the
/// standfirst), as memoQ or OmegaT write it: after the source, state translated.
fn translate_unit(xml: &str, n: usize, text: &str) -> String {
    let mut at = 0;
    for _ in 0..=n {
        at += xml[at..].find("<unit ").unwrap() + 1;
    }
    let source_end = at + xml[at..].find("</source>").unwrap() + "</source>".len();
    let state = at + xml[at..].find("state=\"initial\"").unwrap();
    let mut out = xml.to_string();
    out.insert_str(source_end, &format!("<target>{text}</target>"));
    out.replace_range(
        state..state + "state=\"initial\"".len(),
        "state=\"translated\"",
    );
    out
}

#[test]
fn a_story_goes_out_as_xliff_and_its_translations_come_back() {
    let desk = Desk::new();
    let id = story(&desk);
    let file = desk.dir.path().join("04.xlf");
    let written = desk.json([
        "xliff".as_ref(),
        "export".as_ref(),
        id.as_ref(),
        file.as_os_str(),
    ]);
    assert_eq!(written["count"], 7);
    let xml = std::fs::read_to_string(&file).unwrap();
    let en = std::fs::read_to_string(dragoman_e2e::corpus_dir().join("ntrex/04.en.txt")).unwrap();
    let en: Vec<&str> = en.lines().collect();
    let mut edited = xml.clone();
    for (i, line) in en.iter().enumerate() {
        edited = translate_unit(&edited, i + 2, line);
    }
    std::fs::write(&file, edited).unwrap();
    let taken = desk.json([
        "xliff".as_ref(),
        "import".as_ref(),
        file.as_os_str(),
        "--as".as_ref(),
        "Sami".as_ref(),
        "--role".as_ref(),
        "translator".as_ref(),
    ]);
    assert_eq!(taken["changed"], 5);
    let shown = desk.json(["show", &id]);
    let targets: Vec<&str> = shown["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["target"].as_str().unwrap())
        .collect();
    assert_eq!(targets, en);
    assert_eq!(shown["credits"]["translator"], "Sami");

    // The desk changes row 1; a file that changed it too is refused whole.
    desk.json([
        "translate",
        &id,
        "1",
        "Londonderry: three men arrested",
        "--as",
        "Omar",
        "--role",
        "editor",
    ]);
    let stale = translate_unit(&xml, 2, "Derry: men held");
    std::fs::write(&file, stale).unwrap();
    let before = desk.snapshot();
    let (code, message) = desk.refused([
        "xliff".as_ref(),
        "import".as_ref(),
        file.as_os_str(),
        "--as".as_ref(),
        "Sami".as_ref(),
        "--role".as_ref(),
        "translator".as_ref(),
    ]);
    assert_eq!(code, "conflict");
    assert!(message.contains("segment 1"), "{message}");
    assert_eq!(desk.snapshot(), before);
}
