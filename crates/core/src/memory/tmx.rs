//! TMX 1.4b, the memory exchange format of OmegaT, memoQ and Trados: import
//! streamed with `quick-xml`, so a file of any size is read with a buffer of a
//! few kilobytes, and export of the memory as one paragraph-level TMX.
//!
//! An import is one transaction: a malformed file adds nothing and names the
//! line where it went wrong. Pairs already in the memory are left as they are.

use std::io::{BufReader, Read, Write};
use std::path::Path;

use chrono::{DateTime, NaiveDateTime, Utc};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};
use rusqlite::params;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{insert_words, primary_language, words};
use crate::desk::stamp;
use crate::error::{Error, ErrorCode, Result};
use crate::store::Desk;

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct TmxImported {
    /// Units added to the memory.
    pub added: usize,
    /// Pairs the memory already held.
    pub already: usize,
    /// Translation units without text in both languages.
    pub skipped: usize,
}

/// The languages of an import; each `None` is taken from the file: the
/// header's `srclang`, and the first other language of a unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TmxLanguages {
    pub source: Option<String>,
    pub target: Option<String>,
}

/// One `<tu>` as it is read.
#[derive(Default)]
struct Unit {
    author: Option<String>,
    created: Option<String>,
    changed: Option<String>,
    /// (language, text) of each `<tuv>`.
    variants: Vec<(String, String)>,
}

/// Elements inside `<seg>` that hold native codes, not text.
const CODES: &[&[u8]] = &[b"bpt", b"ept", b"ph", b"it", b"ut", b"sub"];

fn tmx_date(value: &str) -> Option<String> {
    NaiveDateTime::parse_from_str(value.trim(), "%Y%m%dT%H%M%SZ")
        .ok()
        .map(|d| stamp(d.and_utc()))
}

fn to_tmx_date(stamp: &str) -> String {
    DateTime::parse_from_rfc3339(stamp)
        .map(|d| d.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_default()
}

fn same(a: &str, b: &str) -> bool {
    primary_language(a) == primary_language(b)
}

/// The hash that keeps an imported pair once.
fn pair_hash(source_lang: &str, target_lang: &str, source: &str, target: &str) -> String {
    let mut h = Sha256::new();
    for part in [source_lang, target_lang, source, target] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn malformed(path: &Path, line: usize, what: impl std::fmt::Display) -> Error {
    Error::Intake {
        path: path.display().to_string(),
        code: ErrorCode::Malformed,
        reason: format!("line {line}: {what}; this is not a TMX file the memory can read"),
    }
}

/// The line of byte `position` of the file, counted again from its start.
fn line_at(path: &Path, position: u64) -> usize {
    let Ok(file) = std::fs::File::open(path) else {
        return 0;
    };
    let mut line = 1;
    for byte in BufReader::new(file).take(position).bytes() {
        if matches!(byte, Ok(b'\n')) {
            line += 1;
        }
    }
    line
}

fn attribute(e: &BytesStart<'_>, names: &[&[u8]]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        names
            .contains(&a.key.as_ref())
            .then(|| a.unescape_value().ok().map(|v| v.into_owned()))
            .flatten()
    })
}

