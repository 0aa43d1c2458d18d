//! The translation memory through the `dragoman` command: a translated story
//! becomes memory, `tm lookup` and `suggest` offer it to a second story, with
//! numbers adapted and Arabic spellings folded.

use dragoman_e2e::Desk;

fn import(desk: &Desk, name: &str, paragraphs: &[&str]) -> i64 {
    let path = desk.dir.path().join(name);
    std::fs::write(
        &path,
        format!("---\nlanguage: ar\n---\n\n{}\n", paragraphs.join("\n\n")),
    )
    .unwrap();
    desk.json(["import".as_ref(), path.as_os_str()])[0]["id"]
        .as_i64()
        .unwrap()
}

#[test]
fn a_translated_story_helps_the_next_one() {
    let desk = Desk::new();
    let first = import(
        &desk,
        "first.md",
        &[
            "قتل 832 شخصا في عام 2019 بحسب التقرير",
            "التقى أحمد بالسفيرة في القاهرة",
        ],
    );
    for (n, text) in [
        (1, "832 people were killed in 2019, according to the report"),
        (2, "Ahmad met the ambassador in Cairo"),
    ] {
        desk.json([
            "translate",
            &first.to_string(),
            &n.to_string(),
            text,
            "--as",
            "Rana",
            "--role",
            "translator",
        ]);
    }

    let second = import(
        &desk,
        "second.md",
        &[
            "قتل ٥٠٠ شخصا في عام ٢٠٢٠ بحسب التقرير",
            "التقى احمد بالسفيره في دمشق",
        ],
    );
    let numbers = desk.json(["suggest", &second.to_string(), "1"]);
    let best = &numbers["matches"][0];
    assert_eq!(best["score"], 100, "{numbers:#}");
    assert_eq!(best["adapted"], true);
    assert_eq!(
        best["suggestion"],
        "500 people were killed in 2020, according to the report"
    );
    assert_eq!(best["origin"]["story"], first);

    // Five words, one different: 80%, below a bar of 90.
    let near = desk.json(["suggest", &second.to_string(), "2"]);
    assert_eq!(near["matches"][0]["score"], 80, "{near:#}");
    assert_eq!(
        near["matches"][0]["target"],
        "Ahmad met the ambassador in Cairo"
    );
    let strict = desk.json(["suggest", &second.to_string(), "2", "--min", "90"]);
    assert_eq!(strict["matches"], serde_json::json!([]));

    let looked_up = desk.json(["tm", "lookup", "التقى", "أحمد", "بالسفيرة", "في", "القاهرة"]);
    assert_eq!(looked_up[0]["score"], 100);

    // Concordance: a word in the contexts the desk has used it in, either side.
    let hits = desk.json(["tm", "concordance", "بالسفيره"]);
    assert_eq!(hits[0]["target"], "Ahmad met the ambassador in Cairo");
    let hits = desk.json(["tm", "concordance", "report"]);
    assert_eq!(hits.as_array().unwrap().len(), 1);

    // A score out of range is refused by the command line, with a reason.
    let out = desk.run(["tm", "lookup", "--min", "0", "نص"]);
    assert!(!out.status.success());
}

#[test]
fn a_tmx_from_another_tool_goes_in_and_comes_out() {
    let desk = Desk::new();
    let tmx = dragoman_e2e::corpus_dir().join("tmx/omegat.tmx");
    let done = desk.json(["tm".as_ref(), "import".as_ref(), tmx.as_os_str()]);
    assert_eq!(
        done,
        serde_json::json!({"added": 2, "already": 0, "skipped": 1})
    );
    let found = desk.json(["tm", "lookup", "قتل ٩ شخصا & أصيب ٢ ألف"]);
    assert_eq!(found[0]["origin"]["file"], "omegat.tmx");
    assert_eq!(found[0]["adapted"], true);

    let out = desk.dir.path().join("memory.tmx");
    let written = desk.json(["tm".as_ref(), "export".as_ref(), out.as_os_str()]);
    assert_eq!(written["units"], 2);
    let again = Desk::new();
    let back = again.json(["tm".as_ref(), "import".as_ref(), out.as_os_str()]);
    assert_eq!(back["added"], 2);

    let bad = desk.dir.path().join("bad.tmx");
    std::fs::write(&bad, "<tmx><body><tu><tuv xml:lang=\"ar\"><seg>نص</tuv>").unwrap();
    let out = desk.run([
        "tm".as_ref(),
        "import".as_ref(),
        bad.as_os_str(),
        "--json".as_ref(),
    ]);
    assert!(!out.status.success());
    let error: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(error["code"], "malformed");
    assert!(error["message"].as_str().unwrap().contains("line 1"));
}
