//! XLIFF round trips through real stores: NTREX 02 out to a freelancer's tool and
//! back, the way memoQ or OmegaT edit the file, and the refusals that keep newer
//! text on the desk.

use super::*;
use crate::ingest::{self, Format};
use crate::model::{Actor, Role};
use crate::testing::{t, translator as rana};

fn ntrex(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/ntrex")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// NTREX 02 on a desk, its first two paragraphs translated (the first done).
fn desk_with_story() -> (tempfile::TempDir, Desk, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::open(&dir.path().join("desk.db")).unwrap();
    let ar = ntrex("02.ar.txt");
    let text = format!(
        "---\nlanguage: ar\nsource: Kompas\n---\n\n{}",
        ar.lines().collect::<Vec<_>>().join("\n\n")
    );
    let intake = ingest::parse_text("02.md", Format::Markdown, &text).unwrap();
    let id = desk
        .import(&[intake], None, t(0))
        .unwrap()
        .remove(0)
        .unwrap()
        .id;
    let en: Vec<String> = ntrex("02.en.txt").lines().map(str::to_string).collect();
    desk.translate(id, None, 1, &en[0], None, &rana(), t(1))
        .unwrap();
    desk.translate(
        id,
        None,
        2,
        &en[1],
        Some(SegmentState::Draft),
        &rana(),
        t(1),
    )
    .unwrap();
    (dir, desk, id)
}

/// Puts `text` as the target of unit `unit`, replacing the one there or adding
/// one after its source, as another tool writes it.
fn set_target(xml: &str, unit: &str, text: &str, state: &str) -> String {
    let start = xml.find(&format!("<unit id=\"{unit}\"")).unwrap();
    let end = start + xml[start..].find("</unit>").unwrap();
    let mut body = xml[start..end].to_string();
    let escaped = quick_xml::escape::escape(text);
    if let Some(open) = body.find("<target>") {
        let close = body.find("</target>").unwrap();
        body.replace_range(
            open..close + "</target>".len(),
            &format!("<target>{escaped}</target>"),
        );
    } else {
        let close = body.find("</source>").unwrap() + "</source>".len();
        body.insert_str(close, &format!("<target>{escaped}</target>"));
    }
    let at = body.find("state=\"").unwrap() + "state=\"".len();
    let len = body[at..].find('"').unwrap();
    body.replace_range(at..at + len, state);
    format!("{}{}{}", &xml[..start], body, &xml[end..])
}

#[test]
fn a_story_goes_out_and_its_translations_come_back() {
    let (dir, mut desk, id) = desk_with_story();
    let path = dir.path().join("02.xlf");
    assert_eq!(desk.xliff_export(id, &path, t(2)).unwrap(), 6);
    let xml = std::fs::read_to_string(&path).unwrap();
    let story = desk.story(id).unwrap();
    let seg = |no: usize| format!("s{}", story.segments[no - 1].id);
    // The states: done → translated, draft → initial, untranslated → no target.
    assert!(xml.contains("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"ar\" trgLang=\"en\">"));
    assert!(xml.contains(&format!("<unit id=\"{}\">", seg(1))));
    let en: Vec<String> = ntrex("02.en.txt").lines().map(str::to_string).collect();
    assert!(xml.contains(&format!("<segment state=\"translated\">\n        <source>ارتفاع عدد الوفيات جراء تسونامي إندونيسيا إلى 832</source>\n        <target>{}</target>", en[0])));

    // The freelancer's tool: a corrected row 2, rows 3 and 4 translated, a headline.
    let mut edited = set_target(
        &xml,
        &seg(2),
        &en[1].replace("climbed", "risen"),
        "translated",
    );
    edited = set_target(&edited, &seg(3), &en[2], "translated");
    edited = set_target(&edited, &seg(4), &en[3], "initial");
    edited = set_target(
        &edited,
        "headline",
        "Indonesia tsunami toll rises to 832 & more",
        "translated",
    );
    std::fs::write(&path, &edited).unwrap();

    let lina = Actor::new("Lina", Role::Translator);
    let taken = desk.xliff_import(&path, &lina, t(3)).unwrap();
    assert_eq!((taken.story, taken.changed), (id, 4));
    let after = desk.story(id).unwrap();
    let targets: Vec<&str> = after.segments.iter().map(|s| s.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            en[0].clone(),
            en[1].replace("climbed", "risen"),
            en[2].clone(),
            en[3].clone()
        ]
    );
    let states: Vec<SegmentState> = after.segments.iter().map(|s| s.state).collect();
    assert_eq!(
        states,
        [
            SegmentState::Done,
            SegmentState::Done,
            SegmentState::Done,
            SegmentState::Draft
        ]
    );
    assert_eq!(after.headline, "Indonesia tsunami toll rises to 832 & more");
    let last = after.history.last().unwrap();
    assert_eq!(
        (last.actor.as_str(), last.action.as_str()),
        ("Lina", "take translations")
    );
    let revisions = desk.revisions(id).unwrap();
    assert!(revisions
        .iter()
        .any(|r| r.actor == "Lina" && r.body == en[2]));

    // The same file again changes nothing: the texts are already there.
    assert_eq!(desk.xliff_import(&path, &lina, t(4)).unwrap().changed, 0);
}

