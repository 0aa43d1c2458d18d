//! Export never drops what a translator typed. Every XSS payload and every
//! CommonMark example, put in turn into each field a person types, must reach the
//! page, the fragment and the JSON either as visible text or as rendered Markdown:
//! every word the input shows a reader is a word the output shows a reader.
//!
//! The input's visible words are read off comrak's syntax tree (text, code, and raw
//! HTML, which export shows as text); the output's are read off the rendered page
//! with html5ever, the way a browser builds it (text nodes outside `head`, `script`
//! and `style`, and image descriptions). Each render is compared with the same
//! article with the field left empty, so only the field's own words count.

mod common;

use std::collections::HashMap;

use common::*;
use comrak::nodes::NodeValue;
use comrak::{Arena, Options as MarkdownOptions};
use dragoman_core::export::{Article, ExportSettings, Format, Options, Renderer};
use dragoman_core::Correction;
use scraper::{Html, Node};

type Words = HashMap<String, usize>;

fn count_words(text: &str, into: &mut Words) {
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *into.entry(word.to_string()).or_default() += 1;
    }
}

/// The words a reader of the rendered Markdown should see.
fn markdown_words(markdown: &str) -> Words {
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, markdown, &MarkdownOptions::default());
    let mut words = Words::new();
    for node in root.descendants() {
        match &node.data.borrow().value {
            NodeValue::Text(t) => count_words(t, &mut words),
            NodeValue::Code(c) => count_words(&c.literal, &mut words),
            NodeValue::CodeBlock(c) => count_words(&c.literal, &mut words),
            NodeValue::HtmlInline(h) => count_words(h, &mut words),
            NodeValue::HtmlBlock(b) => count_words(&b.literal, &mut words),
            _ => {}
        }
    }
    words
}

fn plain_words(text: &str) -> Words {
    let mut words = Words::new();
    count_words(text, &mut words);
    words
}

/// The words a browser shows for `html`: text outside `head`, `script` and
/// `style`, and the description of each image.
fn visible_words(html: &str, into: &mut Words) {
    let doc = Html::parse_document(html);
    for node in doc.tree.root().descendants() {
        let hidden = node.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "head" | "script" | "style"))
        });
        if hidden {
            continue;
        }
        match node.value() {
            Node::Text(t) => count_words(t, into),
            Node::Element(e) if e.name() == "img" => count_words(e.attr("alt").unwrap_or(""), into),
            _ => {}
        }
    }
}

/// What a reader of each format sees. For the JSON, the fields a CMS shows.
fn output_words(renderer: &Renderer, article: &Article, format: Format) -> Words {
    let out = renderer
        .render(article, format, &Options::default(), at(9, 13, 0))
        .unwrap();
    let mut words = Words::new();
    match format {
        Format::Page | Format::Fragment => visible_words(&out, &mut words),
        Format::Json => {
            let item: serde_json::Value = serde_json::from_str(&out).unwrap();
            for html in ["body_html", "description_html"] {
                visible_words(item[html].as_str().unwrap_or(""), &mut words);
            }
            count_words(item["headline"].as_str().unwrap_or(""), &mut words);
            for k in item["keywords"].as_array().into_iter().flatten() {
                count_words(k.as_str().unwrap_or(""), &mut words);
            }
        }
    }
    words
}

/// The words of `expected` that `with` lacks beyond `without`.
fn lost(expected: &Words, with: &Words, without: &Words) -> Vec<String> {
    let mut lost: Vec<String> = expected
        .iter()
        .filter(|(word, n)| {
            let count = |words: &Words| words.get(*word).copied().unwrap_or(0);
            count(with).saturating_sub(count(without)) < **n
        })
        .map(|(word, _)| word.clone())
        .collect();
    lost.sort();
    lost
}

struct Field {
    name: &'static str,
    markdown: bool,
    formats: &'static [Format],
    place: fn(&mut Article, &str),
}

const ALL: &[Format] = &[Format::Page, Format::Fragment, Format::Json];

