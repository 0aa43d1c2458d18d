//! The checks through the `dragoman` command: NTREX 02 translated with one number
//! changed is found by `dragoman check`, refused at publishing with nothing
//! written, published by an editor over the checks with a reason the history
//! keeps; the checks a newsroom does not want are switched off in settings.

use dragoman_e2e::Desk;

const AS_RANA: [&str; 4] = ["--as", "Rana", "--role", "translator"];
const AS_OMAR: [&str; 4] = ["--as", "Omar", "--role", "editor"];

fn run(desk: &Desk, args: &[&str], who: [&str; 4]) -> serde_json::Value {
    desk.json(args.iter().copied().chain(who))
}

/// NTREX 02 (Arabic-Indic digits in its first line), translated from the NTREX
/// English with 380,000 changed to 38,000, edited and verified.
fn edited(desk: &Desk) -> String {
    let corpus = dragoman_e2e::corpus_dir().join("ntrex");
    let ar = std::fs::read_to_string(corpus.join("02.ar.txt")).unwrap();
    let en = std::fs::read_to_string(corpus.join("02.en.txt")).unwrap();
    let source = ar.replacen("832", "٨٣٢", 1);
    let file = desk.dir.path().join("02.md");
    let body: Vec<&str> = source.lines().collect();
    std::fs::write(
        &file,
        format!("---\nlanguage: ar\n---\n\n{}\n", body.join("\n\n")),
    )
    .unwrap();
    let id = desk.json(["import".as_ref(), file.as_os_str()])[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    for (i, line) in en.lines().enumerate() {
        let line = line.replace("380,000", "38,000");
        run(
            desk,
            &["translate", &id, &(i + 1).to_string(), &line],
            AS_RANA,
        );
    }
    run(desk, &["move", &id, "--to", "translated"], AS_RANA);
    run(
        desk,
        &[
            "edit",
            &id,
            "--headline",
            "Indonesia tsunami toll rises to 832",
            "--standfirst",
            "The toll rose to 832, the disaster agency said.",
        ],
        AS_OMAR,
    );
    run(desk, &["move", &id, "--to", "edited"], AS_OMAR);
    desk.json([
        "verify",
        &id,
        "--verified",
        "--note",
        "Called the disaster agency",
        "--as",
        "Lina",
        "--role",
        "reviewer",
    ]);
    desk.json(["settings", "publication", "The Syrian Observer"]);
    id
}

#[test]
fn a_changed_number_is_found_and_holds_publishing_until_an_editor_overrides() {
    let desk = Desk::new();
    let id = edited(&desk);
    let found = desk.json(["check", &id]);
    assert_eq!(
        found,
        serde_json::json!([{
            "check": "numbers",
            "severity": "error",
            "where": {"segment": 4},
            "message": "380,000 in the source is 38,000 in the translation",
            "source": "380,000",
            "target": "38,000",
        }])
    );
    let human = desk.run(["check", &id]);
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains(
            "error\tsegment 4\tnumbers\t380,000 in the source is 38,000 in the translation"
        ),
        "{text}"
    );
    assert!(
        text.contains("1 error, 0 warnings; errors stop publishing"),
        "{text}"
    );

    let before = desk.snapshot();
    let (code, message) = desk.refused(
        ["move", &id, "--to", "published"]
            .into_iter()
            .chain(AS_OMAR),
    );
    assert_eq!(code, "checks_failed");
    assert!(
        message.contains("segment 4: 380,000 in the source is 38,000 in the translation"),
        "{message}"
    );
    assert!(message.contains("--override-checks"), "{message}");
    assert_eq!(desk.snapshot(), before, "a refused publish changes nothing");

    let (code, _) = desk.refused(
        ["move", &id, "--to", "published", "--override-checks", " "]
            .into_iter()
            .chain(AS_OMAR),
    );
    assert_eq!(code, "note_required");
    run(
        &desk,
        &[
            "move",
            &id,
            "--to",
            "published",
            "--override-checks",
            "The agency's own figure",
        ],
        AS_OMAR,
    );
    let story = desk.json(["show", &id]);
    assert_eq!(story["status"], "published");
    let history = desk.json(["history", &id]);
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["note"], "The agency's own figure");
    assert_eq!(
        last["detail"],
        "published over 1 check error: segment 4: 380,000 in the source is 38,000 in the translation"
    );
}

#[test]
fn checks_switched_off_in_settings_say_nothing() {
    let desk = Desk::new();
    let id = edited(&desk);
    let (code, message) = desk.refused(["settings", "checks_off", "numbers,colour"]);
    assert_eq!(code, "invalid_input");
    assert!(message.contains("'colour' is not a check"), "{message}");
    desk.json(["settings", "checks_off", "numbers, spacing"]);
    assert_eq!(desk.json(["check", &id]), serde_json::json!([]));
    run(&desk, &["move", &id, "--to", "published"], AS_OMAR);
    let (code, _) = desk.refused(["settings", "length_ratio", "3-1"]);
    assert_eq!(code, "invalid_input");
}
