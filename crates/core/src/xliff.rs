//! XLIFF 2.1 for outside translators, who work in memoQ, Trados or OmegaT. One
//! story is one file: a `<unit>` per segment (by the segment's id, which stays
//! with its text through splits and moves elsewhere), the headline and the
//! standfirst as units, each segment's `state` from the segment and the story
//! (initial, translated, reviewed, final), and notes for Read Also rows and the
//! source. The file carries the story's id and the time it was written, so its
//! translations come back into the same story and never over newer text.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};
use serde::Serialize;

use crate::desk::{stamp, Translations};
use crate::error::{Error, ErrorCode, Result};
use crate::model::{SegmentState, Status, Story};
use crate::store::Desk;

const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// The largest XLIFF file taken back: one story, with room to spare.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// What taking a file back did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct XliffTaken {
    pub story: i64,
    pub version: i64,
    /// Texts that changed (segments, headline, standfirst).
    pub changed: usize,
}

fn state_of(story: &Story, text_present: bool, done: bool) -> &'static str {
    if !text_present {
        return "initial";
    }
    match story.status {
        Status::Published => "final",
        Status::Edited => "reviewed",
        _ if done => "translated",
        _ => "initial",
    }
}

fn malformed(path: &Path, what: impl std::fmt::Display) -> Error {
    Error::Intake {
        path: path.display().to_string(),
        code: ErrorCode::Malformed,
        reason: format!("{what}; this is not an XLIFF file of a story Dragoman exported"),
    }
}

