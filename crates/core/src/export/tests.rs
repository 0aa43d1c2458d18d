//! Export against a real store in a temporary folder.

use chrono::TimeZone;
use scraper::{Html, Selector};

use super::*;
use crate::desk::{SegmentOp, StoryEdit};
use crate::ingest::Intake;
use crate::model::{Actor, Role, Source};

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 3, 14, 9, minute, 0).unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    desk: Desk,
}

fn translator() -> Actor {
    Actor::new("Rana Haddad", Role::Translator)
}
fn editor() -> Actor {
    Actor::new("Omar Khalil", Role::Editor)
}
fn reviewer() -> Actor {
    Actor::new("Lina Saad", Role::Reviewer)
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(&dir.path().join("desk.db")).unwrap();
        Fixture { _dir: dir, desk }
    }

    /// A story with `paragraphs` translated as given, headline and standfirst set,
    /// moved to edited; not yet verified or published.
    fn edited(&mut self, headline: &str, paragraphs: &[&str]) -> i64 {
        // Each story its own article: a second one at the first's address
        // would be taken for a newer version of it.
        let url = match self.desk.count(&Default::default()).unwrap() {
            0 => "https://alwatan.sy/archives/290331".to_string(),
            n => format!("https://alwatan.sy/archives/{}", 290331 + n),
        };
        let intake = Intake {
            source: Source {
                name: "al-Watan".into(),
                url,
                language: "ar".into(),
                headline: format!("عنوان {headline}"),
                date: "2023-03-13".into(),
                author: String::new(),
            },
            // Distinct paragraphs with no number or Latin name in them, so the
            // translations below pass the checks that publishing runs.
            paragraphs: (1..=paragraphs.len())
                .map(|i| format!("فقرة {} من المقال", "ب".repeat(i)))
                .collect(),
            origin: None,
        };
        let id = self.desk.import(&[intake], None, at(0)).unwrap()[0]
            .as_ref()
            .unwrap()
            .id;
        for (i, text) in paragraphs.iter().enumerate() {
            self.desk
                .translate(id, None, i + 1, text, None, &translator(), at(1))
                .unwrap();
        }
        self.desk
            .move_to(id, None, Status::Translated, None, &translator(), at(2))
            .unwrap();
        let edit = StoryEdit {
            headline: Some(headline.into()),
            standfirst: Some(format!("A summary of {headline}, according to al-Watan.")),
            keywords: Some(vec!["Syria".into(), "Iran".into()]),
            ..Default::default()
        };
        self.desk.edit(id, None, &edit, &editor(), at(3)).unwrap();
        self.desk
            .move_to(id, None, Status::Edited, None, &editor(), at(4))
            .unwrap();
        id
    }

    fn publish(&mut self, id: i64, verification: Verification) {
        self.desk
            .verify(
                id,
                None,
                verification,
                "Checked the figures against the agency statement",
                &reviewer(),
                at(5),
            )
            .unwrap();
        self.desk
            .move_to(id, None, Status::Published, None, &editor(), at(6))
            .unwrap();
    }

    fn published(&mut self, headline: &str, verification: Verification) -> i64 {
        let id = self.edited(headline, &["First paragraph.", "Second *paragraph*."]);
        self.publish(id, verification);
        id
    }

    fn named(mut self, publication: &str) -> Self {
        self.desk.set_setting("publication", publication).unwrap();
        self
    }
}

fn texts(html: &str, selector: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|e| crate::text::normalize_inline(&e.text().collect::<String>()))
        .collect()
}

const SEED_DISCLAIMER: &str = "This article was translated and edited by The Syrian Observer. \
The Syrian Observer has not verified the content of this story. Responsibility for the \
information and views set out in this article lies entirely with the author.";

fn observer() -> Publication {
    Publication {
        name: "The Syrian Observer".into(),
        disclaimer_translated: crate::settings::DEFAULT_DISCLAIMER_TRANSLATED.into(),
        disclaimer_not_verified: crate::settings::DEFAULT_DISCLAIMER_NOT_VERIFIED.into(),
    }
}

fn preview() -> Options {
    Options { preview: true }
}

