//! The glossary: the renderings the desk has agreed for names and terms, and the
//! ones it does not want ("forbidden", such as a regime's own name for a group).
//!
//! A term is found in a row by its stems, not its letters: Arabic joins
//! articles, conjunctions and prepositions to the word (الحكومة، والحكومة،
//! بالحكومة) and inflects its end (ات، ين), so each word is cut to its Snowball
//! stem (`rust-stemmers`) and then folded as the memory folds words
//! (`text::fold_for_match`). The translation is checked the same way, with the
//! stemmer of its own language, so "agreements" holds the rendering
//! "agreement".
//!
//! A term is kept with the stems of its source (`source_key`) and the first of
//! them (`first_stem`, indexed), so finding the terms of a row asks the index
//! for the row's stems instead of reading the glossary.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Transaction};
use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};

use crate::desk::stamp;
use crate::error::{Error, Result};
use crate::memory::same_language;
use crate::model::Actor;
use crate::store::Desk;
use crate::text;

/// A term of the glossary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Term {
    pub id: i64,
    pub source: String,
    /// The rendering: the agreed one, or for a forbidden term the one not to use.
    pub target: String,
    pub source_lang: String,
    pub target_lang: String,
    pub note: String,
    pub forbidden: bool,
    pub author: String,
    pub created_at: String,
}

/// A term as someone adds it; languages left out are guessed from the text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ts_rs::TS)]
pub struct NewTerm {
    pub source: String,
    pub target: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub forbidden: bool,
    #[serde(default)]
    pub source_lang: Option<String>,
    #[serde(default)]
    pub target_lang: Option<String>,
}

/// What a term found in a row means for its translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TermStatus {
    /// The agreed rendering is in the translation.
    Used,
    /// The row is translated and the agreed rendering is not in it.
    Missing,
    /// The row has no translation yet.
    Pending,
    /// A forbidden rendering is in the translation.
    ForbiddenUsed,
    /// The source holds a term whose forbidden rendering the translation avoids.
    Avoided,
}

/// A term found in a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct TermHit {
    pub term: Term,
    /// Where the term stands in the source, as `[start, end)` offsets in UTF-16
    /// code units (what the window's text fields count in); `None` for a
    /// forbidden rendering found in the translation alone.
    pub source_span: Option<(u32, u32)>,
    pub status: TermStatus,
}

/// The terms of one segment of a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SegmentTerms {
    /// The segment's number (from 1).
    pub no: usize,
    pub hits: Vec<TermHit>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct TermsImported {
    pub added: usize,
    /// Terms the glossary already held.
    pub already: usize,
    /// Entries without a source and a rendering.
    pub skipped: usize,
}

/// The Snowball stemmer for a language tag, where there is one. Persian and
/// Urdu have none: their words are only folded.
fn stemmer(language: &str) -> Option<Stemmer> {
    let algorithm = match crate::memory::primary_language(language).as_str() {
        "ar" => Algorithm::Arabic,
        "en" => Algorithm::English,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "es" => Algorithm::Spanish,
        "it" => Algorithm::Italian,
        "pt" => Algorithm::Portuguese,
        "nl" => Algorithm::Dutch,
        "ru" => Algorithm::Russian,
        "tr" => Algorithm::Turkish,
        "el" => Algorithm::Greek,
        "sv" => Algorithm::Swedish,
        "da" => Algorithm::Danish,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "fi" => Algorithm::Finnish,
        "hu" => Algorithm::Hungarian,
        "ro" => Algorithm::Romanian,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// Whether `c` belongs inside a word: letters and digits, and the marks Arabic
/// script writes inside words (harakat, the dagger alef, tatweel, the
/// zero-width non-joiner of Persian), which would otherwise cut a word in two.
fn in_word(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200C}'
        )
}

/// An Arabic word without the conjunction و or ف joined before an article or
/// preposition (والحكومة، فبالحكومة، وللحكومة): Snowball's stemmer takes off
/// one prefix, and would leave the article on. Only before those letters, so
/// that words which begin with و (وزير) keep it.
fn without_conjunction(word: &str) -> &str {
    for conjunction in ["و", "ف"] {
        if let Some(rest) = word.strip_prefix(conjunction) {
            if ["ال", "لل", "بال", "كال"]
                .iter()
                .any(|p| rest.starts_with(p))
                && rest.chars().count() > 3
            {
                return rest;
            }
        }
    }
    word
}

/// A word of a text: its stem, and where it stands in UTF-16 code units.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stemmed {
    stem: String,
    start: u32,
    end: u32,
}

