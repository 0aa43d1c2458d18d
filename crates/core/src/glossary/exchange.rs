//! Glossaries from and for other tools: OmegaT's tab-separated files (source,
//! rendering, comment; Dragoman adds a fourth column, `forbidden`, that OmegaT
//! ignores) and TBX-Basic, read with `quick-xml` as a stream.
//!
//! An import is one transaction: a malformed file adds nothing and names the
//! line where it went wrong. Terms already in the glossary are left as they are.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

use super::{insert_term, NewTerm, TermsImported};
use crate::desk::stamp;
use crate::error::{Error, ErrorCode, Result};
use crate::memory::same_language;
use crate::model::Actor;
use crate::store::Desk;

/// The glossary file formats the desk reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlossaryFormat {
    /// OmegaT's glossary: UTF-8, one term a line, tab-separated.
    Tsv,
    /// TBX-Basic (ISO 30042), the terminology exchange format of memoQ and Trados.
    Tbx,
}

impl GlossaryFormat {
    /// The format a file name says: `.tbx` (or `.xml`) is TBX, anything else
    /// (`.tsv`, `.txt`, `.utf8`, OmegaT's names) tab-separated.
    pub fn of(path: &Path) -> GlossaryFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("tbx") | Some("xml") => GlossaryFormat::Tbx,
            _ => GlossaryFormat::Tsv,
        }
    }
}

/// The languages a file's terms are in; each `None` is taken from the file
/// (TBX) or guessed from the words (tab-separated files do not say).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermLanguages {
    pub source: Option<String>,
    pub target: Option<String>,
}

/// The longest file a glossary import reads: a glossary is thousands of terms,
/// and a larger file is a mistake (a memory, a dump) rather than a glossary.
const MAX_GLOSSARY_BYTES: u64 = 64 * 1024 * 1024;

fn malformed(path: &Path, line: usize, what: impl std::fmt::Display, format: &str) -> Error {
    Error::Intake {
        path: path.display().to_string(),
        code: ErrorCode::Malformed,
        reason: format!("line {line}: {what}; this is not a {format} glossary the desk can read"),
    }
}

fn attribute(e: &BytesStart<'_>, names: &[&[u8]]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        names
            .contains(&a.key.as_ref())
            .then(|| a.unescape_value().ok().map(|v| v.into_owned()))
            .flatten()
    })
}

/// Administrative statuses that mark a term as one not to use.
fn deprecated(status: &str) -> bool {
    let s = status.trim().to_ascii_lowercase();
    s.starts_with("deprecated") || s.starts_with("superseded") || s == "forbidden"
}

/// A term of a TBX entry as it is read.
#[derive(Default, Clone)]
struct TbxTerm {
    lang: String,
    text: String,
    forbidden: bool,
}