impl Desk {
    /// Imports the translation units of a TMX file into the memory, calling
    /// `progress(read, total)` with bytes as it goes.
    pub fn tmx_import(
        &mut self,
        path: &Path,
        languages: &TmxLanguages,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<TmxImported> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let total = file.metadata().map(|m| m.len()).unwrap_or(0);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let at = stamp(now);
        let mut reader = Reader::from_reader(BufReader::with_capacity(64 * 1024, file));
        self.write(|tx| {
            let mut done = TmxImported::default();
            let mut buf = Vec::new();
            let mut header_source: Option<String> = None;
            let mut seen_tmx = false;
            let mut unit: Option<Unit> = None;
            let mut variant_lang: Option<String> = None;
            // A `<tuv>`'s own author, change date and creation date: OmegaT puts
            // them on the translation's variant rather than on the `<tu>`.
            let mut variant_changed: (Option<String>, Option<String>, Option<String>) =
                (None, None, None);
            let mut seg: Option<String> = None;
            let mut code_depth = 0usize;
            let mut last_report = 0u64;
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO memory_unit (source, target, source_lang, target_lang, file,
                        author, created_at, changed_at, words, pair_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            loop {
                let event = reader
                    .read_event_into(&mut buf)
                    .map_err(|e| malformed(path, line_at(path, reader.error_position()), e))?;
                match event {
                    Event::Start(ref e) | Event::Empty(ref e) => {
                        let empty = matches!(event, Event::Empty(_));
                        let tag = e.local_name();
                        if seg.is_some() {
                            if CODES.contains(&tag.as_ref()) && !empty {
                                code_depth += 1;
                            }
                            continue;
                        }
                        match tag.as_ref() {
                            b"tmx" => seen_tmx = true,
                            b"header" => {
                                header_source = attribute(e, &[b"srclang"])
                                    .filter(|l| !l.eq_ignore_ascii_case("*all*"));
                            }
                            b"tu" if !empty => {
                                unit = Some(Unit {
                                    author: attribute(e, &[b"changeid", b"creationid"]),
                                    created: attribute(e, &[b"creationdate"])
                                        .and_then(|d| tmx_date(&d)),
                                    changed: attribute(e, &[b"changedate"])
                                        .and_then(|d| tmx_date(&d)),
                                    variants: Vec::new(),
                                });
                            }
                            b"tuv" if !empty => {
                                variant_lang = attribute(e, &[b"xml:lang", b"lang"]);
                                variant_changed = (
                                    attribute(e, &[b"changeid", b"creationid"]),
                                    attribute(e, &[b"changedate", b"creationdate"])
                                        .and_then(|d| tmx_date(&d)),
                                    attribute(e, &[b"creationdate"]).and_then(|d| tmx_date(&d)),
                                );
                            }
                            b"seg" if !empty => seg = Some(String::new()),
                            b"seg" => {
                                if let (Some(u), Some(lang)) = (unit.as_mut(), variant_lang.clone())
                                {
                                    u.variants.push((lang, String::new()));
                                }
                            }
                            _ => {}
                        }
                    }
                    Event::Text(ref t) if code_depth == 0 => {
                        if let Some(s) = seg.as_mut() {
                            let text = t.xml_content().map_err(|e| {
                                malformed(path, line_at(path, reader.buffer_position()), e)
                            })?;
                            s.push_str(&text);
                        }
                    }
                    Event::CData(ref t) if code_depth == 0 => {
                        if let Some(s) = seg.as_mut() {
                            s.push_str(&String::from_utf8_lossy(t));
                        }
                    }
                    Event::GeneralRef(ref r) if code_depth == 0 => {
                        if let Some(s) = seg.as_mut() {
                            let resolved = match r.resolve_char_ref() {
                                Ok(Some(c)) => Some(c.to_string()),
                                _ => {
                                    let name = r.decode().unwrap_or_default();
                                    quick_xml::escape::resolve_predefined_entity(&name)
                                        .map(str::to_string)
                                }
                            };
                            match resolved {
                                Some(text) => s.push_str(&text),
                                None => {
                                    return Err(malformed(
                                        path,
                                        line_at(path, reader.buffer_position()),
                                        format!("unknown entity &{};", String::from_utf8_lossy(r)),
                                    ))
                                }
                            }
                        }
                    }
                    Event::End(ref e) => {
                        let tag = e.local_name();
                        if code_depth > 0 {
                            if CODES.contains(&tag.as_ref()) {
                                code_depth -= 1;
                            }
                            continue;
                        }
                        match tag.as_ref() {
                            b"seg" => {
                                if let (Some(u), Some(lang), Some(text)) =
                                    (unit.as_mut(), variant_lang.clone(), seg.take())
                                {
                                    if u.author.is_none() {
                                        u.author = variant_changed.0.clone();
                                    }
                                    if let Some(changed) = &variant_changed.1 {
                                        u.changed = Some(changed.clone());
                                    }
                                    if u.created.is_none() {
                                        u.created = variant_changed.2.clone();
                                    }
                                    u.variants.push((lang, text));
                                }
                                seg = None;
                            }
                            b"tu" => {
                                let Some(u) = unit.take() else { continue };
                                let source_lang = languages
                                    .source
                                    .clone()
                                    .or_else(|| header_source.clone())
                                    .or_else(|| u.variants.first().map(|(l, _)| l.clone()));
                                let Some(source_lang) = source_lang else {
                                    done.skipped += 1;
                                    continue;
                                };
                                let source = u.variants.iter().find(|(l, _)| same(l, &source_lang));
                                let target =
                                    u.variants.iter().find(|(l, _)| match &languages.target {
                                        Some(t) => same(l, t),
                                        None => !same(l, &source_lang),
                                    });
                                let (Some((s_lang, source)), Some((t_lang, target))) =
                                    (source, target)
                                else {
                                    done.skipped += 1;
                                    continue;
                                };
                                let (source, target) = (source.trim(), target.trim());
                                let unit_words = words(source);
                                if unit_words.is_empty() || target.is_empty() {
                                    done.skipped += 1;
                                    continue;
                                }
                                let (s_lang, t_lang) =
                                    (s_lang.to_ascii_lowercase(), t_lang.to_ascii_lowercase());
                                let created = u.created.clone().unwrap_or_else(|| at.clone());
                                let changed = u.changed.clone().unwrap_or_else(|| created.clone());
                                let author =
                                    u.author.clone().unwrap_or_else(|| "import".to_string());
                                let added = insert.execute(params![
                                    source,
                                    target,
                                    s_lang,
                                    t_lang,
                                    name,
                                    author,
                                    created,
                                    changed,
                                    unit_words.len() as i64,
                                    pair_hash(&s_lang, &t_lang, source, target)
                                ])?;
                                if added == 0 {
                                    done.already += 1;
                                } else {
                                    insert_words(tx, tx.last_insert_rowid(), &unit_words)?;
                                    done.added += 1;
                                }
                                let read = reader.buffer_position();
                                if read - last_report >= 256 * 1024 {
                                    last_report = read;
                                    progress(read, total);
                                }
                            }
                            b"tuv" => variant_lang = None,
                            _ => {}
                        }
                    }
                    Event::Eof => break,
                    _ => {}
                }
                buf.clear();
            }
            if !seen_tmx {
                return Err(malformed(path, 1, "there is no <tmx> element"));
            }
            if unit.is_some() || seg.is_some() {
                return Err(malformed(
                    path,
                    line_at(path, reader.buffer_position()),
                    "the file ends inside a translation unit",
                ));
            }
            progress(total, total);
            Ok(done)
        })
    }

    /// Writes the memory (or only its units from published stories) to `path`
    /// as TMX 1.4b, written whole under a temporary name and then renamed.
    pub fn tmx_export(
        &self,
        path: &Path,
        published_only: bool,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let mut stmt = self.conn.prepare(
            "SELECT id, source, target, source_lang, target_lang, author, created_at, changed_at
             FROM memory_unit WHERE ?1 = 0 OR published = 1 ORDER BY id",
        )?;
        let mut rows = stmt.query([published_only as i64])?;
        let folder = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut temp = tempfile::NamedTempFile::new_in(folder).map_err(|e| Error::io(folder, e))?;
        let mut count = 0;
        {
            let out = std::io::BufWriter::new(temp.as_file_mut());
            let mut w = Writer::new_with_indent(out, b' ', 2);
            let xml = |e: std::io::Error| Error::io(path, e);
            w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
                .map_err(xml)?;
            w.write_event(Event::Start(
                BytesStart::new("tmx").with_attributes([("version", "1.4")]),
            ))
            .map_err(xml)?;
            let created = to_tmx_date(&stamp(now));
            let version = env!("CARGO_PKG_VERSION");
            w.write_event(Event::Empty(BytesStart::new("header").with_attributes([
                ("creationtool", "Dragoman"),
                ("creationtoolversion", version),
                ("segtype", "paragraph"),
                ("o-tmf", "Dragoman"),
                ("adminlang", "en"),
                ("srclang", "*all*"),
                ("datatype", "plaintext"),
                ("creationdate", created.as_str()),
            ])))
            .map_err(xml)?;
            w.write_event(Event::Start(BytesStart::new("body")))
                .map_err(xml)?;
            while let Some(r) = rows.next()? {
                let (id, source, target, s_lang, t_lang, author, created, changed): (
                    i64,
                    String,
                    String,
                    String,
                    String,
                    String,
                    String,
                    String,
                ) = (
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                );
                let (id, created, changed) =
                    (id.to_string(), to_tmx_date(&created), to_tmx_date(&changed));
                w.write_event(Event::Start(BytesStart::new("tu").with_attributes([
                    ("tuid", id.as_str()),
                    ("srclang", s_lang.as_str()),
                    ("creationid", author.as_str()),
                    ("creationdate", created.as_str()),
                    ("changeid", author.as_str()),
                    ("changedate", changed.as_str()),
                ])))
                .map_err(xml)?;
                for (lang, text) in [(&s_lang, &source), (&t_lang, &target)] {
                    w.write_event(Event::Start(
                        BytesStart::new("tuv").with_attributes([("xml:lang", lang.as_str())]),
                    ))
                    .map_err(xml)?;
                    w.write_event(Event::Start(BytesStart::new("seg")))
                        .map_err(xml)?;
                    w.write_event(Event::Text(BytesText::new(text)))
                        .map_err(xml)?;
                    w.write_event(Event::End(BytesEnd::new("seg")))
                        .map_err(xml)?;
                    w.write_event(Event::End(BytesEnd::new("tuv")))
                        .map_err(xml)?;
                }
                w.write_event(Event::End(BytesEnd::new("tu")))
                    .map_err(xml)?;
                count += 1;
            }
            w.write_event(Event::End(BytesEnd::new("body")))
                .map_err(xml)?;
            w.write_event(Event::End(BytesEnd::new("tmx")))
                .map_err(xml)?;
            let mut out = w.into_inner();
            out.write_all(b"\n").map_err(xml)?;
            out.flush().map_err(xml)?;
        }
        temp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
        temp.persist(path).map_err(|e| Error::io(path, e.error))?;
        Ok(count)
    }
}