/// The words of `s`, each cut to its stem in `language` and folded.
fn stems(s: &str, language: &str) -> Vec<Stemmed> {
    let stemmer = stemmer(language);
    let arabic = crate::memory::primary_language(language) == "ar";
    let mut out = Vec::new();
    let mut word = String::new();
    let (mut at, mut start) = (0u32, 0u32);
    let mut flush = |word: &mut String, start: u32, end: u32| {
        if word.is_empty() {
            return;
        }
        // Snowball's Arabic stemmer folds hamza forms and strips harakat
        // itself; folding after it makes the stems of every script compare as
        // the memory compares words.
        let lower = word.to_lowercase();
        let lower = match arabic {
            true => without_conjunction(&lower).to_string(),
            false => lower,
        };
        let cut = match &stemmer {
            Some(st) => st.stem(&lower).into_owned(),
            None => lower,
        };
        let stem = text::fold_for_match(&cut).replace(' ', "");
        let stem = if stem.is_empty() {
            text::fold_for_match(word).replace(' ', "")
        } else {
            stem
        };
        if !stem.is_empty() {
            out.push(Stemmed { stem, start, end });
        }
        word.clear();
    };
    for c in s.chars() {
        let width = c.len_utf16() as u32;
        if in_word(c) {
            if word.is_empty() {
                start = at;
            }
            word.push(c);
        } else {
            flush(&mut word, start, at);
        }
        at += width;
    }
    flush(&mut word, start, at);
    out
}

/// The stems of a term's side as one key: stems joined by spaces.
fn key(s: &str, language: &str) -> String {
    stems(s, language)
        .into_iter()
        .map(|w| w.stem)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where the stem sequence `wanted` starts in `words`, at or after `from`.
fn find(words: &[Stemmed], wanted: &[&str], from: usize) -> Option<usize> {
    if wanted.is_empty() || words.len() < wanted.len() {
        return None;
    }
    (from..=words.len() - wanted.len())
        .find(|&i| wanted.iter().zip(&words[i..]).all(|(w, s)| *w == s.stem))
}

/// The language given, else the one the words are written in, else
/// `otherwise` (a short Latin-script phrase says too little to tell).
fn guessed(given: Option<&str>, text_of: &str, otherwise: &str) -> String {
    match given.map(str::trim).filter(|l| !l.is_empty()) {
        Some(lang) => lang.to_ascii_lowercase(),
        None => match text::guess_language(text_of) {
            "" => otherwise.to_string(),
            lang => lang.to_string(),
        },
    }
}

/// The terms that start with one stem: the only terms a row's lookup reads.
fn terms_by_first_stem() -> String {
    format!("SELECT {TERM_COLUMNS}, source_key FROM term WHERE first_stem = ?1")
}

const TERM_COLUMNS: &str =
    "id, source, target, source_lang, target_lang, note, forbidden, author, created_at";

fn term_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Term> {
    Ok(Term {
        id: r.get(0)?,
        source: r.get(1)?,
        target: r.get(2)?,
        source_lang: r.get(3)?,
        target_lang: r.get(4)?,
        note: r.get(5)?,
        forbidden: r.get(6)?,
        author: r.get(7)?,
        created_at: r.get(8)?,
    })
}

/// The longest text a side of a term may have: a term is a name or a phrase,
/// and a paragraph pasted by mistake would match nothing useful.
const MAX_TERM_CHARS: usize = 200;

/// Adds `term` inside `tx`, its rendering in `target_lang` unless it says
/// otherwise. Returns the term's id and whether it is new: the glossary keeps
/// a term once, and the same source (by its stems) with the same rendering is
/// the term already there.
pub(crate) fn insert_term(
    tx: &Transaction<'_>,
    term: &NewTerm,
    target_lang: &str,
    author: &str,
    at: &str,
) -> Result<(i64, bool)> {
    let source = text::normalize_inline(term.source.trim());
    let target = text::normalize_inline(term.target.trim());
    if source.is_empty() || target.is_empty() {
        return Err(Error::invalid(
            "a term needs both a source and a rendering; give the words in each language",
        ));
    }
    if source.chars().count() > MAX_TERM_CHARS || target.chars().count() > MAX_TERM_CHARS {
        return Err(Error::invalid(format!(
            "a term is a name or a phrase of at most {MAX_TERM_CHARS} characters a side; \
             select fewer words"
        )));
    }
    let source_lang = guessed(term.source_lang.as_deref(), &source, "");
    let target_lang = guessed(term.target_lang.as_deref(), &target, target_lang);
    let source_key = key(&source, &source_lang);
    let Some(first) = source_key.split(' ').next().filter(|s| !s.is_empty()) else {
        return Err(Error::invalid(
            "a term's source needs at least one word of letters or digits",
        ));
    };
    let first = first.to_string();
    let added = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO term (source, target, source_lang, target_lang, note, forbidden,
                                         source_key, first_stem, author, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            source,
            target,
            source_lang,
            target_lang,
            term.note.trim(),
            term.forbidden,
            source_key,
            first,
            author,
            at
        ])?;
    if added > 0 {
        return Ok((tx.last_insert_rowid(), true));
    }
    let id = tx
        .prepare_cached(
            "SELECT id FROM term WHERE source_lang = ?1 AND target_lang = ?2
               AND source_key = ?3 AND target = ?4",
        )?
        .query_row(params![source_lang, target_lang, source_key, target], |r| {
            r.get(0)
        })?;
    Ok((id, false))
}