#[test]
fn the_disclaimer_follows_verification() {
    let p = observer();
    assert_eq!(disclaimer(&p, Verification::NotVerified), SEED_DISCLAIMER);
    assert_eq!(disclaimer(&p, Verification::Unreviewed), SEED_DISCLAIMER);
    assert_eq!(
        disclaimer(&p, Verification::Verified),
        "This article was translated and edited by The Syrian Observer."
    );
    let typed = Publication {
        name: " Levant Wire ".into(),
        disclaimer_translated: "Translated by {publication} staff.".into(),
        disclaimer_not_verified: "".into(),
    };
    assert_eq!(
        disclaimer(&typed, Verification::NotVerified),
        "Translated by Levant Wire staff."
    );
    let unnamed = Publication {
        name: "".into(),
        ..observer()
    };
    assert!(disclaimer(&unnamed, Verification::Verified).contains("[publication name not set]"));
}

#[test]
fn a_published_story_renders_in_the_seed_order() {
    let mut f = Fixture::new().named("The Syrian Observer");
    let other = f.published("Hezbollah Running Secret Prison", Verification::Verified);
    let id = f.edited("Intelligence Meeting", &["One.", "Two."]);
    f.desk
        .segment(
            id,
            None,
            &SegmentOp::ReadAlso {
                no: 2,
                related: other,
            },
            &editor(),
            at(4),
        )
        .unwrap();
    f.publish(id, Verification::NotVerified);
    let html = render(&f.desk, id, Format::Page, &Options::default(), at(30)).unwrap();
    let blocks = texts(&html, "article h1, article p, article h2, article li");
    assert_eq!(
        blocks,
        vec![
            "Intelligence Meeting",
            "A summary of Intelligence Meeting, according to al-Watan.",
            "One.",
            "Read Also: Hezbollah Running Secret Prison",
            "Two.",
            SEED_DISCLAIMER,
            "Helpful keywords",
            "Syria",
            "Iran",
        ]
    );
    let doc = Html::parse_document(&html);
    let link = doc
        .select(&Selector::parse(".read-also a").unwrap())
        .next()
        .unwrap();
    assert_eq!(
        link.value().attr("href"),
        Some("hezbollah-running-secret-prison.html")
    );
    let root = doc.root_element();
    assert_eq!(root.value().attr("lang"), Some("en"));
    assert_eq!(root.value().attr("dir"), Some("ltr"));
    assert_eq!(
        texts(&html, "title"),
        vec!["Intelligence Meeting | The Syrian Observer"]
    );
    assert_eq!(
        texts(&html, ".credit"),
        vec!["Translated by Rana Haddad; edited by Omar Khalil."]
    );
    let source = doc
        .select(&Selector::parse(".source a").unwrap())
        .next()
        .unwrap();
    assert_eq!(
        source.value().attr("href"),
        Some("https://alwatan.sy/archives/290332")
    );
    assert!(
        !html.contains("Preview"),
        "a real export is not marked as a preview"
    );
}

#[test]
fn json_ld_carries_the_news_article() {
    let mut f = Fixture::new().named("The Syrian Observer");
    let id = f.published("Meeting in Tehran", Verification::NotVerified);
    let html = render(&f.desk, id, Format::Page, &Options::default(), at(30)).unwrap();
    let doc = Html::parse_document(&html);
    let scripts: Vec<_> = doc.select(&Selector::parse("script").unwrap()).collect();
    assert_eq!(scripts.len(), 1);
    assert_eq!(scripts[0].value().attr("type"), Some("application/ld+json"));
    let data: serde_json::Value =
        serde_json::from_str(&scripts[0].text().collect::<String>()).unwrap();
    assert_eq!(data["@type"], "NewsArticle");
    assert_eq!(data["headline"], "Meeting in Tehran");
    assert_eq!(
        data["description"],
        "A summary of Meeting in Tehran, according to al-Watan."
    );
    assert_eq!(data["datePublished"], "2023-03-14T09:06:00.000Z");
    assert_eq!(data["dateModified"], "2023-03-14T09:06:00.000Z");
    assert_eq!(data["inLanguage"], "en");
    assert_eq!(data["isBasedOn"], "https://alwatan.sy/archives/290331");
    assert_eq!(data["translator"]["name"], "Rana Haddad");
    assert_eq!(data["editor"]["name"], "Omar Khalil");
    assert_eq!(data["keywords"], serde_json::json!(["Syria", "Iran"]));
    assert_eq!(data["publisher"]["name"], "The Syrian Observer");
}