impl Desk {
    /// Adds the terms of a glossary file.
    pub fn glossary_import(
        &mut self,
        path: &Path,
        languages: &TermLanguages,
        by: &Actor,
        now: DateTime<Utc>,
    ) -> Result<TermsImported> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > MAX_GLOSSARY_BYTES {
            return Err(Error::Intake {
                path: path.display().to_string(),
                code: ErrorCode::TooLarge,
                reason: format!(
                    "{} MB is more than a glossary ({} MB at most); split the file or import it \
                     as a translation memory",
                    size / (1024 * 1024),
                    MAX_GLOSSARY_BYTES / (1024 * 1024)
                ),
            });
        }
        let at = stamp(now);
        let target_lang = self.setting("target_language")?;
        let reader = BufReader::new(file);
        match GlossaryFormat::of(path) {
            GlossaryFormat::Tsv => self.write(|tx| {
                let mut done = TermsImported::default();
                for (i, line) in reader.lines().enumerate() {
                    let line = line.map_err(|e| match e.kind() {
                        std::io::ErrorKind::InvalidData => {
                            malformed(path, i + 1, "the text is not UTF-8", "tab-separated")
                        }
                        _ => Error::io(path, e),
                    })?;
                    let line = line.trim_start_matches('\u{feff}');
                    // OmegaT writes comments after `#`; an empty line separates nothing.
                    if line.trim().is_empty() || line.starts_with('#') {
                        continue;
                    }
                    let mut columns = line.split('\t');
                    let source = columns.next().unwrap_or("").trim();
                    let target = columns.next().unwrap_or("").trim();
                    let note = columns.next().unwrap_or("").trim();
                    let forbidden = columns
                        .next()
                        .is_some_and(|f| f.trim().eq_ignore_ascii_case("forbidden"));
                    if source.is_empty() || target.is_empty() {
                        done.skipped += 1;
                        continue;
                    }
                    let term = NewTerm {
                        source: source.to_string(),
                        target: target.to_string(),
                        note: note.to_string(),
                        forbidden,
                        source_lang: languages.source.clone(),
                        target_lang: languages.target.clone(),
                    };
                    match insert_term(tx, &term, &target_lang, &by.name, &at) {
                        Ok((_, true)) => done.added += 1,
                        Ok((_, false)) => done.already += 1,
                        Err(Error::InvalidInput(_)) => done.skipped += 1,
                        Err(e) => return Err(e),
                    }
                }
                Ok(done)
            }),
            GlossaryFormat::Tbx => {
                let mut xml = Reader::from_reader(reader);
                self.write(|tx| import_tbx(tx, &mut xml, path, languages, &by.name, &at))
            }
        }
    }

    /// Writes the glossary to `path` in the format its name says, whole under a
    /// temporary name and then renamed. Returns how many terms it wrote.
    pub fn glossary_export(&self, path: &Path, now: DateTime<Utc>) -> Result<usize> {
        let terms = self.terms()?;
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut temp = tempfile::NamedTempFile::new_in(folder).map_err(|e| Error::io(folder, e))?;
        {
            let mut out = std::io::BufWriter::new(temp.as_file_mut());
            let io = |e: std::io::Error| Error::io(path, e);
            match GlossaryFormat::of(path) {
                GlossaryFormat::Tsv => {
                    for t in &terms {
                        // A tab or line break inside a field would start a new column
                        // or term in every tool that reads the file.
                        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
                        let mut line = format!(
                            "{}\t{}\t{}",
                            clean(&t.source),
                            clean(&t.target),
                            clean(&t.note)
                        );
                        if t.forbidden {
                            line.push_str("\tforbidden");
                        }
                        writeln!(out, "{line}").map_err(io)?;
                    }
                }
                GlossaryFormat::Tbx => write_tbx(&mut out, &terms, now).map_err(io)?,
            }
            out.flush().map_err(io)?;
        }
        temp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
        temp.persist(path).map_err(|e| Error::io(path, e.error))?;
        Ok(terms.len())
    }
}

