//! The translation memory: every segment marked done is a unit, and a row being
//! translated is matched against the units by word-level edit distance, as
//! OmegaT and Trados score it, on folded words (`text::fold_for_match`).
//!
//! A lookup never reads the whole memory. `memory_word` (migration 0008) lists
//! each unit under every folded word of its source, and a match of at least
//! `min` percent must share one of the row's rarest words: a unit that misses
//! all of the `p` rarest distinct words has at least `p` edits, more than the
//! score allows once `p` exceeds `(100 - min) / min` of the row's length. So the
//! candidates are the units under those few words, and only they are scored.
//!
//! Numbers are placeables: a unit whose source differs from the row only in its
//! numbers is offered as a full match with the row's numbers put into its
//! translation, in the digits of the target language.

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use crate::compare::{diff_words, DiffPart};
use crate::error::Result;
use crate::store::Desk;
use crate::text::{self, digit_value, number_value};

/// Options of a lookup: the lowest score shown and how many matches at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lookup {
    pub min: u8,
    pub limit: usize,
}

impl Default for Lookup {
    fn default() -> Self {
        Lookup { min: 70, limit: 5 }
    }
}

/// Where a unit came from: a story on the desk or an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Origin {
    pub story: Option<i64>,
    pub file: Option<String>,
    /// When the unit was last saved (RFC 3339).
    pub date: String,
}

/// One unit offered for a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct MemoryMatch {
    pub unit: i64,
    /// 0–100: word-level edit distance on folded words against the longer side.
    pub score: u8,
    /// The unit's source and translation as stored.
    pub source: String,
    pub target: String,
    /// What to insert: the translation, with the row's numbers when `adapted`.
    pub suggestion: String,
    /// The numbers of the row were put into the suggestion.
    pub adapted: bool,
    /// How the row's source differs from the unit's, word by word (removed: only
    /// in the unit, added: only in the row).
    pub diff: Vec<DiffPart>,
    pub origin: Origin,
    /// From a published story.
    pub published: bool,
    /// An exact-context match: 100%, and the paragraphs before and after the
    /// unit in its story read as those before and after the row (a story
    /// translated again, paragraph for paragraph). Only `suggest` knows a row's
    /// neighbours; a lookup of a bare text leaves it false.
    pub context: bool,
}

/// What the desk offers for one row: memory matches, best first, and the
/// glossary's terms in its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Suggestions {
    pub matches: Vec<MemoryMatch>,
    pub terms: Vec<crate::glossary::TermHit>,
}

/// A unit that holds the words of a concordance search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ConcordanceHit {
    pub unit: i64,
    pub source: String,
    pub target: String,
    pub origin: Origin,
}

/// A word as the memory compares it: folded text, or a number by its value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Word {
    Text(String),
    Number(String),
}

impl Word {
    fn key(&self) -> &str {
        match self {
            Word::Text(s) | Word::Number(s) => s,
        }
    }
}

/// The words of `s`: runs of letters and digits, folded; a run of digits with
/// decimal or thousands separators inside (`7.5`, `380,000`, `٣٨٠٬٠٠٠`) is one
/// number, kept by its value with Latin digits and no grouping.
fn words(s: &str) -> Vec<Word> {
    let folded = text::fold_for_match(s);
    let chars: Vec<char> = folded.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !c.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        let numeric = c.is_ascii_digit();
        while i < chars.len() {
            let c = chars[i];
            let separator_inside = numeric
                && matches!(c, '.' | ',')
                && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit());
            if c.is_alphanumeric() || separator_inside {
                i += 1;
            } else {
                break;
            }
        }
        let run: String = chars[start..i].iter().collect();
        if run
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            out.push(Word::Number(number_value(&run)));
        } else {
            out.push(Word::Text(run));
        }
    }
    out
}

/// The score of `unit` for `row`, 0–100.
fn score(row: &[Word], unit: &[Word]) -> u8 {
    let longest = row.len().max(unit.len());
    if longest == 0 {
        return 100;
    }
    // strsim takes sized collections; a vector of references costs no copies.
    let (a, b): (Vec<&Word>, Vec<&Word>) = (row.iter().collect(), unit.iter().collect());
    let distance = strsim::generic_levenshtein(&a, &b);
    (100.0 * (1.0 - distance as f64 / longest as f64)).floor() as u8
}

