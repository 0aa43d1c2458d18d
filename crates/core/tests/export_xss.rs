//! Every payload of `tests/fixtures/xss/payloadbox.txt`, in turn in every field a
//! person can type, must give a page with nothing executable in it. The pages are
//! read with a real HTML parser (html5ever, through scraper), the way a browser
//! would build them, never searched as strings.

mod common;

use common::*;
use dragoman_core::export::{Article, ExportSettings, Format, Options, Renderer};
use dragoman_core::Correction;
use scraper::{ElementRef, Html, Selector};

/// Elements that run code, load a document or change where links and forms go.
const FORBIDDEN: &[&str] = &[
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "svg", "math",
    "link", "portal", "isindex",
];

/// Attributes whose value is a URL a browser may follow or load.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "srcset",
    "cite",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "ping",
    "codebase",
    "manifest",
    "icon",
    "xlink:href",
];

/// A URL as a browser reads its scheme: ASCII tabs and newlines removed anywhere,
/// leading and trailing controls and spaces dropped, case ignored.
fn url_scheme_view(value: &str) -> String {
    value
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .to_ascii_lowercase()
}

fn dangerous_url(value: &str) -> bool {
    let url = url_scheme_view(value);
    let raster = [
        "data:image/png",
        "data:image/gif",
        "data:image/jpeg",
        "data:image/webp",
    ];
    ["javascript:", "vbscript:", "livescript:", "mocha:"]
        .iter()
        .any(|s| url.starts_with(s))
        || (url.starts_with("data:") && !raster.iter().any(|r| url.starts_with(r)))
}

/// Everything executable in `html`, described; empty when the page is inert.
/// `json_ld` says whether the one JSON-LD script block is expected.
fn executable_constructs(html: &str, json_ld: bool) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut found = Vec::new();
    let all = Selector::parse("*").unwrap();
    let mut scripts = 0;
    let mut styles = 0;
    for element in doc.select(&all) {
        let name = element.value().name();
        match name {
            "script" => {
                scripts += 1;
                let is_data = element.value().attr("type") == Some("application/ld+json")
                    && in_head(element)
                    && serde_json::from_str::<serde_json::Value>(
                        &element.text().collect::<String>(),
                    )
                    .is_ok();
                if !json_ld || !is_data || scripts > 1 {
                    found.push(format!("script element: {}", element.html()));
                }
            }
            "style" => {
                styles += 1;
                if !in_head(element) || styles > 1 {
                    found.push(format!("extra style element: {}", element.html()));
                }
            }
            "meta" if element.value().attr("http-equiv").is_some() => {
                found.push(format!("meta http-equiv: {}", element.html()));
            }
            n if FORBIDDEN.contains(&n) => found.push(format!("{n} element")),
            _ => {}
        }
        for (attr, value) in element.value().attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                found.push(format!("event handler {attr}={value:?} on <{name}>"));
            }
            if matches!(attr.as_str(), "style" | "srcdoc" | "formaction" | "action") {
                found.push(format!("{attr}={value:?} on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) && dangerous_url(value) {
                found.push(format!("{attr}={value:?} on <{name}>"));
            }
        }
    }
    found
}

fn in_head(element: ElementRef<'_>) -> bool {
    element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "head")
}

fn payloads() -> Vec<String> {
    let text = read_fixture("xss/payloadbox.txt");
    let payloads: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with("# ") && !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    assert!(
        payloads.len() >= 250,
        "expected the 280 payloads of payloadbox.txt, found {}",
        payloads.len()
    );
    payloads
}

type Place = fn(&mut Article, &mut ExportSettings, &str);