fn import_tbx<R: BufRead>(
    tx: &rusqlite::Transaction<'_>,
    xml: &mut Reader<R>,
    path: &Path,
    languages: &TermLanguages,
    author: &str,
    at: &str,
) -> Result<TermsImported> {
    let line_of = |position: u64| -> usize {
        // Counted again from the start of the file: only on the way to an error.
        std::fs::read(path)
            .map(|b| {
                b.iter()
                    .take(position as usize)
                    .filter(|&&c| c == b'\n')
                    .count()
                    + 1
            })
            .unwrap_or(0)
    };
    let mut done = TermsImported::default();
    let mut buf = Vec::new();
    let mut seen_root = false;
    // The entry being read: its note and its terms.
    let mut entry: Option<(String, Vec<TbxTerm>)> = None;
    let mut lang: Option<String> = None;
    let mut term: Option<TbxTerm> = None;
    // The text of the element being read, and which element it is.
    let mut reading: Option<(Vec<u8>, Option<String>, String)> = None;
    loop {
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| malformed(path, line_of(xml.error_position()), e, "TBX"))?;
        match event {
            Event::Start(ref e) => {
                let tag = e.local_name().as_ref().to_vec();
                match tag.as_slice() {
                    b"martif" | b"tbx" => seen_root = true,
                    b"termEntry" | b"conceptEntry" => entry = Some((String::new(), Vec::new())),
                    b"langSet" | b"langSec" => lang = attribute(e, &[b"xml:lang", b"lang"]),
                    b"tig" | b"ntig" | b"termSec" => {
                        term = Some(TbxTerm {
                            lang: lang.clone().unwrap_or_default(),
                            ..TbxTerm::default()
                        })
                    }
                    b"term" | b"note" | b"termNote" | b"descrip" => {
                        reading = Some((tag, attribute(e, &[b"type"]), String::new()));
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) => {
                if let Some((_, _, text)) = reading.as_mut() {
                    let s = t
                        .xml_content()
                        .map_err(|e| malformed(path, line_of(xml.buffer_position()), e, "TBX"))?;
                    text.push_str(&s);
                }
            }
            Event::CData(ref t) => {
                if let Some((_, _, text)) = reading.as_mut() {
                    text.push_str(&String::from_utf8_lossy(t));
                }
            }
            Event::GeneralRef(ref r) => {
                if let Some((_, _, text)) = reading.as_mut() {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        _ => {
                            let name = r.decode().unwrap_or_default();
                            quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string)
                        }
                    };
                    match resolved {
                        Some(s) => text.push_str(&s),
                        None => {
                            return Err(malformed(
                                path,
                                line_of(xml.buffer_position()),
                                format!("unknown entity &{};", String::from_utf8_lossy(r)),
                                "TBX",
                            ))
                        }
                    }
                }
            }
            Event::End(ref e) => {
                let tag = e.local_name();
                match tag.as_ref() {
                    b"term" | b"note" | b"termNote" | b"descrip" => {
                        if let Some((_, kind, text)) = reading.take() {
                            let kind = kind.unwrap_or_default();
                            match tag.as_ref() {
                                b"term" => {
                                    if let Some(t) = term.as_mut() {
                                        t.text = text.trim().to_string();
                                    }
                                }
                                b"termNote"
                                    if kind == "administrativeStatus"
                                        || kind == "normativeAuthorization" =>
                                {
                                    if let Some(t) = term.as_mut() {
                                        t.forbidden = deprecated(&text);
                                    }
                                }
                                b"note" | b"descrip" if term.is_none() => {
                                    if let Some((note, _)) = entry.as_mut() {
                                        if note.is_empty() {
                                            *note = text.trim().to_string();
                                        }
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    b"tig" | b"ntig" | b"termSec" => {
                        if let (Some(t), Some((_, terms))) = (term.take(), entry.as_mut()) {
                            if !t.text.is_empty() {
                                terms.push(t);
                            }
                        }
                    }
                    b"langSet" | b"langSec" => lang = None,
                    b"termEntry" | b"conceptEntry" => {
                        let Some((note, terms)) = entry.take() else {
                            continue;
                        };
                        let source_lang = languages
                            .source
                            .clone()
                            .or_else(|| terms.first().map(|t| t.lang.clone()));
                        let Some(source_lang) = source_lang else {
                            done.skipped += 1;
                            continue;
                        };
                        let sources: Vec<&TbxTerm> = terms
                            .iter()
                            .filter(|t| same_language(&t.lang, &source_lang))
                            .collect();
                        let targets: Vec<&TbxTerm> = terms
                            .iter()
                            .filter(|t| match &languages.target {
                                Some(l) => same_language(&t.lang, l),
                                None => !t.lang.is_empty() && !same_language(&t.lang, &source_lang),
                            })
                            .collect();
                        if sources.is_empty() || targets.is_empty() {
                            done.skipped += 1;
                            continue;
                        }
                        // Every source term of the entry with every rendering: a
                        // synonym in the source finds the same agreed rendering.
                        for s in sources.iter().filter(|s| !s.forbidden) {
                            for t in &targets {
                                let new = NewTerm {
                                    source: s.text.clone(),
                                    target: t.text.clone(),
                                    note: note.clone(),
                                    forbidden: t.forbidden,
                                    source_lang: Some(s.lang.clone()),
                                    target_lang: Some(t.lang.clone()),
                                };
                                match insert_term(tx, &new, "", author, at) {
                                    Ok((_, true)) => done.added += 1,
                                    Ok((_, false)) => done.already += 1,
                                    Err(Error::InvalidInput(_)) => done.skipped += 1,
                                    Err(e) => return Err(e),
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !seen_root {
        return Err(malformed(
            path,
            1,
            "there is no <martif> or <tbx> element",
            "TBX",
        ));
    }
    if entry.is_some() {
        return Err(malformed(
            path,
            line_of(xml.buffer_position()),
            "the file ends inside a term entry",
            "TBX",
        ));
    }
    Ok(done)
}

/// TBX-Basic: one entry a term, the source and the rendering in their own
/// language sections, a forbidden rendering marked deprecated.
fn write_tbx<W: Write>(
    out: &mut W,
    terms: &[super::Term],
    now: DateTime<Utc>,
) -> std::io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Start(
        BytesStart::new("martif").with_attributes([("type", "TBX-Basic"), ("xml:lang", "en")]),
    ))?;
    w.write_event(Event::Start(BytesStart::new("martifHeader")))?;
    w.write_event(Event::Start(BytesStart::new("fileDesc")))?;
    w.write_event(Event::Start(BytesStart::new("sourceDesc")))?;
    w.write_event(Event::Start(BytesStart::new("p")))?;
    let said = format!("Written by Dragoman on {}", stamp(now));
    w.write_event(Event::Text(BytesText::new(&said)))?;
    w.write_event(Event::End(BytesEnd::new("p")))?;
    w.write_event(Event::End(BytesEnd::new("sourceDesc")))?;
    w.write_event(Event::End(BytesEnd::new("fileDesc")))?;
    w.write_event(Event::End(BytesEnd::new("martifHeader")))?;
    w.write_event(Event::Start(BytesStart::new("text")))?;
    w.write_event(Event::Start(BytesStart::new("body")))?;
    for t in terms {
        let id = format!("t{}", t.id);
        w.write_event(Event::Start(
            BytesStart::new("termEntry").with_attributes([("id", id.as_str())]),
        ))?;
        if !t.note.is_empty() {
            w.write_event(Event::Start(BytesStart::new("note")))?;
            w.write_event(Event::Text(BytesText::new(&t.note)))?;
            w.write_event(Event::End(BytesEnd::new("note")))?;
        }
        for (lang, text, forbidden) in [
            (&t.source_lang, &t.source, false),
            (&t.target_lang, &t.target, t.forbidden),
        ] {
            w.write_event(Event::Start(
                BytesStart::new("langSet").with_attributes([("xml:lang", lang.as_str())]),
            ))?;
            w.write_event(Event::Start(BytesStart::new("tig")))?;
            w.write_event(Event::Start(BytesStart::new("term")))?;
            w.write_event(Event::Text(BytesText::new(text)))?;
            w.write_event(Event::End(BytesEnd::new("term")))?;
            let status = if forbidden {
                "deprecatedTerm-admn-sts"
            } else {
                "preferredTerm-admn-sts"
            };
            w.write_event(Event::Start(
                BytesStart::new("termNote").with_attributes([("type", "administrativeStatus")]),
            ))?;
            w.write_event(Event::Text(BytesText::new(status)))?;
            w.write_event(Event::End(BytesEnd::new("termNote")))?;
            w.write_event(Event::End(BytesEnd::new("tig")))?;
            w.write_event(Event::End(BytesEnd::new("langSet")))?;
        }
        w.write_event(Event::End(BytesEnd::new("termEntry")))?;
    }
    w.write_event(Event::End(BytesEnd::new("body")))?;
    w.write_event(Event::End(BytesEnd::new("text")))?;
    w.write_event(Event::End(BytesEnd::new("martif")))?;
    w.into_inner().write_all(b"\n")
}
