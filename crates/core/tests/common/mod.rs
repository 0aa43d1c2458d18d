//! What the export suites share: where the test fixtures are, the seed story as
//! a fixture on a real desk, and reading a page the way a reader sees it.

#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use dragoman_core::desk::{SegmentOp, StoryEdit};
use dragoman_core::ingest::Intake;
use dragoman_core::{Actor, Desk, Role, Source, Status, Verification};
use scraper::{ElementRef, Html, Node};

/// A file of the repository's test fixtures (`tests/fixtures/`, with their
/// licences), or a panic that says which one is missing.
pub fn fixture(relative: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let path = root.join("tests/fixtures").join(relative);
    assert!(
        path.exists(),
        "the test fixture {relative} is missing: expected it at {}",
        path.display()
    );
    path
}

pub fn read_fixture(relative: &str) -> String {
    let path = fixture(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub const SEED: &str = "seed/000_290331923c40688a.txt";

pub fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 1, day, hour, minute, 0).unwrap()
}

pub fn translator() -> Actor {
    Actor::new("Rana Haddad", Role::Translator)
}
pub fn editor() -> Actor {
    Actor::new("Omar Khalil", Role::Editor)
}
pub fn reviewer() -> Actor {
    Actor::new("Lina Saad", Role::Reviewer)
}

pub const HEADLINE: &str = "High-level Syrian-Iranian Intelligence Meeting in Tehran";
pub const STANDFIRST: &str = "The heads of the secret services in Iran and Syria met to discuss \
cooperation between the two bodies, according to al-Watan.";
pub const READ_ALSO: &str = "Hezbollah Running Secret Prison Near Syria’s Palmyra";
pub const KEYWORDS: &[&str] = &["Syria", "Iran", "Ali Mamlouk", "Ali Shamkhani"];

/// The seed's ten body paragraphs, as a translator would type them (the page's
/// trailing no-break spaces are layout, not text).
pub const PARAGRAPHS: [&str; 10] = [
    "During a visit to Tehran, Syria’s top intelligence official, Ali Mamlouk, head of the National Security Bureau, met with Iran’s Supreme National Security Council Secretary, Ali Shamkhani, and discussed recent developments on the international scene and their implications for the region.",
    "The talks focused on cooperation between Syria and Iran in the fight against terrorism and countering U.S. efforts to recycle and revive terrorist organizations in Syria by training them and supplying them with weapons.",
    "“Syrian-Iranian cooperation in the fight against terrorism is in favor of regional security in the region,” Mamlouk said, calling on “all countries to unite their efforts to end extremism and remove its sources.”",
    "Maj. Gen. Mamlouk praised Iran’s role in supporting Syria in the face of terrorism, stressing the importance of continuing this cooperation mixed with the blood of the martyrs of the two friendly countries.",
    "Iran’s semi-official Fars news agency reported that Mamlouk presented a report on the security situation across the country, quoting him as saying: “Syria has overcome the security crisis through the joint efforts of the government, the people and the armed forces, and the effective support of friendly countries against takfiri terrorism and their sponsors.”",
    "Referring to the great economic opportunities for joint cooperation between the two countries in various fields, Major General Mamlouk, according to Fars, added: “The presence of Iranian companies and economic actors in Syria and the continued joint cooperation in the economic and commercial sectors provide lasting benefits for both countries.”",
    "For his part, Shamkhani reiterated that his country continues to support Syria in its fight against terrorism, pointing to the increasing movements on the U.S. to arm, train and direct terrorist groups in Syria. He stressed that the continuation of this order not only destabilizes security in Syria but also threatens regional security, SANA reported.",
    "Shamkhani pointed to the dangerous role of the United States in creating regional and global crises with the aim of dominating the countries of the world and plundering their wealth, stressing that the U.S. occupation of parts of Syria is the biggest obstacle to the full return of security and stability to it.",
    "He said that his country, which stood by the Syrian people and government in the most difficult circumstances, continues to do so, pointing to the good relations between the two countries and the need to adopt appropriate mechanisms to facilitate and speed up the implementation of bilateral agreements in various fields.",
    "“Unfortunately, some of Syria’s neighbors play a role in the arena of enemies of the stability and security of the region,” he said, noting that the way to counter these evil plots is to maintain national cohesion, the spirit of resistance, and its politics.",
];

/// A desk in a temporary folder holding the seed story, published `not_verified`
/// for "The Syrian Observer", with its Read Also line after the fourth paragraph.
pub struct SeedDesk {
    pub dir: tempfile::TempDir,
    pub desk: Desk,
    pub id: i64,
    pub related: i64,
}

