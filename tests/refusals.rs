//! Every illegal move, wrong role, stale version and missing field is refused with
//! its own code, a message, a non-zero exit — and the store does not change.
//! Also: corrections, segment structure, revisions and per-file import reports.

use dragoman_e2e::Desk;

const TRANSLATOR: [&str; 4] = ["--as", "Rana", "--role", "translator"];
const EDITOR: [&str; 4] = ["--as", "Omar", "--role", "editor"];
const REVIEWER: [&str; 4] = ["--as", "Lina", "--role", "reviewer"];

fn with<'a>(who: [&'a str; 4], args: &[&'a str]) -> Vec<&'a str> {
    who.iter().copied().chain(args.iter().copied()).collect()
}

/// A story with two source paragraphs, imported; returns the desk and its id.
fn desk_with_story() -> (Desk, String) {
    let desk = Desk::new();
    let file = desk.dir.path().join("story.md");
    std::fs::write(
        &file,
        "---\ntitle: اجتماع أمني في طهران\nsource: al-Watan\nlanguage: ar\n---\n\nالفقرة الأولى.\n\nالفقرة الثانية.\n",
    )
    .unwrap();
    let id = desk.json(["import".as_ref(), file.as_os_str()])[0]["id"].to_string();
    (desk, id)
}

/// Asserts that running `args` is refused with `code` and leaves the store as it was.
fn refused(desk: &Desk, args: &[&str], code: &str) -> String {
    let before = desk.snapshot();
    let (got, message) = desk.refused(args);
    assert_eq!(got, code, "{args:?}: {message}");
    assert!(!message.is_empty());
    assert_eq!(
        desk.snapshot(),
        before,
        "{args:?} was refused but changed the store"
    );
    // Without --json the same refusal is a sentence on stderr and a failing exit code.
    let out = desk.run(args);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&message), "{stderr}");
    message
}