fn fields() -> Vec<Field> {
    vec![
        Field {
            name: "segment text",
            markdown: true,
            formats: ALL,
            place: |a, p| a.story.segments[0].target = p.into(),
        },
        Field {
            name: "standfirst",
            markdown: true,
            formats: &[Format::Page, Format::Json],
            place: |a, p| a.story.standfirst = p.into(),
        },
        Field {
            name: "headline",
            markdown: false,
            formats: &[Format::Page, Format::Json],
            place: |a, p| a.story.headline = p.into(),
        },
        Field {
            name: "keyword",
            markdown: false,
            formats: &[Format::Page, Format::Json],
            place: |a, p| {
                a.story.keywords = if p.trim().is_empty() {
                    vec![]
                } else {
                    vec![p.into()]
                }
            },
        },
        Field {
            name: "correction note",
            markdown: false,
            formats: &[Format::Page, Format::Fragment],
            place: |a, p| {
                a.story.corrections = vec![Correction {
                    note: p.into(),
                    opened_at: "2023-01-10T08:00:00.000Z".into(),
                    opened_by: "Omar Khalil".into(),
                    published_at: Some("2023-01-10T09:00:00.000Z".into()),
                }]
            },
        },
    ]
}

fn inputs() -> Vec<(String, String)> {
    #[derive(serde::Deserialize)]
    struct Example {
        markdown: String,
        example: u32,
    }
    let mut inputs: Vec<(String, String)> = read_fixture("xss/payloadbox.txt")
        .lines()
        .filter(|l| !l.starts_with("# ") && !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| (format!("payload {}", i + 1), l.to_string()))
        .collect();
    let examples: Vec<Example> =
        serde_json::from_str(&read_fixture("commonmark/spec.json")).unwrap();
    inputs.extend(
        examples
            .into_iter()
            .map(|e| (format!("CommonMark example {}", e.example), e.markdown)),
    );
    // The defects that were seen: a block of HTML, and prose after a tag that
    // starts a paragraph.
    inputs.push((
        "div block".into(),
        "<div>\nThe talks went on.\n</div>".into(),
    ));
    inputs.push((
        "script then prose".into(),
        "<script>var x;</script> Mamlouk met Shamkhani.".into(),
    ));
    inputs.push((
        "style then prose".into(),
        "<style>p { color: red }</style>\nThe heads of the services met.".into(),
    ));
    inputs
}

#[test]
fn no_word_typed_is_lost_in_any_format() {
    let seed = SeedDesk::new();
    let mut base = Article::load(&seed.desk, seed.id).unwrap();
    // One paragraph after the edited one keeps each render small.
    base.story.segments.truncate(2);
    let renderer = Renderer::new(&ExportSettings::from_desk(&seed.desk).unwrap()).unwrap();
    let inputs = inputs();
    assert!(inputs.len() > 900, "{} inputs", inputs.len());
    let mut failures = Vec::new();
    for field in fields() {
        let mut empty = base.clone();
        (field.place)(&mut empty, "");
        let without: Vec<Words> = field
            .formats
            .iter()
            .map(|&f| output_words(&renderer, &empty, f))
            .collect();
        for (name, input) in &inputs {
            let expected = if field.markdown {
                markdown_words(input)
            } else {
                plain_words(input)
            };
            let mut article = base.clone();
            (field.place)(&mut article, input);
            for (format, without) in field.formats.iter().zip(&without) {
                let with = output_words(&renderer, &article, *format);
                let lost = lost(&expected, &with, without);
                if !lost.is_empty() {
                    failures.push(format!(
                        "{} in the {} of the {}: lost {lost:?} from {input:?}",
                        name,
                        field.name,
                        format.as_str()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} renders lost words:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_comparison_sees_a_dropped_word() {
    // The check itself: a page without the input's words is caught.
    let expected = markdown_words("<div>\nThe talks went on.\n</div>");
    assert!(expected.contains_key("talks") && expected.contains_key("div"));
    let mut without = Words::new();
    visible_words("<p>Other text.</p>", &mut without);
    let mut with = Words::new();
    visible_words("<p>Other text.</p><!-- raw HTML omitted -->", &mut with);
    assert_eq!(
        lost(&expected, &with, &without),
        ["The", "div", "on", "talks", "went"]
    );
    let mut kept = Words::new();
    visible_words(
        "<p>Other text.</p><p>&lt;div&gt;\nThe talks went on.\n&lt;/div&gt;</p>",
        &mut kept,
    );
    assert!(lost(&expected, &kept, &without).is_empty());
}