#[test]
fn a_read_also_line_outlives_the_related_list() {
    let mut f = Fixture::new().named("The Syrian Observer");
    let translated = f.edited("Hezbollah Running Secret Prison", &["x"]);
    // A story without a translated headline yet: its line shows the source's.
    let untranslated = f
        .desk
        .import(
            &[Intake {
                source: Source {
                    name: "Enab Baladi".into(),
                    headline: "سجن سري".into(),
                    ..Default::default()
                },
                paragraphs: vec!["فقرة".into()],
                origin: None,
            }],
            None,
            at(0),
        )
        .unwrap()[0]
        .as_ref()
        .unwrap()
        .id;
    let id = f.edited("Intelligence Meeting", &["One.", "Two."]);
    for (no, related) in [(2, translated), (4, untranslated)] {
        f.desk
            .segment(
                id,
                None,
                &SegmentOp::ReadAlso { no, related },
                &editor(),
                at(4),
            )
            .unwrap();
    }
    // The editor then empties the related list; the lines stay in the text.
    let edit = StoryEdit {
        related: Some(vec![]),
        ..Default::default()
    };
    f.desk.edit(id, None, &edit, &editor(), at(5)).unwrap();
    let article = Article::load(&f.desk, id).unwrap();
    assert!(article.story.related.is_empty());
    assert_eq!(
        article.links.keys().copied().collect::<Vec<_>>(),
        vec![translated, untranslated]
    );
    let html = Renderer::new(&ExportSettings::from_desk(&f.desk).unwrap())
        .unwrap()
        .render(&article, Format::Page, &preview(), at(30))
        .unwrap();
    assert_eq!(
        texts(&html, ".read-also"),
        vec![
            "Read Also: Hezbollah Running Secret Prison",
            "Read Also: سجن سري"
        ]
    );
    let slug = f.desk.story(untranslated).unwrap().slug;
    let doc = Html::parse_document(&html);
    let hrefs: Vec<_> = doc
        .select(&Selector::parse(".read-also a").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        hrefs,
        vec![
            "hezbollah-running-secret-prison.html".to_string(),
            format!("{}.html", file_stem(&slug, untranslated)),
        ]
    );
}

#[test]
fn only_published_stories_export_unless_previewed() {
    let mut f = Fixture::new().named("The Syrian Observer");
    let id = f.edited("Draft Story", &["Body."]);
    let err = render(&f.desk, id, Format::Page, &Options::default(), at(30)).unwrap_err();
    assert_eq!(err.code(), "not_published");
    assert!(err.to_string().contains("a preview shows it"), "{err}");
    let html = render(&f.desk, id, Format::Page, &preview(), at(30)).unwrap();
    assert_eq!(
        texts(&html, ".preview-notice"),
        vec!["Preview, not published. Generated 14 March 2023, 09:30 UTC."]
    );
    assert!(texts(&html, "title")[0].starts_with("[Preview] "));
    let json: serde_json::Value =
        serde_json::from_str(&render(&f.desk, id, Format::Json, &preview(), at(30)).unwrap())
            .unwrap();
    assert_eq!(json["pubstatus"], "withheld");
    assert_eq!(json["dragoman"]["preview"], true);
    let fragment = render(&f.desk, id, Format::Fragment, &preview(), at(30)).unwrap();
    assert!(fragment.contains("preview-notice"), "{fragment}");
}

#[test]
fn a_preview_shows_untranslated_segments() {
    let mut f = Fixture::new().named("X");
    let intake = Intake {
        source: Source {
            name: "SANA".into(),
            ..Default::default()
        },
        paragraphs: vec!["فقرة".into(), "ثانية".into()],
        origin: None,
    };
    let id = f.desk.import(&[intake], None, at(0)).unwrap()[0]
        .as_ref()
        .unwrap()
        .id;
    f.desk
        .translate(id, None, 1, "Done one.", None, &translator(), at(1))
        .unwrap();
    let html = render(&f.desk, id, Format::Page, &preview(), at(2)).unwrap();
    assert_eq!(
        texts(&html, ".article-body p"),
        vec![
            "Done one.",
            "[Segment 2 is not translated yet.]",
            "This article was translated and edited by X. X has not verified the content of \
             this story. Responsibility for the information and views set out in this article \
             lies entirely with the author."
        ]
    );
}