/// How similar two texts are as the memory scores them, 0–100: the score a
/// unit with source `unit` gets for a row reading `row`, numbers as they are.
/// For tools that compare against the memory (the benchmark's full scan).
pub fn similarity(row: &str, unit: &str) -> u8 {
    score(&words(row), &words(unit))
}

/// The same words with every number alike: how a unit scores when numbers are
/// placeables.
fn without_numbers(words: &[Word]) -> Vec<Word> {
    words
        .iter()
        .map(|w| match w {
            Word::Number(_) => Word::Number(String::new()),
            other => other.clone(),
        })
        .collect()
}

fn numbers(words: &[Word]) -> Vec<&str> {
    words
        .iter()
        .filter_map(|w| match w {
            Word::Number(n) => Some(n.as_str()),
            Word::Text(_) => None,
        })
        .collect()
}

/// Writes `value` in the digits of `language` (Arabic-Indic for Arabic, Persian
/// digits for Persian and Urdu, Latin otherwise).
fn digits_for(value: &str, language: &str) -> String {
    let (zero, point) = match language.split(['-', '_']).next().unwrap_or("") {
        "ar" => ('\u{0660}', '\u{066B}'),
        "fa" | "ur" => ('\u{06F0}', '\u{066B}'),
        _ => return value.to_string(),
    };
    value
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(zero as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
            '.' => point,
            c => c,
        })
        .collect()
}