impl Desk {
    /// Writes story `id` to `path` as XLIFF 2.1, whole or not at all. Returns
    /// the number of units.
    pub fn xliff_export(&self, id: i64, path: &Path, now: DateTime<Utc>) -> Result<usize> {
        let story = self.story(id)?;
        let xml = |e: std::io::Error| Error::io(path, e);
        let mut units = 0;
        // One story is small: it is written in memory, then to disk whole by the
        // export's own atomic write.
        let mut bytes = Vec::new();
        {
            let mut w = Writer::new_with_indent(&mut bytes, b' ', 2);
            w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
                .map_err(xml)?;
            w.write_event(Event::Start(BytesStart::new("xliff").with_attributes([
                ("xmlns", NAMESPACE),
                ("version", "2.1"),
                ("srcLang", story.source.language.as_str()),
                ("trgLang", story.language.as_str()),
            ])))
            .map_err(xml)?;
            let file_id = format!("story-{id}");
            w.write_event(Event::Start(
                BytesStart::new("file").with_attributes([("id", file_id.as_str())]),
            ))
            .map_err(xml)?;
            let exported = stamp(now);
            let source = [
                story.source.name.as_str(),
                story.source.url.as_str(),
                story.source.date.as_str(),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
            let mut notes = vec![
                ("exported", "dragoman", exported.clone()),
                ("version", "dragoman", story.version.to_string()),
            ];
            if !source.is_empty() {
                notes.push(("source", "source", format!("Source: {source}")));
            }
            write_notes(&mut w, &notes).map_err(xml)?;

            let done_meta = matches!(story.status, Status::Edited | Status::Published);
            let headline_note = if story.source.headline.is_empty() {
                "The headline; the original has none.".to_string()
            } else {
                "The headline, from the original headline.".to_string()
            };
            write_unit(
                &mut w,
                "headline",
                &story.source.headline,
                &story.headline,
                state_of(&story, !story.headline.is_empty(), done_meta),
                Some(&headline_note),
                false,
            )
            .map_err(xml)?;
            write_unit(
                &mut w,
                "standfirst",
                "",
                &story.standfirst,
                state_of(&story, !story.standfirst.is_empty(), done_meta),
                Some("The summary line under the headline, usually with the attribution: “…, according to the source.”"),
                false,
            )
            .map_err(xml)?;
            units += 2;
            for seg in &story.segments {
                let unit_id = format!("s{}", seg.id);
                let related = seg.related.map(|r| {
                    let headline = story
                        .related
                        .iter()
                        .find(|s| s.id == r)
                        .map_or(String::new(), |s| format!(": {}", s.headline));
                    format!("Read Also line, linking story {r}{headline}; not translated here.")
                });
                let note = related.clone().or_else(|| {
                    seg.source
                        .trim()
                        .is_empty()
                        .then(|| "An editor's paragraph without source.".to_string())
                });
                write_unit(
                    &mut w,
                    &unit_id,
                    &seg.source,
                    &seg.target,
                    state_of(
                        &story,
                        !seg.target.is_empty(),
                        seg.state == SegmentState::Done,
                    ),
                    note.as_deref(),
                    related.is_some(),
                )
                .map_err(xml)?;
                units += 1;
            }
            w.write_event(Event::End(BytesEnd::new("file")))
                .map_err(xml)?;
            w.write_event(Event::End(BytesEnd::new("xliff")))
                .map_err(xml)?;
            w.into_inner().write_all(b"\n").map_err(xml)?;
        }
        crate::export::write_atomic(path, &bytes)?;
        Ok(units)
    }

    /// Takes the translations of an XLIFF file this desk exported back into its
    /// story, recorded as `actor`'s change. A file for a story not on the desk, a
    /// unit of another story, or a text changed on the desk since the export is
    /// refused, with nothing written.
    pub fn xliff_import(
        &mut self,
        path: &Path,
        actor: &crate::model::Actor,
        now: DateTime<Utc>,
    ) -> Result<XliffTaken> {
        let file = read(path)?;
        let story = self.story(file.story)?;
        if !crate::memory::same_language(&file.source_lang, &story.source.language) {
            return Err(malformed(
                path,
                format!(
                    "its source language is {}, story {}'s is {}",
                    file.source_lang, story.id, story.source.language
                ),
            ));
        }
        let (saved, changed) =
            self.take_translations(story.id, &file.translations, &file.exported, actor, now)?;
        Ok(XliffTaken {
            story: story.id,
            version: saved.version,
            changed,
        })
    }
}

fn write_notes<W: Write>(w: &mut Writer<W>, notes: &[(&str, &str, String)]) -> std::io::Result<()> {
    w.write_event(Event::Start(BytesStart::new("notes")))?;
    for (id, category, text) in notes {
        w.write_event(Event::Start(
            BytesStart::new("note").with_attributes([("id", *id), ("category", *category)]),
        ))?;
        w.write_event(Event::Text(BytesText::new(text)))?;
        w.write_event(Event::End(BytesEnd::new("note")))?;
    }
    w.write_event(Event::End(BytesEnd::new("notes")))?;
    Ok(())
}

fn write_unit<W: Write>(
    w: &mut Writer<W>,
    id: &str,
    source: &str,
    target: &str,
    state: &str,
    note: Option<&str>,
    untranslatable: bool,
) -> std::io::Result<()> {
    let mut unit = BytesStart::new("unit").with_attributes([("id", id)]);
    if untranslatable {
        unit.push_attribute(("translate", "no"));
    }
    w.write_event(Event::Start(unit))?;
    if let Some(note) = note {
        w.write_event(Event::Start(BytesStart::new("notes")))?;
        w.write_event(Event::Start(
            BytesStart::new("note").with_attributes([("category", "context")]),
        ))?;
        w.write_event(Event::Text(BytesText::new(note)))?;
        w.write_event(Event::End(BytesEnd::new("note")))?;
        w.write_event(Event::End(BytesEnd::new("notes")))?;
    }
    w.write_event(Event::Start(
        BytesStart::new("segment").with_attributes([("state", state)]),
    ))?;
    // Text is written as one event, so the indentation never enters it.
    w.write_event(Event::Start(BytesStart::new("source")))?;
    w.write_event(Event::Text(BytesText::new(source)))?;
    w.write_event(Event::End(BytesEnd::new("source")))?;
    if !target.is_empty() {
        w.write_event(Event::Start(BytesStart::new("target")))?;
        w.write_event(Event::Text(BytesText::new(target)))?;
        w.write_event(Event::End(BytesEnd::new("target")))?;
    }
    w.write_event(Event::End(BytesEnd::new("segment")))?;
    w.write_event(Event::End(BytesEnd::new("unit")))?;
    Ok(())
}

/// What a file says.
struct XliffFile {
    story: i64,
    source_lang: String,
    exported: String,
    translations: Translations,
}

fn attribute(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn read(path: &Path) -> Result<XliffFile> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(malformed(path, "it is not a regular file"));
    }
    if meta.len() > MAX_BYTES {
        return Err(Error::Intake {
            path: path.display().to_string(),
            code: ErrorCode::TooLarge,
            reason: format!(
                "{} MB is more than one story's XLIFF ({} MB at most)",
                meta.len() / (1024 * 1024),
                MAX_BYTES / (1024 * 1024)
            ),
        });
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_BYTES + 1), &mut bytes)
        .map_err(|e| Error::io(path, e))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| malformed(path, "it is not UTF-8"))?;
    let line = |pos: u64| {
        text.as_bytes()[..(pos as usize).min(text.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    };
    let mut reader = Reader::from_str(text);
    let mut story: Option<i64> = None;
    let mut source_lang = String::new();
    let mut exported: Option<String> = None;
    let mut note_id: Option<String> = None;
    let mut unit: Option<(String, bool)> = None;
    let mut state = String::new();
    let mut in_target = false;
    let mut target = String::new();
    let mut has_target = false;
    let mut seen_xliff = false;
    let mut translations = Translations::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| malformed(path, format!("line {}: {e}", line(reader.error_position()))))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => match e.local_name().as_ref() {
                b"xliff" => {
                    seen_xliff = true;
                    let version = attribute(e, b"version").unwrap_or_default();
                    if !version.starts_with("2.") {
                        return Err(malformed(
                            path,
                            format!("it is XLIFF {version}; Dragoman reads XLIFF 2.0 and 2.1"),
                        ));
                    }
                    source_lang = attribute(e, b"srcLang").unwrap_or_default();
                }
                b"file" => {
                    let id = attribute(e, b"id").unwrap_or_default();
                    story = id.strip_prefix("story-").and_then(|n| n.parse().ok());
                    if story.is_none() {
                        return Err(malformed(
                            path,
                            format!("its file id “{id}” names no story"),
                        ));
                    }
                }
                b"note" if unit.is_none() => note_id = attribute(e, b"id"),
                b"unit" => {
                    let id = attribute(e, b"id").unwrap_or_default();
                    let translate = attribute(e, b"translate").is_none_or(|t| t != "no");
                    unit = Some((id, translate));
                    state.clear();
                    target.clear();
                    has_target = false;
                }
                b"segment" => state = attribute(e, b"state").unwrap_or_default(),
                b"target" if matches!(event, Event::Start(_)) => {
                    in_target = true;
                    has_target = true;
                }
                b"target" => has_target = true,
                _ => {}
            },
            Event::Text(ref t) => {
                let value = t.xml_content().map_err(|e| {
                    malformed(
                        path,
                        format!("line {}: {e}", line(reader.buffer_position())),
                    )
                })?;
                if in_target {
                    target.push_str(&value);
                } else if note_id.as_deref() == Some("exported") {
                    exported = Some(value.trim().to_string());
                }
            }
            Event::GeneralRef(ref r) if in_target => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(
                        &r.decode().unwrap_or_default(),
                    )
                    .map(str::to_string),
                };
                target.push_str(&resolved.ok_or_else(|| {
                    malformed(
                        path,
                        format!("line {}: an unknown entity", line(reader.buffer_position())),
                    )
                })?);
            }
            Event::CData(ref t) if in_target => target.push_str(&String::from_utf8_lossy(t)),
            Event::End(ref e) => match e.local_name().as_ref() {
                b"target" => in_target = false,
                b"note" => note_id = None,
                b"unit" => {
                    let Some((id, translate)) = unit.take() else {
                        continue;
                    };
                    if !translate || !has_target {
                        continue;
                    }
                    let done = matches!(state.as_str(), "translated" | "reviewed" | "final");
                    let text = std::mem::take(&mut target);
                    match id.as_str() {
                        "headline" => translations.headline = Some(text),
                        "standfirst" => translations.standfirst = Some(text),
                        other => {
                            let segment = other
                                .strip_prefix('s')
                                .and_then(|n| n.parse().ok())
                                .ok_or_else(|| {
                                    malformed(
                                        path,
                                        format!("its unit id “{other}” names no segment"),
                                    )
                                })?;
                            translations.segments.push((segment, text, done));
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_xliff {
        return Err(malformed(path, "it has no <xliff> element"));
    }
    let story = story.ok_or_else(|| malformed(path, "it has no <file> of a story"))?;
    let exported =
        exported.ok_or_else(|| malformed(path, "it does not say when it was exported"))?;
    Ok(XliffFile {
        story,
        source_lang,
        exported,
        translations,
    })
}

#[cfg(test)]
mod tests;