#[test]
fn a_real_export_needs_the_publication_name() {
    let mut f = Fixture::new();
    let id = f.published("Nameless", Verification::Verified);
    let err = render(&f.desk, id, Format::Page, &Options::default(), at(30)).unwrap_err();
    assert_eq!(err.code(), "publication_not_set");
    assert!(
        err.to_string()
            .contains("set the publication in the settings"),
        "{err}"
    );
    let html = render(&f.desk, id, Format::Page, &preview(), at(30)).unwrap();
    assert!(html.contains("[publication name not set]"));
}

#[test]
fn a_verified_story_drops_the_not_verified_sentence() {
    let mut f = Fixture::new().named("The Syrian Observer");
    let id = f.published("Checked", Verification::Verified);
    let html = render(&f.desk, id, Format::Page, &Options::default(), at(30)).unwrap();
    assert_eq!(
        texts(&html, ".disclaimer"),
        vec!["This article was translated and edited by The Syrian Observer."]
    );
}

#[test]
fn a_corrected_story_shows_its_note() {
    let mut f = Fixture::new().named("The Syrian Observer");
    let id = f.published("Corrected", Verification::NotVerified);
    f.desk
        .correct(
            id,
            None,
            "An earlier version misspelt Mamlouk.",
            &editor(),
            at(10),
        )
        .unwrap();
    let before = render(&f.desk, id, Format::Page, &preview(), at(11)).unwrap();
    assert_eq!(
        texts(&before, ".correction"),
        vec!["Correction (not yet published): An earlier version misspelt Mamlouk."]
    );
    f.desk
        .move_to(id, None, Status::Published, None, &editor(), at(12))
        .unwrap();
    let html = render(&f.desk, id, Format::Page, &Options::default(), at(13)).unwrap();
    assert_eq!(
        texts(&html, ".correction"),
        vec!["Correction (2023-03-14): An earlier version misspelt Mamlouk."]
    );
    let blocks = texts(&html, ".article-body p");
    assert_eq!(
        blocks.len(),
        4,
        "two paragraphs, the correction, the disclaimer"
    );
    assert!(blocks[3].starts_with("This article was translated"));
}

#[test]
fn a_right_to_left_translation_gets_its_direction() {
    let mut f = Fixture::new().named("الرصد");
    let id = f.edited("Arabic edition", &["نص."]);
    let edit = StoryEdit {
        language: Some("ar".into()),
        ..Default::default()
    };
    f.desk.edit(id, None, &edit, &editor(), at(4)).unwrap();
    f.publish(id, Verification::Verified);
    let html = render(&f.desk, id, Format::Page, &Options::default(), at(30)).unwrap();
    let doc = Html::parse_document(&html);
    assert_eq!(doc.root_element().value().attr("lang"), Some("ar"));
    assert_eq!(doc.root_element().value().attr("dir"), Some("rtl"));
}

#[test]
fn the_fragment_is_the_body_only_and_json_is_ninjs() {
    let mut f = Fixture::new().named("The Syrian Observer");
    let id = f.published("Formats", Verification::NotVerified);
    let fragment = render(&f.desk, id, Format::Fragment, &Options::default(), at(30)).unwrap();
    assert!(fragment
        .trim_start()
        .starts_with("<div class=\"article-body\">"));
    for absent in ["<html", "<head", "<script", "<h1", "Helpful keywords"] {
        assert!(!fragment.contains(absent), "{absent} in {fragment}");
    }
    assert!(fragment.contains("<p>Second <em>paragraph</em>.</p>"));
    let json: serde_json::Value = serde_json::from_str(
        &render(&f.desk, id, Format::Json, &Options::default(), at(30)).unwrap(),
    )
    .unwrap();
    assert_eq!(json["type"], "text");
    assert_eq!(json["pubstatus"], "usable");
    assert_eq!(json["headline"], "Formats");
    assert_eq!(json["body_html"], fragment);
    assert_eq!(json["dragoman"]["status"], "published");
    assert_eq!(json["dragoman"]["verification"], "not_verified");
    assert_eq!(json["infosource"][0]["name"], "al-Watan");
    assert!(json["dragoman"]["history"].as_array().unwrap().len() > 5);
}