/// Every field a person can type, and how a payload gets there.
fn places() -> Vec<(&'static str, Place)> {
    vec![
        ("headline", |a, _, p| a.story.headline = p.into()),
        ("standfirst", |a, _, p| a.story.standfirst = p.into()),
        ("segment text", |a, _, p| {
            a.story.segments[0].target = p.into()
        }),
        ("segment text after words", |a, _, p| {
            a.story.segments[1].target = format!("Mamlouk said {p} and left.")
        }),
        ("link target", |a, _, p| {
            a.story.segments[0].target = format!("[read more]({p})")
        }),
        ("link target in angle brackets", |a, _, p| {
            a.story.segments[0].target = format!("[read more](<{p}>)")
        }),
        ("reference link target", |a, _, p| {
            a.story.segments[0].target = format!("[read more][r]\n\n[r]: {p}")
        }),
        ("image target", |a, _, p| {
            a.story.segments[0].target = format!("![map]({p})")
        }),
        ("autolink", |a, _, p| {
            a.story.segments[0].target = format!("<{p}>")
        }),
        ("link text", |a, _, p| {
            a.story.segments[0].target = format!("[{p}](https://example.org/)")
        }),
        ("keyword", |a, _, p| {
            a.story.keywords = vec![p.into(), "Syria".into()]
        }),
        ("source name", |a, _, p| a.story.source.name = p.into()),
        ("source URL", |a, _, p| a.story.source.url = p.into()),
        ("source headline", |a, _, p| {
            a.story.source.headline = p.into()
        }),
        ("source language", |a, _, p| {
            a.story.source.language = p.into()
        }),
        ("source date", |a, _, p| a.story.source.date = p.into()),
        ("source author", |a, _, p| a.story.source.author = p.into()),
        ("translation language", |a, _, p| {
            a.story.language = p.into()
        }),
        ("translator name", |a, _, p| {
            a.story.credits.translator = p.into()
        }),
        ("editor name", |a, _, p| a.story.credits.editor = p.into()),
        ("correction note", |a, _, p| {
            a.story.corrections.push(Correction {
                note: p.into(),
                opened_at: "2023-01-10T08:00:00.000Z".into(),
                opened_by: "Omar Khalil".into(),
                published_at: Some("2023-01-10T09:00:00.000Z".into()),
            })
        }),
        ("Read Also headline", |a, _, p| {
            for link in a.links.values_mut() {
                link.headline = p.into();
            }
        }),
        ("publication name", |_, s, p| s.publication.name = p.into()),
        ("disclaimer text", |_, s, p| {
            s.publication.disclaimer_translated = format!("{p} {{publication}}")
        }),
        ("not-verified text", |_, s, p| {
            s.publication.disclaimer_not_verified = p.into()
        }),
    ]
}

#[test]
fn the_checker_finds_what_it_looks_for() {
    let bad = [
        "<p><img src=x onerror=alert(1)></p>",
        "<p><a href=\" JaVa&#x09;Script:alert(1)\">x</a></p>",
        "<p><a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a></p>",
        "<script>alert(1)</script>",
        "<iframe srcdoc=x></iframe>",
        "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
        "<form action=https://x><button>go</button></form>",
        "<svg><animate onbegin=alert(1)></svg>",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
    ];
    for html in bad {
        assert!(
            !executable_constructs(html, false).is_empty(),
            "the checker missed {html}"
        );
    }
    assert!(executable_constructs(
        "<p><a href=\"https://x.org/\">x</a><img src=\"data:image/png;base64,AA==\"></p>",
        false
    )
    .is_empty());
}