#[test]
fn refusals_each_have_their_code_and_change_nothing() {
    let (desk, id) = desk_with_story();
    let id = id.as_str();

    // Illegal moves.
    refused(
        &desk,
        &with(EDITOR, &["move", id, "--to", "published"]),
        "illegal_move",
    );
    refused(
        &desk,
        &with(EDITOR, &["move", id, "--to", "edited"]),
        "illegal_move",
    );
    refused(
        &desk,
        &with(EDITOR, &["move", id, "--to", "draft"]),
        "illegal_move",
    );
    refused(
        &desk,
        &with(EDITOR, &["move", id, "--to", "sideways"]),
        "invalid_input",
    );

    // Wrong roles.
    refused(
        &desk,
        &with(REVIEWER, &["move", id, "--to", "translated"]),
        "forbidden",
    );
    refused(
        &desk,
        &with(REVIEWER, &["translate", id, "1", "text"]),
        "forbidden",
    );
    refused(
        &desk,
        &with(TRANSLATOR, &["verify", id, "--verified"]),
        "forbidden",
    );
    refused(
        &desk,
        &with(EDITOR, &["verify", id, "--verified"]),
        "forbidden",
    );

    // Untranslated segments, then a missing field.
    let message = refused(
        &desk,
        &with(TRANSLATOR, &["move", id, "--to", "translated"]),
        "untranslated_segments",
    );
    assert!(
        message.contains("2 segments with source text are not done yet"),
        "{message}"
    );
    desk.json(with(
        TRANSLATOR,
        &["translate", id, "1", "The first paragraph."],
    ));
    refused(
        &desk,
        &with(TRANSLATOR, &["move", id, "--to", "translated"]),
        "untranslated_segments",
    );
    desk.json(with(
        TRANSLATOR,
        &["translate", id, "2", "The second.", "--draft"],
    ));
    refused(
        &desk,
        &with(TRANSLATOR, &["move", id, "--to", "translated"]),
        "untranslated_segments",
    );
    desk.json(with(
        TRANSLATOR,
        &["translate", id, "2", "The second paragraph."],
    ));
    desk.json(with(TRANSLATOR, &["move", id, "--to", "translated"]));
    refused(
        &desk,
        &with(TRANSLATOR, &["move", id, "--to", "edited"]),
        "forbidden",
    );
    let message = refused(
        &desk,
        &with(EDITOR, &["move", id, "--to", "edited"]),
        "missing_field",
    );
    assert!(message.contains("headline"), "{message}");
    desk.json(with(
        EDITOR,
        &["edit", id, "--headline", "Security Meeting in Tehran"],
    ));
    let message = refused(
        &desk,
        &with(EDITOR, &["move", id, "--to", "edited"]),
        "missing_field",
    );
    assert!(message.contains("standfirst"), "{message}");
    desk.json(with(
        EDITOR,
        &[
            "edit",
            id,
            "--standfirst",
            "Security chiefs met, according to al-Watan.",
        ],
    ));
    desk.json(with(EDITOR, &["move", id, "--to", "edited"]));

    // Back moves need a note; publishing needs a verification.
    refused(
        &desk,
        &with(EDITOR, &["move", id, "--to", "translated"]),
        "note_required",
    );
    refused(
        &desk,
        &with(EDITOR, &["move", id, "--to", "published"]),
        "verification_undecided",
    );
    // A verification says what was checked (the desk asks for four eyes by default).
    refused(
        &desk,
        &with(REVIEWER, &["verify", id, "--not-verified"]),
        "note_required",
    );
    desk.json(with(
        REVIEWER,
        &[
            "verify",
            id,
            "--not-verified",
            "--note",
            "Called the agency",
        ],
    ));

    // The story's translator does not publish it while the desk asks for four eyes.
    let message = refused(
        &desk,
        &with(
            ["--as", "Rana", "--role", "editor"],
            &["move", id, "--to", "published"],
        ),
        "four_eyes",
    );
    assert!(message.contains("Rana translated this story"), "{message}");

    // A stale version.
    let version = desk.json(["show", id])["version"].as_i64().unwrap();
    let stale = (version - 1).to_string();
    let message = refused(
        &desk,
        &with(
            EDITOR,
            &["--if-version", &stale, "move", id, "--to", "published"],
        ),
        "conflict",
    );
    assert!(message.contains(&format!("now {version}")), "{message}");
    refused(
        &desk,
        &with(
            TRANSLATOR,
            &["--if-version", &stale, "translate", id, "1", "Overwrite"],
        ),
        "conflict",
    );
    desk.json(with(
        EDITOR,
        &[
            "--if-version",
            &version.to_string(),
            "move",
            id,
            "--to",
            "published",
        ],
    ));

    // Published is frozen.
    refused(
        &desk,
        &with(TRANSLATOR, &["translate", id, "1", "Changed"]),
        "frozen",
    );
    refused(
        &desk,
        &with(EDITOR, &["edit", id, "--headline", "Changed"]),
        "frozen",
    );
    refused(
        &desk,
        &with(EDITOR, &["segment", id, "delete", "1"]),
        "frozen",
    );
    refused(
        &desk,
        &with(
            REVIEWER,
            &["verify", id, "--verified", "--note", "Called the agency"],
        ),
        "frozen",
    );
    refused(
        &desk,
        &with(EDITOR, &["move", id, "--to", "edited"]),
        "illegal_move",
    );
    refused(
        &desk,
        &with(TRANSLATOR, &["correct", id, "--note", "x"]),
        "forbidden",
    );

    // Identity, missing stories, bad input.
    refused(&desk, &["translate", id, "1", "text"], "identity_required");
    refused(&desk, &with(EDITOR, &["show", "999"]), "story_not_found");
    refused(
        &desk,
        &with(EDITOR, &["correct", "999", "--note", "x"]),
        "story_not_found",
    );
    refused(
        &desk,
        &["--as", "Omar", "--role", "boss", "show", id],
        "invalid_input",
    );
    refused(&desk, &["settings", "colour", "blue"], "invalid_input");
}