#[test]
fn export_writes_one_file_per_story_named_by_slug() {
    let mut f = Fixture::new().named("The Syrian Observer");
    let a = f.published("First Story", Verification::Verified);
    let b = f.published("Second Story", Verification::NotVerified);
    f.edited("Not Out Yet", &["x"]);
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("site");
    let ids = published(&f.desk).unwrap();
    assert_eq!(ids, vec![a, b]);
    let written = export(
        &f.desk,
        &ids,
        Format::Page,
        &Options::default(),
        Some(&dir),
        at(30),
    )
    .unwrap();
    let names: Vec<_> = written
        .iter()
        .map(|e| e.path.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    assert_eq!(names, vec!["first-story.html", "second-story.html"]);
    let mut on_disk: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, names, "no temporary file is left behind");
    assert_eq!(
        std::fs::read_to_string(&written[0].path).unwrap(),
        render(&f.desk, a, Format::Page, &Options::default(), at(30)).unwrap()
    );
    let json = export(
        &f.desk,
        &[a],
        Format::Json,
        &Options::default(),
        Some(&dir),
        at(30),
    )
    .unwrap();
    assert_eq!(json[0].path, dir.join("first-story.json"));
    let fragment = export(
        &f.desk,
        &[a],
        Format::Fragment,
        &Options::default(),
        Some(&dir),
        at(30),
    )
    .unwrap();
    assert_eq!(fragment[0].path, dir.join("first-story.fragment.html"));
}

#[test]
fn export_writes_nothing_when_any_story_is_refused() {
    let mut f = Fixture::new().named("The Syrian Observer");
    let a = f.published("Ready", Verification::Verified);
    let b = f.edited("Not Ready", &["x"]);
    let out = tempfile::tempdir().unwrap();
    let err = export(
        &f.desk,
        &[a, b],
        Format::Page,
        &Options::default(),
        Some(out.path()),
        at(30),
    )
    .unwrap_err();
    assert_eq!(err.code(), "not_published");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn a_broken_user_template_writes_nothing() {
    let mut f = Fixture::new().named("The Syrian Observer");
    let a = f.published("Ready", Verification::Verified);
    let templates = tempfile::tempdir().unwrap();
    let page = templates.path().join("page.html");
    std::fs::write(&page, "<!DOCTYPE html>\n<h1>{{ headline }</h1>\n").unwrap();
    f.desk
        .set_setting("template_dir", &templates.path().display().to_string())
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let err = export(
        &f.desk,
        &[a],
        Format::Page,
        &Options::default(),
        Some(out.path()),
        at(30),
    )
    .unwrap_err();
    assert_eq!(err.code(), "template");
    let message = err.to_string();
    assert!(message.contains(&page.display().to_string()), "{message}");
    assert!(message.contains("line 2"), "{message}");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);

    // A working override is used, with the same auto-escaping.
    std::fs::write(&page, "<h1>{{ headline }}</h1><p>{{ disclaimer }}</p>\n").unwrap();
    let html = render(&f.desk, a, Format::Page, &Options::default(), at(30)).unwrap();
    assert_eq!(
        html,
        "<h1>Ready</h1><p>This article was translated and edited by The Syrian Observer.</p>\n"
    );
}

#[test]
fn the_export_folder_comes_from_settings() {
    let mut f = Fixture::new().named("The Syrian Observer");
    let a = f.published("Settled", Verification::Verified);
    let out = tempfile::tempdir().unwrap();
    f.desk
        .set_setting("export_dir", &out.path().display().to_string())
        .unwrap();
    let written = export(
        &f.desk,
        &[a, a],
        Format::Page,
        &Options::default(),
        None,
        at(30),
    )
    .unwrap();
    assert_eq!(written.len(), 1, "a story named twice is written once");
    assert_eq!(written[0].path, out.path().join("settled.html"));
}

#[test]
fn write_atomic_replaces_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.html");
    write_atomic(&path, b"first version, longer").unwrap();
    write_atomic(&path, b"second").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let err = write_atomic(&dir.path().join("missing").join("a.html"), b"x").unwrap_err();
    assert_eq!(err.code(), "io");
}

#[test]
fn formats_parse_by_name() {
    for f in Format::ALL {
        assert_eq!(f.as_str().parse::<Format>().unwrap(), *f);
    }
    assert_eq!("PDF".parse::<Format>().unwrap_err().code(), "invalid_input");
}