#[test]
fn every_payload_in_every_field_is_inert() {
    let seed = SeedDesk::new();
    let mut base_article = Article::load(&seed.desk, seed.id).unwrap();
    // Two paragraphs and the Read Also line are all the places need; the other
    // eight paragraphs would only slow some 7,000 renders down.
    base_article
        .story
        .segments
        .retain(|s| s.no <= 2 || s.related.is_some());
    assert_eq!(base_article.story.segments.len(), 3);
    let base_settings = ExportSettings::from_desk(&seed.desk).unwrap();
    let payloads = payloads();
    let places = places();
    let base_renderer = Renderer::new(&base_settings).unwrap();
    let mut failures = Vec::new();
    let mut pages = 0;
    for (field, place) in &places {
        for payload in &payloads {
            let mut article = base_article.clone();
            let mut settings = base_settings.clone();
            place(&mut article, &mut settings, payload);
            let changed_renderer;
            let renderer = if settings == base_settings {
                &base_renderer
            } else {
                changed_renderer = Renderer::new(&settings).unwrap();
                &changed_renderer
            };
            // The page includes the fragment template whole, so checking the page
            // checks what the fragment and the JSON's body_html carry too.
            let html =
                match renderer.render(&article, Format::Page, &Options::default(), at(9, 13, 0)) {
                    Ok(html) => html,
                    // A payload that empties the publication's name is refused, as it
                    // should be; nothing is rendered, so nothing can run.
                    Err(e) if e.code() == "publication_not_set" => continue,
                    Err(e) => panic!("{field} with {payload:?}: {e}"),
                };
            pages += 1;
            let problems = executable_constructs(&html, true);
            if !problems.is_empty() {
                failures.push(format!("{field} with {payload:?}: {problems:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {pages} exports carry something executable:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        pages >= payloads.len() * places.len() - 5,
        "{pages} pages checked"
    );
}

#[test]
fn the_fragment_alone_carries_no_script() {
    let seed = SeedDesk::new();
    let mut article = Article::load(&seed.desk, seed.id).unwrap();
    let renderer = Renderer::new(&ExportSettings::from_desk(&seed.desk).unwrap()).unwrap();
    for payload in payloads() {
        article.story.segments[0].target = payload.clone();
        article.story.segments[1].target = format!("[more]({payload})");
        let html = renderer
            .render(
                &article,
                Format::Fragment,
                &Options::default(),
                at(9, 13, 0),
            )
            .unwrap();
        let problems = executable_constructs(&html, false);
        assert!(problems.is_empty(), "{payload:?}: {problems:?}");
    }
}

#[test]
fn json_ld_cannot_be_closed_from_a_field() {
    let seed = SeedDesk::new();
    let base = Article::load(&seed.desk, seed.id).unwrap();
    let renderer = Renderer::new(&ExportSettings::from_desk(&seed.desk).unwrap()).unwrap();
    let script = Selector::parse("script").unwrap();
    let mut payloads = payloads();
    payloads.push("</script><script>alert(1)</script>".into());
    payloads.push("<!--<script>".into());
    payloads.push("</SCRIPT >\u{2028}x".into());
    for payload in payloads {
        let mut article = base.clone();
        article.story.headline = payload.clone();
        article.story.keywords = vec![payload.clone()];
        article.story.credits.translator = payload.clone();
        let html = renderer
            .render(&article, Format::Page, &Options::default(), at(9, 13, 0))
            .unwrap();
        let doc = Html::parse_document(&html);
        let blocks: Vec<_> = doc.select(&script).collect();
        assert_eq!(blocks.len(), 1, "{payload:?}");
        let data: serde_json::Value = serde_json::from_str(&blocks[0].text().collect::<String>())
            .unwrap_or_else(|e| panic!("{payload:?} broke the JSON-LD: {e}"));
        assert_eq!(data["headline"], payload.as_str());
        assert_eq!(data["keywords"][0], payload.as_str());
        assert_eq!(data["translator"]["name"], payload.as_str());
    }
}

#[test]
fn benign_markdown_survives() {
    let seed = SeedDesk::new();
    let mut article = Article::load(&seed.desk, seed.id).unwrap();
    article.story.segments[0].target = "See [the report](https://example.org/report?a=1&b=2), \
         *quoted* and **stressed**:\n\n- first point\n- second point\n\n\
         The tag `<script>alert(1)</script>` is shown as text.\n\n\
         ![The meeting](https://example.org/meeting.jpg \"Tehran\")"
        .into();
    let renderer = Renderer::new(&ExportSettings::from_desk(&seed.desk).unwrap()).unwrap();
    let html = renderer
        .render(&article, Format::Page, &Options::default(), at(9, 13, 0))
        .unwrap();
    assert!(executable_constructs(&html, true).is_empty());
    let doc = Html::parse_document(&html);
    let one = |css: &str| {
        doc.select(&Selector::parse(css).unwrap())
            .next()
            .unwrap_or_else(|| panic!("no {css} in {html}"))
    };
    assert_eq!(
        one(".article-body a").value().attr("href"),
        Some("https://example.org/report?a=1&b=2")
    );
    assert_eq!(one(".article-body em").text().collect::<String>(), "quoted");
    assert_eq!(
        one(".article-body strong").text().collect::<String>(),
        "stressed"
    );
    let items: Vec<String> = doc
        .select(&Selector::parse(".article-body li").unwrap())
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(items, vec!["first point", "second point"]);
    assert_eq!(
        one(".article-body code").text().collect::<String>(),
        "<script>alert(1)</script>"
    );
    let img = one(".article-body img");
    assert_eq!(
        img.value().attr("src"),
        Some("https://example.org/meeting.jpg")
    );
    assert_eq!(img.value().attr("alt"), Some("The meeting"));
    assert_eq!(img.value().attr("title"), Some("Tehran"));
}