#[test]
fn a_story_whose_source_paragraphs_were_all_deleted_is_not_translated() {
    let (desk, id) = desk_with_story();
    let id = id.as_str();
    // An editor's own line stays; both source paragraphs go.
    desk.json(with(
        EDITOR,
        &["segment", id, "insert", "3", "Read also: an earlier story"],
    ));
    desk.json(with(TRANSLATOR, &["segment", id, "delete", "1"]));
    desk.json(with(TRANSLATOR, &["segment", id, "delete", "1"]));
    let story = desk.json(["show", id]);
    assert_eq!(story["segments"].as_array().unwrap().len(), 1);
    let message = refused(
        &desk,
        &with(TRANSLATOR, &["move", id, "--to", "translated"]),
        "no_source_text",
    );
    assert!(message.contains("nothing it translates"), "{message}");
}

#[test]
fn corrections_reopen_and_are_recorded() {
    let (desk, id) = desk_with_story();
    let id = id.as_str();
    desk.json(with(TRANSLATOR, &["translate", id, "1", "One."]));
    desk.json(with(TRANSLATOR, &["translate", id, "2", "Two."]));
    desk.json(with(TRANSLATOR, &["move", id, "--to", "translated"]));
    desk.json(with(
        EDITOR,
        &["edit", id, "--headline", "H", "--standfirst", "S"],
    ));
    desk.json(with(EDITOR, &["move", id, "--to", "edited"]));
    desk.json(with(
        REVIEWER,
        &["verify", id, "--verified", "--note", "Called the agency"],
    ));
    desk.json(with(EDITOR, &["move", id, "--to", "published"]));
    let first = desk.json(["show", id])["first_published_at"].clone();

    refused(
        &desk,
        &with(EDITOR, &["correct", id, "--note", "  "]),
        "invalid_input",
    );
    desk.json(with(
        EDITOR,
        &[
            "correct",
            id,
            "--note",
            "The second paragraph misnamed the minister.",
        ],
    ));
    let story = desk.json(["show", id]);
    assert_eq!(story["status"], "edited");
    assert_eq!(
        story["corrections"][0]["note"],
        "The second paragraph misnamed the minister."
    );
    assert!(story["corrections"][0]["published_at"].is_null());
    refused(
        &desk,
        &with(EDITOR, &["correct", id, "--note", "again"]),
        "not_published",
    );

    desk.json(with(TRANSLATOR, &["translate", id, "2", "Two, corrected."]));
    desk.json(with(EDITOR, &["move", id, "--to", "published"]));
    let story = desk.json(["show", id]);
    assert_eq!(story["status"], "published");
    assert_eq!(story["first_published_at"], first);
    assert!(story["corrections"][0]["published_at"].is_string());
    let history = desk.json(["history", id]);
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.ends_with(&["move", "correct", "translate", "move"]),
        "{actions:?}"
    );
    assert_eq!(
        history.as_array().unwrap().last().unwrap()["detail"],
        "correction published"
    );
}