#[test]
fn a_text_changed_on_the_desk_since_the_export_is_not_overwritten() {
    let (dir, mut desk, id) = desk_with_story();
    let path = dir.path().join("02.xlf");
    desk.xliff_export(id, &path, t(2)).unwrap();
    let xml = std::fs::read_to_string(&path).unwrap();
    let story = desk.story(id).unwrap();
    let first = format!("s{}", story.segments[0].id);
    desk.translate(
        id,
        None,
        1,
        "Indonesia's tsunami death toll rises to 832",
        None,
        &rana(),
        t(3),
    )
    .unwrap();
    std::fs::write(
        &path,
        set_target(&xml, &first, "The toll rises to 832", "translated"),
    )
    .unwrap();
    let before = desk.story(id).unwrap();
    let e = desk.xliff_import(&path, &rana(), t(4)).unwrap_err();
    assert_eq!(e.code(), "conflict");
    assert!(e.to_string().contains("segment 1"), "{e}");
    assert_eq!(desk.story(id).unwrap(), before);
    // A row the desk left alone comes in all the same.
    let third = format!("s{}", story.segments[2].id);
    std::fs::write(
        &path,
        set_target(&xml, &third, "Many people were trapped.", "translated"),
    )
    .unwrap();
    assert_eq!(desk.xliff_import(&path, &rana(), t(5)).unwrap().changed, 1);
}

#[test]
fn a_file_of_another_story_or_no_story_is_refused() {
    let (dir, mut desk, id) = desk_with_story();
    let path = dir.path().join("02.xlf");
    desk.xliff_export(id, &path, t(2)).unwrap();
    let xml = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, xml.replace(&format!("story-{id}"), "story-99")).unwrap();
    assert_eq!(
        desk.xliff_import(&path, &rana(), t(3)).unwrap_err().code(),
        "story_not_found"
    );
    // A unit that is no segment of this story.
    let story = desk.story(id).unwrap();
    let first = format!("s{}", story.segments[0].id);
    std::fs::write(
        &path,
        set_target(&xml, &first, "x", "translated").replace(&first, "s9999"),
    )
    .unwrap();
    assert_eq!(
        desk.xliff_import(&path, &rana(), t(3)).unwrap_err().code(),
        "invalid_input"
    );
    // Broken XML names its line; XLIFF 1.2 and other XML are not taken.
    std::fs::write(&path, xml.replacen("</source>", "</sauce>", 3)).unwrap();
    let e = desk.xliff_import(&path, &rana(), t(3)).unwrap_err();
    assert_eq!(e.code(), "malformed");
    assert!(e.to_string().contains("line "), "{e}");
    std::fs::write(&path, "<xliff version=\"1.2\"><file/></xliff>").unwrap();
    assert!(desk
        .xliff_import(&path, &rana(), t(3))
        .unwrap_err()
        .to_string()
        .contains("XLIFF 1.2"));
    std::fs::write(&path, "<html/>").unwrap();
    assert_eq!(
        desk.xliff_import(&path, &rana(), t(3)).unwrap_err().code(),
        "malformed"
    );
}

#[test]
fn the_file_keeps_to_the_xliff_2_core_structure() {
    // What the XLIFF 2.1 core schema requires of these elements, checked on the
    // file as written: the namespace and version, a file id, unique unit ids,
    // notes before the segment, a source in every segment, and states from the
    // schema's list.
    let (dir, desk, id) = desk_with_story();
    let path = dir.path().join("02.xlf");
    desk.xliff_export(id, &path, t(2)).unwrap();
    let xml = std::fs::read_to_string(&path).unwrap();
    let mut reader = Reader::from_str(&xml);
    let mut stack: Vec<String> = Vec::new();
    let mut unit_ids = std::collections::HashSet::new();
    let mut children: Vec<Vec<String>> = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => {
                let name = String::from_utf8(e.local_name().as_ref().to_vec()).unwrap();
                if let Some(siblings) = children.last_mut() {
                    siblings.push(name.clone());
                }
                match name.as_str() {
                    "xliff" => {
                        assert_eq!(attribute(&e, b"xmlns").as_deref(), Some(NAMESPACE));
                        assert_eq!(attribute(&e, b"version").as_deref(), Some("2.1"));
                        assert!(attribute(&e, b"srcLang").is_some());
                    }
                    "file" => assert!(attribute(&e, b"id").is_some()),
                    "unit" => assert!(unit_ids.insert(attribute(&e, b"id").unwrap())),
                    "segment" => {
                        let state = attribute(&e, b"state").unwrap();
                        assert!(["initial", "translated", "reviewed", "final"]
                            .contains(&state.as_str()));
                    }
                    _ => {}
                }
                let parent = stack.last().map(String::as_str);
                let allowed = match name.as_str() {
                    "xliff" => parent.is_none(),
                    "file" => parent == Some("xliff"),
                    "notes" => matches!(parent, Some("file" | "unit")),
                    "note" => parent == Some("notes"),
                    "unit" => parent == Some("file"),
                    "segment" => parent == Some("unit"),
                    "source" | "target" => parent == Some("segment"),
                    _ => false,
                };
                assert!(allowed, "<{name}> inside {parent:?}");
                stack.push(name);
                children.push(Vec::new());
            }
            Event::End(_) => {
                let name = stack.pop().unwrap();
                let inside = children.pop().unwrap();
                match name.as_str() {
                    "unit" | "file" => {
                        let notes = inside.iter().position(|c| c == "notes");
                        assert!(notes.is_none_or(|n| n == 0), "notes come first in <{name}>");
                    }
                    "segment" => assert_eq!(inside.first().map(String::as_str), Some("source")),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(unit_ids.len(), 6);
}
