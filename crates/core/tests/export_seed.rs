//! The golden test: the seed story, on a real desk, exports to the checked-in page,
//! and that page reads as the published seed does.
//!
//! To accept a deliberate change of the page or the JSON, run with
//! `DRAGOMAN_BLESS=1` and review the diff of `tests/golden/` before committing it.

mod common;

use std::path::PathBuf;

use common::*;
use dragoman_core::export::{self, Format, Options};
use scraper::{Html, Selector};

fn golden(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

fn exported_page(seed: &SeedDesk) -> String {
    export::render(
        &seed.desk,
        seed.id,
        Format::Page,
        &Options::default(),
        at(9, 12, 30),
    )
    .unwrap()
}

/// `output` against the checked-in file `name`, or written to it with
/// `DRAGOMAN_BLESS=1`.
fn check_golden(name: &str, output: &str) {
    let path = golden(name);
    if std::env::var_os("DRAGOMAN_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, output).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the golden file {} ({e}); run with DRAGOMAN_BLESS=1 to write it",
            path.display()
        )
    });
    if output != expected {
        let line = output
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| output.lines().count().min(expected.lines().count()));
        panic!(
            "the export differs from {} first at line {}:\n  got:      {:?}\n  expected: {:?}\n\
             (if the change is deliberate, run with DRAGOMAN_BLESS=1 and review the diff)",
            path.display(),
            line + 1,
            output.lines().nth(line),
            expected.lines().nth(line)
        );
    }
}

#[test]
fn the_seed_story_exports_to_the_golden_page() {
    let seed = SeedDesk::new();
    check_golden("seed-page.html", &exported_page(&seed));
}

#[test]
fn the_seed_story_exports_to_the_golden_json() {
    let seed = SeedDesk::new();
    let json = export::render(
        &seed.desk,
        seed.id,
        Format::Json,
        &Options::default(),
        at(9, 12, 30),
    )
    .unwrap();
    check_golden("seed.json", &json);
}

/// The seed is a scrape of the published page, so it also holds the site's frame:
/// the logo's alternative text, and the headline twice more as the featured
/// image's alternative text and caption. The export has no logo and no image,
/// so those lines are set aside; everything else must match line for line.
fn seed_article_lines() -> Vec<String> {
    let lines = text_lines(&read_fixture(SEED));
    assert_eq!(
        lines[0], "Logo Wide",
        "the seed's first line is the site logo"
    );
    let mut seen_headline = false;
    lines
        .into_iter()
        .skip(1)
        .filter(|l| {
            if l == HEADLINE {
                let first = !seen_headline;
                seen_headline = true;
                first
            } else {
                true
            }
        })
        .collect()
}

#[test]
fn the_page_reads_as_the_seed_in_order() {
    let seed = SeedDesk::new();
    let page = exported_page(&seed);
    let expected_article = seed_article_lines();
    assert_eq!(
        expected_article.len(),
        15,
        "headline, standfirst, ten paragraphs, Read Also, disclaimer, keywords heading, \
         and nothing else: {expected_article:#?}"
    );
    assert_eq!(
        expected_article.last().map(String::as_str),
        Some("Helpful keywords")
    );

    let lines = visible_lines(&page);
    let n = expected_article.len();
    assert_eq!(
        lines[..n.min(lines.len())],
        expected_article[..],
        "the page's text, up to the keywords heading, is the seed's"
    );
    // The seed's scrape ends at the keywords heading; the page then lists the
    // keywords, and its footer carries the credit and the source.
    let mut rest: Vec<String> = KEYWORDS.iter().map(|k| k.to_string()).collect();
    rest.push("Translated by Rana Haddad; edited by Omar Khalil.".into());
    rest.push(
        "Source: al-Watan, اجتماع استخباراتي سوري إيراني رفيع المستوى في طهران, 2023-01-08.".into(),
    );
    assert_eq!(lines[n..], rest[..]);
}

#[test]
fn the_page_carries_what_a_publisher_needs() {
    let seed = SeedDesk::new();
    let page = exported_page(&seed);
    let doc = Html::parse_document(&page);
    let one = |css: &str| {
        let sel = Selector::parse(css).unwrap();
        let found: Vec<_> = doc.select(&sel).collect();
        assert_eq!(found.len(), 1, "exactly one {css}");
        found[0]
    };
    assert!(page.starts_with("<!DOCTYPE html>\n"));
    let html = one("html");
    assert_eq!(html.value().attr("lang"), Some("en"));
    assert_eq!(html.value().attr("dir"), Some("ltr"));
    assert_eq!(one("meta[charset]").value().attr("charset"), Some("utf-8"));
    assert_eq!(
        one("title").text().collect::<String>(),
        format!("{HEADLINE} | The Syrian Observer")
    );
    assert_eq!(
        one("meta[name=description]").value().attr("content"),
        Some(STANDFIRST)
    );
    assert_eq!(
        one(".source a").value().attr("href"),
        Some("https://alwatan.sy/archives/fixture-story")
    );
    assert_eq!(
        one(".read-also a").value().attr("href"),
        Some("hezbollah-running-secret-prison-near-syria-s-palmyra.html")
    );
    one("head > style");
    // No external resources: nothing is loaded from anywhere.
    for css in ["link", "img", "iframe", "[src]", "object", "embed"] {
        let sel = Selector::parse(css).unwrap();
        assert_eq!(doc.select(&sel).count(), 0, "{css}");
    }
    let script = one("script");
    assert_eq!(script.value().attr("type"), Some("application/ld+json"));
    let data: serde_json::Value = serde_json::from_str(&script.text().collect::<String>()).unwrap();
    assert_eq!(
        data,
        serde_json::json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": HEADLINE,
            "description": STANDFIRST,
            "datePublished": "2023-01-09T12:00:00.000Z",
            "dateModified": "2023-01-09T12:00:00.000Z",
            "inLanguage": "en",
            "isBasedOn": "https://alwatan.sy/archives/fixture-story",
            "translator": { "@type": "Person", "name": "Rana Haddad" },
            "editor": { "@type": "Person", "name": "Omar Khalil" },
            "keywords": KEYWORDS,
            "publisher": { "@type": "Organization", "name": "The Syrian Observer" },
        })
    );
}

#[test]
fn the_exported_file_is_the_golden_page_named_by_slug() {
    let seed = SeedDesk::new();
    let out = seed.dir.path().join("Published");
    let written = export::export(
        &seed.desk,
        &[seed.id],
        Format::Page,
        &Options::default(),
        Some(&out),
        at(9, 12, 30),
    )
    .unwrap();
    assert_eq!(written.len(), 1);
    assert_eq!(
        written[0].path,
        out.join("high-level-syrian-iranian-intelligence-meeting-in-tehran.html")
    );
    assert_eq!(
        std::fs::read_to_string(&written[0].path).unwrap(),
        exported_page(&seed)
    );
}
