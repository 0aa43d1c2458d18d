//! `dragoman export` end to end: a story imported, translated, edited, verified and
//! published with the real binary, then exported as page, fragment and JSON; and
//! every refusal (unpublished, no publication name, broken template, bad
//! arguments) exits non-zero with `{code, message}` and writes nothing.

use std::path::Path;

use dragoman_e2e::Desk;
use serde_json::Value;

const SOURCE: &str = "---
title: اجتماع أمني سوري إيراني في طهران
source: al-Watan
source_url: https://alwatan.sy/archives/e2e-export
language: ar
published: 2023-01-08
---

التقى رئيس مكتب الأمن الوطني نظيره الإيراني في طهران.

وبحث الجانبان التعاون في مكافحة الإرهاب.
";

const DISCLAIMER: &str = "This article was translated and edited by The Syrian Observer. \
The Syrian Observer has not verified the content of this story.";

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

/// Imports `body` and takes it through the workflow to published; returns its id.
fn published(desk: &Desk, file: &str, body: &str, headline: &str) -> i64 {
    let path = desk.dir.path().join(file);
    std::fs::write(&path, body).unwrap();
    let id = desk.json(["import".as_ref(), path.as_os_str()])[0]["id"]
        .as_i64()
        .unwrap();
    let id_s = id.to_string();
    let t = ["--as", "Rana", "--role", "translator"];
    let e = ["--as", "Omar", "--role", "editor"];
    let run = |who: &[&str], args: &[&str]| {
        let out = desk.run(who.iter().chain(args));
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(
        &t,
        &[
            "translate",
            &id_s,
            "1",
            "The head of the National Security Bureau met his Iranian counterpart in *Tehran*.",
        ],
    );
    run(
        &t,
        &[
            "translate",
            &id_s,
            "2",
            "The two sides discussed cooperation against terrorism.",
        ],
    );
    run(&t, &["move", &id_s, "--to", "translated"]);
    run(
        &e,
        &[
            "edit",
            &id_s,
            "--headline",
            headline,
            "--standfirst",
            "Security chiefs met in Tehran, according to al-Watan.",
            "--keywords",
            "Syria, Iran",
        ],
    );
    run(&e, &["move", &id_s, "--to", "edited"]);
    run(
        &["--as", "Lina", "--role", "reviewer"],
        &[
            "verify",
            &id_s,
            "--not-verified",
            "--note",
            "Called the agency",
        ],
    );
    run(&e, &["move", &id_s, "--to", "published"]);
    id
}

#[test]
fn a_published_story_exports_in_every_format() {
    let desk = Desk::new();
    let id = published(&desk, "story.md", SOURCE, "Security Chiefs Meet in Tehran");
    let out = desk.dir.path().join("site");

    // Without a publication name nothing is written, and the message says what to do.
    let (code, message) = desk.refused(["export", &id.to_string(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, "publication_not_set");
    assert!(
        message.contains("dragoman settings publication"),
        "{message}"
    );
    assert!(files_in(&out).is_empty());

    desk.json(["settings", "publication", "The Syrian Observer"]);
    let written = desk.json(["export", &id.to_string(), "--out", out.to_str().unwrap()]);
    let page_path = out.join("security-chiefs-meet-in-tehran.html");
    assert_eq!(written[0]["id"], id);
    assert_eq!(written[0]["format"], "page");
    assert_eq!(written[0]["path"], page_path.to_str().unwrap());
    let page = std::fs::read_to_string(&page_path).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<h1>Security Chiefs Meet in Tehran</h1>"));
    assert!(page.contains("in <em>Tehran</em>."));
    assert!(page.contains(DISCLAIMER));
    assert!(page.contains("application/ld+json"));
    assert!(!page.contains("Preview"));

    let fragment = desk.json([
        "export",
        &id.to_string(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "fragment",
    ]);
    let fragment = std::fs::read_to_string(fragment[0]["path"].as_str().unwrap()).unwrap();
    assert!(fragment.starts_with("<div class=\"article-body\">"));
    assert!(fragment.contains(DISCLAIMER));
    assert!(!fragment.contains("<html"));

    let json = desk.json([
        "export",
        &id.to_string(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let item: Value =
        serde_json::from_str(&std::fs::read_to_string(json[0]["path"].as_str().unwrap()).unwrap())
            .unwrap();
    assert_eq!(item["headline"], "Security Chiefs Meet in Tehran");
    assert_eq!(item["pubstatus"], "usable");
    assert_eq!(item["dragoman"]["verification"], "not_verified");
    assert_eq!(item["body_html"], fragment);
    assert_eq!(
        files_in(&out),
        vec![
            "security-chiefs-meet-in-tehran.fragment.html",
            "security-chiefs-meet-in-tehran.html",
            "security-chiefs-meet-in-tehran.json",
        ]
    );

    // Human output: one line per file, id and path.
    let human = desk.run(["export", &id.to_string(), "--out", out.to_str().unwrap()]);
    assert!(human.status.success());
    assert_eq!(
        String::from_utf8(human.stdout).unwrap(),
        format!("{id}\t{}\n", page_path.display())
    );
}

#[test]
fn only_published_stories_export_unless_previewed() {
    let desk = Desk::new();
    desk.json(["settings", "publication", "The Syrian Observer"]);
    let done = published(&desk, "a.md", SOURCE, "Security Chiefs Meet in Tehran");
    let draft_file = desk.dir.path().join("b.txt");
    std::fs::write(&draft_file, "عنوان آخر\n\nفقرة واحدة.\n").unwrap();
    let draft = desk.json(["import".as_ref(), draft_file.as_os_str()])[0]["id"]
        .as_i64()
        .unwrap();
    let out = desk.dir.path().join("out");
    let out_s = out.to_str().unwrap();

    // One refused story stops the whole export before any file is written.
    let (code, message) = desk.refused([
        "export",
        &done.to_string(),
        &draft.to_string(),
        "--out",
        out_s,
    ]);
    assert_eq!(code, "not_published");
    assert!(message.contains("--preview"), "{message}");
    assert!(files_in(&out).is_empty());

    let previewed = desk.json(["export", &draft.to_string(), "--out", out_s, "--preview"]);
    let page = std::fs::read_to_string(previewed[0]["path"].as_str().unwrap()).unwrap();
    assert!(page.contains("Preview, not published."));
    assert!(page.contains("[Segment 1 is not translated yet.]"));

    let all = desk.dir.path().join("all");
    let written = desk.json(["export", "--all-published", "--out", all.to_str().unwrap()]);
    assert_eq!(written.as_array().unwrap().len(), 1);
    assert_eq!(written[0]["id"], done);
    assert_eq!(files_in(&all), vec!["security-chiefs-meet-in-tehran.html"]);
}

#[test]
fn the_export_folder_defaults_to_settings_then_home() {
    let desk = Desk::new();
    desk.json(["settings", "publication", "The Syrian Observer"]);
    let id = published(&desk, "a.md", SOURCE, "Security Chiefs Meet in Tehran");
    // HOME is the temporary folder: the default is ~/Dragoman/Published there.
    desk.json(["export", &id.to_string()]);
    let home_default = desk.dir.path().join("Dragoman").join("Published");
    assert_eq!(
        files_in(&home_default),
        vec!["security-chiefs-meet-in-tehran.html"]
    );
    let chosen = desk.dir.path().join("chosen");
    desk.json(["settings", "export_dir", chosen.to_str().unwrap()]);
    desk.json(["export", "--all-published"]);
    assert_eq!(
        files_in(&chosen),
        vec!["security-chiefs-meet-in-tehran.html"]
    );
}

#[test]
fn a_broken_template_is_reported_with_file_and_line_and_writes_nothing() {
    let desk = Desk::new();
    desk.json(["settings", "publication", "The Syrian Observer"]);
    let id = published(&desk, "a.md", SOURCE, "Security Chiefs Meet in Tehran");
    let templates = desk.dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    let fragment = templates.join("fragment.html");
    std::fs::write(
        &fragment,
        "<div>\n{% for block in body %}\n{{ block.html }\n",
    )
    .unwrap();
    desk.json(["settings", "template_dir", templates.to_str().unwrap()]);
    let out = desk.dir.path().join("out");
    let (code, message) = desk.refused(["export", &id.to_string(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, "template");
    assert!(message.contains(fragment.to_str().unwrap()), "{message}");
    assert!(message.contains("line 3"), "{message}");
    assert!(files_in(&out).is_empty());

    // A working override is used: the user's style sheet replaces the built-in one.
    std::fs::remove_file(&fragment).unwrap();
    std::fs::write(templates.join("style.css"), "body { color: navy; }\n").unwrap();
    let written = desk.json(["export", &id.to_string(), "--out", out.to_str().unwrap()]);
    let page = std::fs::read_to_string(written[0]["path"].as_str().unwrap()).unwrap();
    assert!(
        page.contains("<style>\nbody { color: navy; }\n</style>"),
        "{page}"
    );
}

#[test]
fn bad_arguments_are_refused() {
    let desk = Desk::new();
    assert_eq!(desk.refused(["export"]).0, "invalid_input");
    assert_eq!(
        desk.refused(["export", "1", "--format", "pdf"]).0,
        "invalid_input"
    );
    assert_eq!(
        desk.refused(["export", "99", "--preview"]).0,
        "story_not_found"
    );
    let both = desk.run(["export", "1", "--all-published"]);
    assert!(!both.status.success(), "ids and --all-published conflict");
    // Nothing published: a clear line, and success.
    let none = desk.run([
        "export",
        "--all-published",
        "--out",
        desk.dir.path().join("o").to_str().unwrap(),
    ]);
    assert!(none.status.success());
    assert_eq!(
        String::from_utf8(none.stdout).unwrap(),
        "no published stories to export\n"
    );
}