impl Desk {
    /// Adds a term to the glossary and returns it (the one already there when
    /// the glossary holds the same source, rendering and languages).
    pub fn add_term(&mut self, term: &NewTerm, by: &Actor, now: DateTime<Utc>) -> Result<Term> {
        let at = stamp(now);
        let target_lang = self.setting("target_language")?;
        let (id, _) = self.write(|tx| insert_term(tx, term, &target_lang, &by.name, &at))?;
        self.term(id)
    }

    /// One term.
    pub fn term(&self, id: i64) -> Result<Term> {
        self.conn
            .query_row(
                &format!("SELECT {TERM_COLUMNS} FROM term WHERE id = ?1"),
                [id],
                term_row,
            )
            .optional()?
            .ok_or(Error::TermNotFound(id))
    }

    /// Every term, by source.
    pub fn terms(&self) -> Result<Vec<Term>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {TERM_COLUMNS} FROM term ORDER BY source COLLATE NOCASE, target, id"
        ))?;
        let terms = stmt
            .query_map([], term_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(terms)
    }

    /// How many terms the glossary holds.
    pub fn glossary_size(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM term", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Removes a term.
    pub fn delete_term(&mut self, id: i64) -> Result<Term> {
        let term = self.term(id)?;
        self.write(|tx| {
            tx.execute("DELETE FROM term WHERE id = ?1", [id])?;
            Ok(())
        })?;
        Ok(term)
    }

    /// The terms found in `source` and what `target` does with them: agreed
    /// terms used or missing, forbidden renderings used or avoided. Only terms
    /// of the same pair of languages count.
    pub fn term_hits(
        &self,
        source: &str,
        target: &str,
        source_lang: &str,
        target_lang: &str,
    ) -> Result<Vec<TermHit>> {
        hits(&self.conn, source, target, source_lang, target_lang)
    }

    /// The terms of every segment of story `id` that has any.
    pub fn story_terms(&self, id: i64) -> Result<Vec<SegmentTerms>> {
        let story = self.story(id)?;
        let mut out = Vec::new();
        for segment in &story.segments {
            let hits = self.term_hits(
                &segment.source,
                &segment.target,
                &story.source.language,
                &story.language,
            )?;
            if !hits.is_empty() {
                out.push(SegmentTerms {
                    no: segment.no,
                    hits,
                });
            }
        }
        Ok(out)
    }
}

/// The terms found in `source` and what `target` does with them, through any
/// connection (the publishing move asks inside its transaction).
pub(crate) fn hits(
    conn: &rusqlite::Connection,
    source: &str,
    target: &str,
    source_lang: &str,
    target_lang: &str,
) -> Result<Vec<TermHit>> {
    let row = stems(source, source_lang);
    let translation = stems(target, target_lang);
    let translated = !target.trim().is_empty();
    let pair = |t: &Term| {
        same_language(&t.source_lang, source_lang) && same_language(&t.target_lang, target_lang)
    };
    let mut hits: Vec<TermHit> = Vec::new();
    let mut seen: Vec<String> = row.iter().map(|w| w.stem.clone()).collect();
    seen.sort_unstable();
    seen.dedup();
    let mut stmt = conn.prepare_cached(&terms_by_first_stem())?;
    for first in &seen {
        let found = stmt
            .query_map([first], |r| Ok((term_row(r)?, r.get::<_, String>(9)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (term, source_key) in found {
            if !pair(&term) {
                continue;
            }
            let wanted: Vec<&str> = source_key.split(' ').collect();
            let Some(at) = find(&row, &wanted, 0) else {
                continue;
            };
            // The rendering is stemmed as the translation is, in its language.
            let rendering = key(&term.target, target_lang);
            let rendering: Vec<&str> = rendering.split(' ').collect();
            let used = find(&translation, &rendering, 0).is_some();
            let status = match (term.forbidden, used, translated) {
                (true, true, _) => TermStatus::ForbiddenUsed,
                (true, false, _) => TermStatus::Avoided,
                (false, true, _) => TermStatus::Used,
                (false, false, true) => TermStatus::Missing,
                (false, false, false) => TermStatus::Pending,
            };
            let end = row[at + wanted.len() - 1].end;
            hits.push(TermHit {
                term,
                source_span: Some((row[at].start, end)),
                status,
            });
        }
    }
    // A forbidden rendering is not wanted whatever the source says.
    if translated {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {TERM_COLUMNS} FROM term WHERE forbidden = 1"
        ))?;
        let forbidden = stmt
            .query_map([], term_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for term in forbidden {
            if !pair(&term) || hits.iter().any(|h| h.term.id == term.id) {
                continue;
            }
            let rendering = key(&term.target, target_lang);
            let rendering: Vec<&str> = rendering.split(' ').collect();
            if find(&translation, &rendering, 0).is_some() {
                hits.push(TermHit {
                    term,
                    source_span: None,
                    status: TermStatus::ForbiddenUsed,
                });
            }
        }
    }
    hits.sort_by_key(|h| {
        (
            h.source_span.map_or(u32::MAX, |s| s.0),
            std::cmp::Reverse(h.source_span.map_or(0, |s| s.1)),
            h.term.id,
        )
    });
    Ok(hits)
}

mod exchange;

pub use exchange::{GlossaryFormat, TermLanguages};

#[cfg(test)]
mod tests;