fn import(
    desk: &mut Desk,
    url: &str,
    headline: &str,
    paragraphs: usize,
    when: DateTime<Utc>,
) -> i64 {
    let intake = Intake {
        source: Source {
            name: "al-Watan".into(),
            url: url.into(),
            language: "ar".into(),
            headline: headline.into(),
            date: "2023-01-08".into(),
            author: String::new(),
        },
        // The Arabic originals are not part of the seed; these stand in for them.
        paragraphs: (1..=paragraphs).map(|i| format!("الفقرة {i}")).collect(),
        origin: None,
    };
    desk.import(&[intake], None, when).unwrap()[0]
        .as_ref()
        .unwrap()
        .id
}

impl SeedDesk {
    pub fn new() -> SeedDesk {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("desk.db")).unwrap();
        desk.set_setting("publication", "The Syrian Observer")
            .unwrap();
        // The seed's sources are numbered placeholders, not what its published
        // translation renders, so the checks before publishing have nothing to
        // compare; these suites are about the page.
        let every_check: Vec<&str> = dragoman_core::checks::ALL
            .iter()
            .map(|c| c.as_str())
            .collect();
        desk.set_setting("checks_off", &every_check.join(","))
            .unwrap();

        // Each story at its own address: a second one at the same address
        // would be taken for a newer version of the first.
        let related = import(
            &mut desk,
            "https://alwatan.sy/archives/fixture-related",
            "حزب الله يدير سجناً سرياً قرب تدمر",
            1,
            at(2, 8, 0),
        );
        desk.translate(
            related,
            None,
            1,
            "A prison.",
            None,
            &translator(),
            at(2, 8, 1),
        )
        .unwrap();
        let edit = StoryEdit {
            headline: Some(READ_ALSO.into()),
            ..Default::default()
        };
        desk.edit(related, None, &edit, &editor(), at(2, 8, 2))
            .unwrap();

        let id = import(
            &mut desk,
            "https://alwatan.sy/archives/fixture-story",
            "اجتماع استخباراتي سوري إيراني رفيع المستوى في طهران",
            PARAGRAPHS.len(),
            at(9, 7, 0),
        );
        for (i, text) in PARAGRAPHS.iter().enumerate() {
            desk.translate(
                id,
                None,
                i + 1,
                text,
                None,
                &translator(),
                at(9, 8, i as u32),
            )
            .unwrap();
        }
        desk.move_to(
            id,
            None,
            Status::Translated,
            None,
            &translator(),
            at(9, 9, 0),
        )
        .unwrap();
        let edit = StoryEdit {
            headline: Some(HEADLINE.into()),
            standfirst: Some(STANDFIRST.into()),
            keywords: Some(KEYWORDS.iter().map(|k| k.to_string()).collect()),
            ..Default::default()
        };
        desk.edit(id, None, &edit, &editor(), at(9, 10, 0)).unwrap();
        desk.segment(
            id,
            None,
            &SegmentOp::ReadAlso { no: 5, related },
            &editor(),
            at(9, 10, 5),
        )
        .unwrap();
        desk.move_to(id, None, Status::Edited, None, &editor(), at(9, 10, 10))
            .unwrap();
        desk.verify(
            id,
            None,
            Verification::NotVerified,
            "Checked the figures against the agency statement",
            &reviewer(),
            at(9, 11, 0),
        )
        .unwrap();
        desk.move_to(id, None, Status::Published, None, &editor(), at(9, 12, 0))
            .unwrap();
        SeedDesk {
            dir,
            desk,
            id,
            related,
        }
    }
}

/// Whitespace as a reader sees it: runs of spaces (no-break ones included)
/// are one space, and a line has none at its ends.
pub fn normalize(s: &str) -> String {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The non-empty lines of a text file, normalised.
pub fn text_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(normalize)
        .filter(|l| !l.is_empty())
        .collect()
}

const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

const HIDDEN: &[&str] = &["head", "script", "style", "template", "noscript", "title"];

/// The text of a page's body as a reader sees it, one line per block (paragraph,
/// heading, list item…), in document order: the way a browser's `innerText` breaks
/// it, read with a real HTML parser.
pub fn visible_lines(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut lines = Vec::new();
    let mut current = String::new();
    walk(doc.root_element(), &mut current, &mut lines);
    flush(&mut current, &mut lines);
    lines
}

fn flush(current: &mut String, lines: &mut Vec<String>) {
    let line = normalize(current);
    if !line.is_empty() {
        lines.push(line);
    }
    current.clear();
}

fn walk(element: ElementRef<'_>, current: &mut String, lines: &mut Vec<String>) {
    let name = element.value().name();
    if HIDDEN.contains(&name) {
        return;
    }
    let block = BLOCKS.contains(&name);
    if block {
        flush(current, lines);
    }
    for child in element.children() {
        match child.value() {
            Node::Text(t) => current.push_str(t),
            Node::Element(_) => walk(ElementRef::wrap(child).unwrap(), current, lines),
            _ => {}
        }
    }
    if block {
        flush(current, lines);
    }
}
