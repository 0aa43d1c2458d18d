//! Fuzzing intake and export with generated input (proptest): Markdown with front
//! matter, HTML and plain text built from the pieces that have broken parsers
//! before (deep nesting, unclosed tags, references, bidi and control characters,
//! odd front matter), and arbitrary bytes. Every input must come back as a story
//! or a clear refusal, never a panic or a hang; every text put into a story must
//! export in every format without panicking, and with no script, style or
//! `javascript:` link in the HTML. (That no word is lost is checked over the XSS
//! and CommonMark corpora in `export_keeps_text.rs`.)
//!
//! `make test` runs a short pass (the default 64 cases a property); `make fuzz`
//! sets `PROPTEST_CASES` for a long one. A failure proptest finds is shrunk and
//! saved under `proptest-regressions/`; turn it into a named test below.

mod common;

use common::*;
use dragoman_core::export::{Article, ExportSettings, Format, Options, Renderer};
use dragoman_core::ingest;
use proptest::prelude::*;

/// Pieces of hostile or awkward text.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,12}",
        "[\\u{0600}-\\u{06FF} ]{0,12}",
        Just("<div>".to_string()),
        Just("</div>".to_string()),
        Just("<p>".to_string()),
        Just("<blockquote>".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("<style>p{}</style>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("&amp;".to_string()),
        Just("&#".to_string()),
        Just("\u{202E}".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("---\n".to_string()),
        Just("> ".to_string()),
        Just("* ".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
        Just("![i](data:text/html,x)".to_string()),
        Just("`".to_string()),
        Just("```".to_string()),
        Just("\u{0}".to_string()),
        Just("\r".to_string()),
        Just("title: [1, 2]\n".to_string()),
        Just("\u{feff}".to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|p| p.concat())
}

/// A piece repeated many times: the shape of the inputs that were quadratic.
fn repeated() -> impl Strategy<Value = String> {
    (piece(), 100usize..3000).prop_map(|(p, n)| p.repeat(n))
}

fn check_intake(name: &str, bytes: &[u8]) {
    match ingest::parse(name, bytes) {
        Ok(intake) => assert!(!intake.paragraphs.is_empty()),
        Err(e) => assert!(!e.code().is_empty() && !e.to_string().is_empty()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_bytes_import_or_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        for name in ["story.md", "story.html", "story.txt"] {
            check_intake(name, &bytes);
        }
    }

    #[test]
    fn generated_markdown_html_and_text_import_or_are_refused(
        front in text(), body in text(), deep in repeated()
    ) {
        let markdown = format!("---\n{front}\n---\n{body}{deep}");
        check_intake("story.md", markdown.as_bytes());
        let html = format!("<html><body><h1>{front}</h1>{deep}{body}</body></html>");
        check_intake("story.html", html.as_bytes());
        check_intake("story.txt", format!("{front}\n{body}\n{deep}").as_bytes());
    }

    #[test]
    fn any_text_in_any_field_exports(segment in text(), standfirst in text(), headline in text(), deep in repeated()) {
        let seed = seed();
        let mut article = seed.0.clone();
        article.story.segments[0].target = format!("{segment}{deep}");
        article.story.standfirst = standfirst;
        article.story.headline = headline;
        for format in [Format::Page, Format::Fragment, Format::Json] {
            let out = seed.1.render(&article, format, &Options::default(), at(9, 13, 0)).unwrap();
            // The JSON carries text as data; what a CMS puts in a page is its HTML.
            let html = match format {
                Format::Json => {
                    let item: serde_json::Value = serde_json::from_str(&out).unwrap();
                    format!("{}{}", item["body_html"], item["description_html"])
                }
                _ => out,
            };
            prop_assert!(!html.contains("<script>alert"), "{html}");
            prop_assert!(!html.to_ascii_lowercase().contains("href=\"javascript:"), "{html}");
            prop_assert!(!html.contains("<style>p"), "{html}");
        }
    }
}

/// The seed article (two paragraphs) and a renderer, made once.
fn seed() -> &'static (Article, Renderer) {
    static SEED: std::sync::OnceLock<(Article, Renderer)> = std::sync::OnceLock::new();
    SEED.get_or_init(|| {
        let desk = SeedDesk::new();
        let mut article = Article::load(&desk.desk, desk.id).unwrap();
        article.story.segments.truncate(2);
        let renderer = Renderer::new(&ExportSettings::from_desk(&desk.desk).unwrap()).unwrap();
        (article, renderer)
    })
}