/// The unit's translation with the row's numbers in place of the unit's, or
/// `None` when a number of the unit's source is not found in its translation.
fn adapt(target: &str, from: &[&str], to: &[&str], target_lang: &str) -> Option<String> {
    // Each number of the translation, by its place in the text and its value.
    let chars: Vec<char> = target.chars().collect();
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit_value(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (digit_value(chars[i]).is_some()
                || (matches!(chars[i], '.' | ',' | '\u{066B}' | '\u{066C}')
                    && chars.get(i + 1).is_some_and(|&d| digit_value(d).is_some())))
        {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        spans.push((start, i, number_value(&text::fold_for_match(&run))));
    }
    let mut replaced: Vec<Option<String>> = vec![None; spans.len()];
    for (old, new) in from.iter().zip(to) {
        if old == new {
            continue;
        }
        let slot = spans
            .iter()
            .enumerate()
            .find(|(k, (_, _, v))| v == old && replaced[*k].is_none())?;
        replaced[slot.0] = Some(digits_for(new, target_lang));
    }
    let mut out = String::new();
    let mut at = 0;
    for ((start, end, _), new) in spans.iter().zip(&replaced) {
        if let Some(new) = new {
            out.extend(&chars[at..*start]);
            out.push_str(new);
            at = *end;
        }
    }
    out.extend(&chars[at..]);
    Some(out)
}

/// Keeps the unit of a segment in step with it: written when the segment is
/// done and has source text, removed when it is not. Runs inside the save's
/// transaction.
pub(crate) fn record_segment(
    tx: &Transaction<'_>,
    segment_id: i64,
    author: &str,
    at: &str,
) -> Result<()> {
    let row: Option<(i64, String, String, String, String, String)> = tx
        .prepare_cached(
            "SELECT s.story_id, s.source, s.target, s.state, st.source_language, st.target_language
             FROM segment s JOIN story st ON st.id = s.story_id WHERE s.id = ?1",
        )?
        .query_row([segment_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .optional()?;
    let existing: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, source FROM memory_unit WHERE segment_id = ?1")?
        .query_row([segment_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((story, source, target, state, source_lang, target_lang)) = row else {
        return Ok(());
    };
    let unit_words = words(&source);
    if state != "done" || unit_words.is_empty() || target.trim().is_empty() {
        if let Some((unit, _)) = existing {
            tx.prepare_cached("DELETE FROM memory_unit WHERE id = ?1")?
                .execute([unit])?;
        }
        return Ok(());
    }
    let unit = match existing {
        // The usual save: the translation changed, the source did not, and
        // the unit's words stay as they are.
        Some((unit, ref stored)) if *stored == source => {
            tx.prepare_cached(
                "UPDATE memory_unit SET target = ?1, target_lang = ?2, author = ?3, changed_at = ?4
                 WHERE id = ?5",
            )?
            .execute(params![target, target_lang, author, at, unit])?;
            return Ok(());
        }
        Some((unit, _)) => {
            tx.prepare_cached(
                "UPDATE memory_unit SET source = ?1, target = ?2, source_lang = ?3, target_lang = ?4,
                        author = ?5, changed_at = ?6, words = ?7 WHERE id = ?8",
            )?
            .execute(params![
                source,
                target,
                source_lang,
                target_lang,
                author,
                at,
                unit_words.len() as i64,
                unit
            ])?;
            tx.prepare_cached("DELETE FROM memory_word WHERE unit_id = ?1")?
                .execute([unit])?;
            unit
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO memory_unit (source, target, source_lang, target_lang, story_id, segment_id,
                                          author, created_at, changed_at, published, words)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8,
                         (SELECT status = 'published' FROM story WHERE id = ?5), ?9)",
            )?
            .execute(params![
                source,
                target,
                source_lang,
                target_lang,
                story,
                segment_id,
                author,
                at,
                unit_words.len() as i64
            ])?;
            tx.last_insert_rowid()
        }
    };
    insert_words(tx, unit, &unit_words)
}

/// Lists `unit` under each of its words in the lookup index.
fn insert_words(tx: &Transaction<'_>, unit: i64, unit_words: &[Word]) -> Result<()> {
    let mut stmt =
        tx.prepare_cached("INSERT OR IGNORE INTO memory_word (word, unit_id) VALUES (?1, ?2)")?;
    for w in unit_words {
        stmt.execute(params![w.key(), unit])?;
    }
    Ok(())
}

/// Marks the units of a story as published (or not): they rank above drafts.
/// Removes the units of segments that are no longer on the desk (deleted,
/// merged into another, dropped by an updated source).
pub(crate) fn forget_segments(tx: &Transaction<'_>, segments: &[i64]) -> Result<()> {
    let mut stmt = tx.prepare_cached("DELETE FROM memory_unit WHERE segment_id = ?1")?;
    for seg in segments {
        stmt.execute([seg])?;
    }
    Ok(())
}

pub(crate) fn set_published(tx: &Transaction<'_>, story: i64, published: bool) -> Result<()> {
    tx.prepare_cached("UPDATE memory_unit SET published = ?1 WHERE story_id = ?2")?
        .execute(params![published as i64, story])?;
    Ok(())
}

/// A unit as a lookup reads it.
struct Stored {
    source: String,
    target: String,
    story: Option<i64>,
    segment: Option<i64>,
    file: Option<String>,
    date: String,
    published: bool,
    target_lang: String,
}

/// The most candidates scored for one lookup; the rarest words are read first,
/// so a cut-off drops only units that share nothing but common words.
const MAX_CANDIDATES: usize = 2000;

impl Desk {
    /// The units that match `text` by at least `lookup.min` percent, best first
    /// (published before drafts at the same score, then the newest).
    /// `target_lang` is the language suggestions are written in.
    pub fn memory_lookup(
        &self,
        text: &str,
        target_lang: &str,
        lookup: Lookup,
    ) -> Result<Vec<MemoryMatch>> {
        self.lookup_excluding(text, target_lang, lookup, None)
    }

    /// What the desk offers for segment `no` of story `id`: memory matches (its
    /// own unit left out) and the glossary's terms in its source.
    pub fn suggest(&self, id: i64, no: usize, lookup: Lookup) -> Result<Suggestions> {
        let story = self.story(id)?;
        let segment =
            story
                .segments
                .iter()
                .find(|s| s.no == no)
                .ok_or(crate::Error::SegmentNotFound {
                    story: id,
                    no,
                    count: story.segments.len(),
                })?;
        let mut matches =
            self.lookup_excluding(&segment.source, &story.language, lookup, Some(segment.id))?;
        let index = segment.no - 1;
        let around = (
            index
                .checked_sub(1)
                .map(|i| story.segments[i].source.as_str()),
            story.segments.get(index + 1).map(|s| s.source.as_str()),
        );
        for m in matches.iter_mut().filter(|m| m.score == 100) {
            m.context = self
                .unit_neighbours(m.unit)?
                .is_some_and(|(before, after)| {
                    same_text(before.as_deref(), around.0) && same_text(after.as_deref(), around.1)
                });
        }
        // Within the 100% class, a match in the same context comes first.
        matches.sort_by(|a, b| b.score.cmp(&a.score).then(b.context.cmp(&a.context)));
        Ok(Suggestions {
            matches,
            terms: self.term_hits(
                &segment.source,
                &segment.target,
                &story.source.language,
                &story.language,
            )?,
        })
    }

    /// The sources of the paragraphs before and after a unit's segment in its
    /// story; `None` for a unit with no segment on the desk (an imported one).
    #[allow(clippy::type_complexity)]
    fn unit_neighbours(&self, unit: i64) -> Result<Option<(Option<String>, Option<String>)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT (SELECT p.source FROM segment p WHERE p.story_id = s.story_id
                          AND p.position < s.position ORDER BY p.position DESC LIMIT 1),
                        (SELECT n.source FROM segment n WHERE n.story_id = s.story_id
                          AND n.position > s.position ORDER BY n.position LIMIT 1)
                 FROM memory_unit u JOIN segment s ON s.id = u.segment_id WHERE u.id = ?1",
            )?
            .query_row([unit], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn lookup_excluding(
        &self,
        text: &str,
        target_lang: &str,
        lookup: Lookup,
        own_segment: Option<i64>,
    ) -> Result<Vec<MemoryMatch>> {
        let row = words(text);
        if row.is_empty() || lookup.limit == 0 {
            return Ok(Vec::new());
        }
        let min = f64::from(lookup.min.clamp(1, 100)) / 100.0;
        let m = row.len();
        // Distinct words with how many units hold them, rarest first; a word no
        // unit holds cannot lead to a candidate.
        let mut distinct: Vec<&str> = row.iter().map(Word::key).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let mut counted: Vec<(&str, i64)> = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT units FROM memory_word_count WHERE word = ?1")?;
            for w in distinct {
                let n: i64 = stmt.query_row([w], |r| r.get(0)).optional()?.unwrap_or(0);
                if n > 0 {
                    counted.push((w, n));
                }
            }
        }
        counted.sort_by_key(|&(_, n)| n);
        // A unit scoring at least `min` has at most (1 - min) × its longer side
        // in edits, and the unit is at most m / min words long.
        let edits = ((1.0 - min) * m as f64 / min).floor() as usize;
        let prefix = (edits + 1).min(counted.len());
        let (shortest, longest) = (
            (min * m as f64).ceil() as i64,
            (m as f64 / min).floor() as i64,
        );
        let mut candidates: Vec<i64> = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT w.unit_id FROM memory_word w JOIN memory_unit u ON u.id = w.unit_id
                 WHERE w.word = ?1 AND u.words BETWEEN ?2 AND ?3 LIMIT ?4",
            )?;
            for &(w, _) in &counted[..prefix] {
                let left = MAX_CANDIDATES.saturating_sub(candidates.len());
                if left == 0 {
                    break;
                }
                let found = stmt
                    .query_map(params![w, shortest, longest, left as i64], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<i64>>>()?;
                candidates.extend(found);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let row_plain = without_numbers(&row);
        let row_numbers = numbers(&row);
        let mut matches = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT source, target, story_id, segment_id, file, changed_at, published, target_lang
             FROM memory_unit WHERE id = ?1",
        )?;
        for unit in candidates {
            let stored = stmt.query_row([unit], |r| {
                Ok(Stored {
                    source: r.get(0)?,
                    target: r.get(1)?,
                    story: r.get(2)?,
                    segment: r.get(3)?,
                    file: r.get(4)?,
                    date: r.get(5)?,
                    published: r.get(6)?,
                    target_lang: r.get(7)?,
                })
            })?;
            let Stored {
                source,
                target,
                story,
                segment,
                file,
                date,
                published,
                target_lang: unit_lang,
            } = stored;
            if own_segment.is_some() && segment == own_segment {
                continue;
            }
            if !same_language(&unit_lang, target_lang) {
                continue;
            }
            let unit_words = words(&source);
            let mut best = score(&row, &unit_words);
            let mut suggestion = target.clone();
            let mut adapted = false;
            let unit_numbers = numbers(&unit_words);
            if best < 100 && unit_numbers.len() == row_numbers.len() {
                let placeable = score(&row_plain, &without_numbers(&unit_words));
                if placeable > best {
                    if let Some(with_row_numbers) =
                        adapt(&target, &unit_numbers, &row_numbers, target_lang)
                    {
                        best = placeable;
                        suggestion = with_row_numbers;
                        adapted = true;
                    }
                }
            }
            if f64::from(best) < f64::from(lookup.min) {
                continue;
            }
            matches.push(MemoryMatch {
                unit,
                score: best,
                diff: diff_words(&source, text),
                source,
                target,
                suggestion,
                adapted,
                origin: Origin { story, file, date },
                published,
                context: false,
            });
        }
        matches.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then(b.published.cmp(&a.published))
                .then(b.origin.date.cmp(&a.origin.date))
        });
        matches.truncate(lookup.limit);
        Ok(matches)
    }

    /// Units that hold all of `words` in their source (folded, as lookups
    /// compare them) or in their translation (ignoring case), newest first, at
    /// most `limit`: the words in the contexts the desk has used them in.
    pub fn concordance(&self, words_typed: &str, limit: usize) -> Result<Vec<ConcordanceHit>> {
        let wanted = words(words_typed);
        if wanted.is_empty() {
            return Err(crate::Error::invalid("a concordance search needs a word"));
        }
        let mut found: Vec<i64> = Vec::new();
        // The source side through the word index: the rarest word's units,
        // kept when they hold every other word too.
        {
            let mut keys: Vec<&str> = wanted.iter().map(Word::key).collect();
            keys.sort_unstable();
            keys.dedup();
            let mut counts = Vec::new();
            let mut count = self
                .conn
                .prepare_cached("SELECT units FROM memory_word_count WHERE word = ?1")?;
            for k in &keys {
                let n: i64 = count.query_row([k], |r| r.get(0)).optional()?.unwrap_or(0);
                counts.push((n, *k));
            }
            counts.sort();
            if counts.iter().all(|&(n, _)| n > 0) {
                let (_, rarest) = counts[0];
                let mut units = self
                    .conn
                    .prepare_cached("SELECT unit_id FROM memory_word WHERE word = ?1")?;
                let mut holds = self
                    .conn
                    .prepare_cached("SELECT 1 FROM memory_word WHERE word = ?1 AND unit_id = ?2")?;
                let candidates = units
                    .query_map([rarest], |r| r.get::<_, i64>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                for unit in candidates {
                    let mut all = true;
                    for &(_, k) in &counts[1..] {
                        if holds
                            .query_row(params![k, unit], |_| Ok(()))
                            .optional()?
                            .is_none()
                        {
                            all = false;
                            break;
                        }
                    }
                    if all {
                        found.push(unit);
                    }
                }
            }
        }
        // The translation side: each word as typed, in any case.
        {
            let typed: Vec<String> = words_typed
                .split_whitespace()
                .map(|w| format!("%{}%", w.replace(['%', '_'], "")))
                .collect();
            let clause = vec!["target LIKE ?"; typed.len()].join(" AND ");
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT id FROM memory_unit WHERE {clause}"))?;
            let ids = stmt
                .query_map(rusqlite::params_from_iter(&typed), |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            found.extend(ids);
        }
        found.sort_unstable();
        found.dedup();
        let mut hits = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, source, target, story_id, file, changed_at FROM memory_unit WHERE id = ?1",
        )?;
        for unit in found {
            hits.push(stmt.query_row([unit], |r| {
                Ok(ConcordanceHit {
                    unit: r.get(0)?,
                    source: r.get(1)?,
                    target: r.get(2)?,
                    origin: Origin {
                        story: r.get(3)?,
                        file: r.get(4)?,
                        date: r.get(5)?,
                    },
                })
            })?);
        }
        hits.sort_by(|a, b| b.origin.date.cmp(&a.origin.date).then(b.unit.cmp(&a.unit)));
        hits.truncate(limit);
        Ok(hits)
    }

    /// How many units the memory holds.
    pub fn memory_size(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM memory_unit", [], |r| r.get(0))?;
        Ok(n as usize)
    }
}

/// Whether two language tags name the same language (`en` and `en-GB` do).
/// Two neighbouring paragraphs read the same: both absent, or the same words
/// once folded as the memory folds them.
fn same_text(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            text::fold_for_match(&text::normalize(a)) == text::fold_for_match(&text::normalize(b))
        }
        _ => false,
    }
}

pub(crate) fn same_language(a: &str, b: &str) -> bool {
    a.is_empty() || b.is_empty() || primary_language(a) == primary_language(b)
}

/// A language tag's primary subtag, lower case: `EN-GB` is `en`.
pub(crate) fn primary_language(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

mod tmx;

pub use tmx::{TmxImported, TmxLanguages};

#[cfg(test)]
mod tests;
