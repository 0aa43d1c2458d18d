//! The CommonMark 0.31.2 examples (`tests/fixtures/commonmark/spec.json`) through the
//! export's Markdown path, comrak in safe mode with raw HTML escaped, and then the
//! sanitizer.
//!
//! Both sides are parsed with html5ever and serialised again before comparing, as
//! the spec's own runner normalises HTML: `<br />` and `<br>`, `&quot;` and `"` in
//! text, are the same page. An example that differs is either one that safe mode
//! changes on purpose (raw HTML, shown as text, or a link whose scheme export does not allow) or a
//! regression; both lists are pinned, so any change in either shows up here.

mod common;

use common::*;
use dragoman_core::export::markdown;
use scraper::Html;

#[derive(serde::Deserialize)]
struct Example {
    markdown: String,
    html: String,
    example: u32,
    section: String,
}

fn normalise(html: &str) -> String {
    Html::parse_fragment(html).root_element().inner_html()
}

/// Examples whose Markdown holds raw HTML (HTML blocks, inline tags, comments,
/// and the link, emphasis and escape examples built around a tag): export shows
/// the HTML as the text it is instead of running it, and keeps the words around it.
const RAW_HTML_CHANGED: &[u32] = &[
    21, 31, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164,
    165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183,
    184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 203, 310, 311, 346, 477, 478, 479, 493, 496,
    526, 538, 615, 616, 617, 618, 619, 625, 627, 628, 629, 630, 631, 632, 633, 645, 646,
];

/// Examples with a link or autolink whose scheme is neither http, https nor
/// mailto (irc:, made-up schemes, a bare `localhost:` and so on): the sanitizer
/// drops the `href` and keeps the text, since export allows web and mail links only.
const SCHEME_DROPPED: &[u32] = &[598, 600, 601, 603];

/// How many of the spec's examples come out exactly as the spec says.
const MATCHING: usize = 577;

#[test]
fn commonmark_examples_through_the_export_path() {
    let examples: Vec<Example> =
        serde_json::from_str(&read_fixture("commonmark/spec.json")).unwrap();
    assert_eq!(examples.len(), 655, "CommonMark 0.31.2 has 655 examples");
    let mut matching = 0;
    let mut differing = Vec::new();
    for ex in &examples {
        let ours = normalise(&markdown::to_html(&ex.markdown));
        if ours == normalise(&ex.html) {
            matching += 1;
        } else {
            differing.push(ex);
        }
    }
    let listed: Vec<u32> = differing.iter().map(|e| e.example).collect();
    let mut expected: Vec<u32> = RAW_HTML_CHANGED
        .iter()
        .chain(SCHEME_DROPPED)
        .copied()
        .collect();
    expected.sort_unstable();
    println!(
        "{matching} of {} CommonMark examples match; {} differ: {} raw HTML shown as text, \
         {} links with schemes export does not allow",
        examples.len(),
        differing.len(),
        RAW_HTML_CHANGED.len(),
        SCHEME_DROPPED.len()
    );
    if listed != expected {
        for ex in &differing {
            println!(
                "--- example {} ({}):\n{:?}\nspec: {:?}\nours: {:?}",
                ex.example,
                ex.section,
                ex.markdown,
                normalise(&ex.html),
                normalise(&markdown::to_html(&ex.markdown))
            );
        }
    }
    assert_eq!(listed, expected, "the examples that differ changed");
    assert_eq!(matching, MATCHING);
    for ex in &differing {
        let ours = normalise(&markdown::to_html(&ex.markdown));
        if SCHEME_DROPPED.contains(&ex.example) {
            // The same link, without its href.
            let spec = normalise(&ex.html);
            let start = spec.find(" href=\"").unwrap();
            let end = start + 7 + spec[start + 7..].find('"').unwrap() + 1;
            assert_eq!(ours, format!("{}{}", &spec[..start], &spec[end..]));
        } else {
            assert!(
                ex.markdown.contains('<'),
                "example {} has no raw HTML",
                ex.example
            );
            assert!(!ours.contains("<!--"), "comments are shown as text too");
            assert!(
                ours.contains("&lt;"),
                "example {}: the raw HTML is shown",
                ex.example
            );
        }
    }
}