#[test]
fn segments_split_merge_insert_move_delete() {
    let (desk, id) = desk_with_story();
    let id = id.as_str();
    let segs = |desk: &Desk| -> Vec<(String, String, String)> {
        desk.json(["show", id])["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["source"].as_str().unwrap().into(),
                    s["target"].as_str().unwrap().into(),
                    s["state"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    // "الفقرة الأولى." split after "الفقرة" (6 characters).
    desk.json(with(TRANSLATOR, &["segment", id, "split", "1", "6"]));
    assert_eq!(
        segs(&desk).iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
        vec!["الفقرة", "الأولى.", "الفقرة الثانية."]
    );
    refused(
        &desk,
        &with(TRANSLATOR, &["segment", id, "split", "1", "0"]),
        "invalid_input",
    );
    refused(
        &desk,
        &with(TRANSLATOR, &["segment", id, "split", "1", "99"]),
        "invalid_input",
    );
    desk.json(with(TRANSLATOR, &["segment", id, "merge", "1"]));
    assert_eq!(segs(&desk)[0].0, "الفقرة الأولى.");
    refused(
        &desk,
        &with(TRANSLATOR, &["segment", id, "merge", "2"]),
        "invalid_input",
    );

    desk.json(with(
        EDITOR,
        &[
            "segment",
            id,
            "insert",
            "2",
            "Read Also: [Earlier talks](https://example.org/a)",
        ],
    ));
    let s = segs(&desk);
    assert_eq!(s.len(), 3);
    assert_eq!(
        s[1],
        (
            "".into(),
            "Read Also: [Earlier talks](https://example.org/a)".into(),
            "done".into()
        )
    );
    refused(
        &desk,
        &with(EDITOR, &["segment", id, "insert", "9", "x"]),
        "invalid_input",
    );
    refused(
        &desk,
        &with(EDITOR, &["segment", id, "delete", "4"]),
        "segment_not_found",
    );

    desk.json(with(EDITOR, &["segment", id, "move", "2", "3"]));
    assert_eq!(
        segs(&desk)[2].1,
        "Read Also: [Earlier talks](https://example.org/a)"
    );
    desk.json(with(EDITOR, &["segment", id, "delete", "3"]));
    assert_eq!(segs(&desk).len(), 2);

    // An inserted segment without source does not block "translated".
    desk.json(with(
        EDITOR,
        &["segment", id, "insert", "3", "Editor's note."],
    ));
    desk.json(with(TRANSLATOR, &["translate", id, "1", "One."]));
    desk.json(with(TRANSLATOR, &["translate", id, "2", "Two."]));
    desk.json(with(TRANSLATOR, &["move", id, "--to", "translated"]));
}

#[test]
fn revisions_list_compare_and_restore() {
    let (desk, id) = desk_with_story();
    let id = id.as_str();
    desk.json(with(
        TRANSLATOR,
        &["translate", id, "1", "Mamlouk met Shamkhani in Tehran"],
    ));
    desk.json(with(
        TRANSLATOR,
        &[
            "translate",
            id,
            "1",
            "Mamlouk met Ali Shamkhani in Tehran on Monday",
        ],
    ));
    desk.json(with(EDITOR, &["edit", id, "--headline", "First"]));
    desk.json(with(EDITOR, &["edit", id, "--headline", "Second"]));
    let revisions = desk.json(["revisions", id]);
    let list = revisions.as_array().unwrap();
    assert_eq!(list.len(), 4);
    assert_eq!(list[0]["field"], "segment");
    assert_eq!(list[0]["segment_no"], 1);
    assert_eq!(list[2]["field"], "headline");

    let diff = desk.run(["diff", id, "1", "2"]);
    assert_eq!(
        String::from_utf8_lossy(&diff.stdout).trim(),
        "Mamlouk met {+Ali +}Shamkhani in Tehran{+ on Monday+}"
    );
    refused(&desk, &["diff", id, "1", "99"], "revision_not_found");

    desk.json(with(EDITOR, &["restore", id, "3"]));
    let story = desk.json(["show", id]);
    assert_eq!(story["headline"], "First");
    desk.json(with(EDITOR, &["restore", id, "1"]));
    let story = desk.json(["show", id]);
    assert_eq!(
        story["segments"][0]["target"],
        "Mamlouk met Shamkhani in Tehran"
    );
    assert_eq!(
        story["segments"][0]["state"], "draft",
        "a restored text is checked again"
    );
    let revisions = desk.json(["revisions", id]);
    assert_eq!(
        revisions.as_array().unwrap().len(),
        6,
        "a restore is a new revision"
    );
    assert_eq!(
        desk.json(["history", id])
            .as_array()
            .unwrap()
            .last()
            .unwrap()["action"],
        "restore"
    );

    // A revision of a segment that is gone cannot be restored.
    desk.json(with(EDITOR, &["segment", id, "delete", "1"]));
    refused(&desk, &with(EDITOR, &["restore", id, "1"]), "invalid_input");
}

#[test]
fn import_reports_each_file_and_keeps_going() {
    let desk = Desk::new();
    let dir = desk.dir.path();
    let good = dir.join("good.txt");
    std::fs::write(&good, "Headline\nA paragraph.\n").unwrap();
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.join("photo.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let latin1 = dir.join("latin1.txt");
    std::fs::write(&latin1, b"Caf\xe9\nPremier paragraphe.\n").unwrap();
    let huge = dir.join("huge.txt");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(9 * 1024 * 1024)
        .unwrap();
    let missing = dir.join("missing.txt");

    let files = [&good, &empty, &binary, &latin1, &huge, &missing];
    let out = desk.run(
        ["--json".as_ref(), "import".as_ref()]
            .into_iter()
            .chain(files.map(|p| p.as_os_str())),
    );
    assert!(
        !out.status.success(),
        "some files failed, so the exit code says so"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<String> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["error"]["code"]
                .as_str()
                .map_or_else(|| format!("id {}", r["id"]), str::to_string)
        })
        .collect();
    assert_eq!(
        codes,
        vec![
            "id 1",
            "empty_file",
            "binary_file",
            "invalid_utf8",
            "too_large",
            "unreadable"
        ]
    );
    assert!(report[4]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("huge.txt"));
    assert_eq!(desk.json(["list"]).as_array().unwrap().len(), 1);
}

#[test]
fn a_newer_store_is_refused_untouched() {
    let desk = Desk::new();
    {
        let conn = rusqlite::Connection::open(&desk.db).unwrap();
        conn.execute_batch("CREATE TABLE future(x); PRAGMA user_version = 42;")
            .unwrap();
    }
    let before = std::fs::read(&desk.db).unwrap();
    let (code, message) = desk.refused(["list"]);
    assert_eq!(code, "store_too_new");
    assert!(message.contains("newer Dragoman"), "{message}");
    assert_eq!(std::fs::read(&desk.db).unwrap(), before);
}

#[test]
fn a_new_store_is_announced_and_a_foreign_database_is_refused() {
    let desk = Desk::new();
    let out = desk.run(["list"]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("a new, empty one was created"), "{said}");
    let again = desk.run(["list"]);
    assert!(String::from_utf8_lossy(&again.stderr).is_empty());

    let other = desk.dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x);")
        .unwrap();
    let before = std::fs::read(&other).unwrap();
    let out = std::process::Command::new(dragoman_e2e::dragoman_bin())
        .args(["--json", "--db"])
        .arg(&other)
        .arg("list")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["code"], "foreign_store");
    assert_eq!(std::fs::read(&other).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn a_pipe_is_refused_instead_of_waited_on() {
    let desk = Desk::new();
    let fifo = desk.dir.path().join("story.md");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let out = desk.run(["--json".as_ref(), "import".as_ref(), fifo.as_os_str()]);
    assert!(!out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report[0]["error"]["code"], "not_a_file");
    let (code, _) = desk.refused([
        "translate".as_ref(),
        "1".as_ref(),
        "1".as_ref(),
        "--file".as_ref(),
        fifo.as_os_str(),
    ]);
    assert_eq!(code, "not_a_file");
}

#[test]
fn control_sequences_in_a_title_never_reach_the_terminal() {
    let desk = Desk::new();
    let file = desk.dir.path().join("hostile.txt");
    std::fs::write(
        &file,
        "Title\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}1m\nالفقرة الأولى.\n",
    )
    .unwrap();
    let out = desk.run(["import".as_ref(), file.as_os_str()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for args in [vec!["show", "1"], vec!["list"]] {
        let out = desk.run(&args);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Title␛]0;pwned"), "{text}");
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{args:?} printed a control character: {text:?}"
        );
    }
    let out = desk.run(["--json", "show", "1"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    let story: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(story["source"]["headline"]
        .as_str()
        .unwrap()
        .starts_with("Title\u{1b}]0;pwned"));
}

#[test]
fn the_home_folder_is_never_watched_or_set_as_a_folder() {
    let desk = Desk::new();
    let home = desk.dir.path().display().to_string();
    for key in ["inbox_dir", "export_dir", "template_dir"] {
        let (code, message) = desk.refused(["settings", key, home.as_str()]);
        assert_eq!(code, "invalid_input", "{key}: {message}");
        assert!(message.contains("home folder"), "{message}");
    }
    let (code, message) = desk.refused(["watch", home.as_str()]);
    assert_eq!(code, "invalid_input", "{message}");
}
