//! Pathological Markdown must export without a crash or a hang: deep nesting of
//! every kind CommonMark has, megabyte paragraphs, and the inputs known to make
//! naive Markdown parsers quadratic.
//!
//! Each case renders a whole page on a thread with the default 2 MiB stack (less
//! than a main thread gets), so deep recursion anywhere on the path would
//! overflow it and abort the suite. A case that takes more than two minutes
//! counts as a hang; the times are printed, not asserted (timings belong to
//! `make bench`).

mod common;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;
use dragoman_core::export::{Article, ExportSettings, Format, Options, Renderer};

const MB: usize = 1 << 20;

fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes.div_ceil(unit.len()))
}

fn cases() -> Vec<(&'static str, String)> {
    vec![
        (
            "1 MB paragraph of words",
            repeat_to("the heads of the services met ", MB),
        ),
        ("1 MB word without a space", "x".repeat(MB)),
        ("1 MB of emphasis openers", repeat_to("*a _b ", MB)),
        ("1 MB of unclosed brackets", "[".repeat(MB)),
        ("1 MB of link openers", repeat_to("[a](", MB)),
        (
            "1 MB of backtick runs",
            (1..1500).map(|n| "`".repeat(n) + "a").collect(),
        ),
        ("1 MB of entity starts", repeat_to("&#", MB)),
        ("1 MB of ampersands", "&".repeat(MB)),
        (
            "1 MB of straight quotes and angles",
            repeat_to("\"a<b>", MB),
        ),
        (
            "1 MB image description",
            format!("![{}](https://x.org/i.png)", "&<".repeat(MB / 2)),
        ),
        (
            "1 MB link target",
            format!("[a](https://x.org/?{})", "&q".repeat(MB / 2)),
        ),
        (
            "1 MB code block",
            format!("```\n{}```\n", repeat_to("if a < b && c { }\n", MB)),
        ),
        ("1 MB of backslashes", repeat_to("\\*", MB)),
        ("1 MB of tag openers", repeat_to("<a ", MB)),
        ("1 MB of hard breaks", repeat_to("line  \n", MB)),
        ("100,000 nested block quotes", "> ".repeat(100_000) + "deep"),
        ("50,000 nested list items", "- ".repeat(50_000) + "deep"),
        ("20,000 nested ordered lists", "1. ".repeat(20_000) + "deep"),
        (
            "100,000 nested emphasis",
            "*".repeat(100_000) + "a" + &"*".repeat(100_000),
        ),
        (
            "50,000 nested links",
            "[".repeat(50_000) + "a" + &"](b)".repeat(50_000),
        ),
        (
            "50,000 nested images",
            "![".repeat(50_000) + "a" + &"](b)".repeat(50_000),
        ),
        (
            "100,000 quote and list levels",
            "> - ".repeat(50_000) + "deep",
        ),
        (
            "10,000 reference definitions",
            (0..10_000)
                .map(|i| format!("[r{i}]: https://example.org/{i}\n"))
                .collect::<String>()
                + "[r9999]",
        ),
    ]
}

#[test]
fn pathological_markdown_exports_without_crash_or_hang() {
    let seed = SeedDesk::new();
    let mut base = Article::load(&seed.desk, seed.id).unwrap();
    base.story.segments.truncate(2);
    let settings = ExportSettings::from_desk(&seed.desk).unwrap();
    for (name, markdown) in cases() {
        let mut article = base.clone();
        // The standfirst takes the same path, and also feeds the meta description
        // and the JSON-LD; it gets the hardest case, the body gets every one.
        if name == "1 MB of entity starts" {
            article.story.standfirst = markdown.clone();
        }
        article.story.segments[0].target = markdown;
        let settings = settings.clone();
        let (done, finished) = mpsc::channel();
        let started = Instant::now();
        std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let renderer = Renderer::new(&settings).unwrap();
                let page = renderer
                    .render(&article, Format::Page, &Options::default(), at(9, 13, 0))
                    .unwrap();
                done.send(page).unwrap();
            })
            .unwrap();
        let page = match finished.recv_timeout(Duration::from_secs(120)) {
            Ok(page) => page,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("{name}: no page after two minutes"),
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{name}: the render panicked"),
        };
        println!(
            "{name}: {} bytes of page in {:.2?}",
            page.len(),
            started.elapsed()
        );
        assert!(page.ends_with("</html>\n"), "{name}: the page is cut short");
        assert!(
            page.contains("The Syrian Observer has not verified"),
            "{name}: the disclaimer is missing"
        );
    }
}
