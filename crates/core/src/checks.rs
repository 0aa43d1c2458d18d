//! The checks a story passes before it goes out: numbers by value across digit
//! systems, rows left untranslated or copied, links, names, brackets and quotes,
//! spacing, length, and the glossary. Each finding says which check, how grave
//! (an error stops publishing, a warning never does) and where: a segment by
//! number, or the headline or standfirst.
//!
//! The checks are pure functions of the text; `story_findings` reads a story,
//! the settings that switch checks off and the glossary through any connection,
//! so the publishing move runs them inside its own transaction.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::glossary::{self, TermStatus};
use crate::store::Desk;

mod numbers;

/// Every check, by the id settings and findings use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    /// A number of the source missing from the translation, or changed.
    Numbers,
    /// A small number of the source written out in words in the translation.
    SpelledNumber,
    /// A number in the translation that the source does not have.
    NumberAdded,
    /// A segment with source text and no translation.
    Untranslated,
    /// A translation identical to its source.
    Identical,
    /// No headline or no standfirst.
    EmptyField,
    /// A web address or e-mail address of the source missing from the translation.
    Links,
    /// A Latin-script name or title of a non-Latin source missing from the translation.
    Names,
    /// A bracket or quotation mark without its pair.
    Pairs,
    /// The same word twice in a row.
    RepeatedWord,
    /// Two spaces in a row, or spaces at the start or end.
    Spacing,
    /// A translation much shorter or longer than its source.
    LengthRatio,
    /// A glossary term in the source whose agreed rendering is not in the translation.
    TermMissing,
    /// A rendering the glossary forbids, used in the translation.
    TermForbidden,
}

/// Every check, in the order findings are listed.
pub const ALL: &[CheckId] = &[
    CheckId::EmptyField,
    CheckId::Untranslated,
    CheckId::Numbers,
    CheckId::NumberAdded,
    CheckId::SpelledNumber,
    CheckId::Names,
    CheckId::Links,
    CheckId::TermForbidden,
    CheckId::TermMissing,
    CheckId::Identical,
    CheckId::Pairs,
    CheckId::RepeatedWord,
    CheckId::Spacing,
    CheckId::LengthRatio,
];

impl CheckId {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Numbers => "numbers",
            CheckId::SpelledNumber => "spelled_number",
            CheckId::NumberAdded => "number_added",
            CheckId::Untranslated => "untranslated",
            CheckId::Identical => "identical",
            CheckId::EmptyField => "empty_field",
            CheckId::Links => "links",
            CheckId::Names => "names",
            CheckId::Pairs => "pairs",
            CheckId::RepeatedWord => "repeated_word",
            CheckId::Spacing => "spacing",
            CheckId::LengthRatio => "length_ratio",
            CheckId::TermMissing => "term_missing",
            CheckId::TermForbidden => "term_forbidden",
        }
    }

    /// How grave a finding of this check is. What a reader could be misled by
    /// (a wrong number, a missing name or link, a forbidden term, a row left out)
    /// is an error; matters of style and likelihood are warnings.
    pub fn severity(self) -> Severity {
        match self {
            CheckId::Numbers
            | CheckId::Untranslated
            | CheckId::EmptyField
            | CheckId::Links
            | CheckId::Names
            | CheckId::TermForbidden => Severity::Error,
            CheckId::SpelledNumber
            | CheckId::NumberAdded
            | CheckId::Identical
            | CheckId::Pairs
            | CheckId::RepeatedWord
            | CheckId::Spacing
            | CheckId::LengthRatio
            | CheckId::TermMissing => Severity::Warning,
        }
    }

    pub fn parse(s: &str) -> Option<CheckId> {
        ALL.iter().copied().find(|c| c.as_str() == s.trim())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// Where a finding is: a field of the story or a segment, by number from 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Where {
    Field(String),
    Segment(usize),
}

impl std::fmt::Display for Where {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Where::Field(name) => f.write_str(name),
            Where::Segment(no) => write!(f, "segment {no}"),
        }
    }
}

/// One problem a check found.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Finding {
    pub check: CheckId,
    pub severity: Severity,
    #[serde(rename = "where")]
    #[ts(rename = "where")]
    pub at: Where,
    pub message: String,
    /// The words of the source the finding is about (a number, a name), or "".
    pub source: String,
    /// The words of the translation it is about, or "".
    pub target: String,
}

/// What the checks are told by the settings.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckSettings {
    pub off: HashSet<CheckId>,
    /// The translation's length over the source's, in letters, outside of which
    /// `length_ratio` warns.
    pub ratio: (f64, f64),
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings {
            off: HashSet::new(),
            ratio: DEFAULT_RATIO,
        }
    }
}

/// English runs longer than Arabic or Persian in letters; these bounds leave
/// room for both directions and catch a row that lost or doubled its content.
pub const DEFAULT_RATIO: (f64, f64) = (0.5, 3.0);

/// Reads `checks_off` (ids separated by commas) as the settings store it.
pub fn parse_off(value: &str) -> Result<HashSet<CheckId>> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            CheckId::parse(s).ok_or_else(|| {
                Error::invalid(format!(
                    "'{s}' is not a check; the checks are: {}",
                    ALL.iter()
                        .map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
        })
        .collect()
}

/// Reads `length_ratio` ("0.5-3") as the settings store it.
pub fn parse_ratio(value: &str) -> Result<(f64, f64)> {
    let bad = || {
        Error::invalid(format!(
            "'{value}' is not a pair of bounds; write the lowest and highest length of a translation \
             against its source, such as 0.5-3"
        ))
    };
    let (low, high) = value.split_once('-').ok_or_else(bad)?;
    let low: f64 = low.trim().parse().map_err(|_| bad())?;
    let high: f64 = high.trim().parse().map_err(|_| bad())?;
    if !(low.is_finite() && high.is_finite() && low >= 0.0 && low < high) {
        return Err(bad());
    }
    Ok((low, high))
}

/// One segment's text, as the checks see it.
pub struct Pair<'a> {
    pub source: &'a str,
    pub target: &'a str,
    pub source_lang: &'a str,
}

/// The findings of every check that looks at one translated text and its source.
pub fn check_pair(pair: &Pair<'_>, at: &Where, settings: &CheckSettings) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut found = |check: CheckId, message: String, source: &str, target: &str| {
        if !settings.off.contains(&check) {
            out.push(Finding {
                check,
                severity: check.severity(),
                at: at.clone(),
                message,
                source: source.to_string(),
                target: target.to_string(),
            });
        }
    };
    let source = pair.source.trim();
    let target = pair.target;
    if source.is_empty() {
        // An editor's paragraph: nothing to compare with, only its own form.
        target_form(target, &mut found);
        return out;
    }
    if target.trim().is_empty() {
        found(
            CheckId::Untranslated,
            "has no translation".to_string(),
            "",
            "",
        );
        return out;
    }
    if target.trim() == source {
        found(
            CheckId::Identical,
            "the translation is the source text itself".to_string(),
            "",
            "",
        );
    }
    let source_links = links(source);
    // Digits inside an address belong to the address, checked whole below.
    let strip = |text: &str| {
        links(text)
            .iter()
            .fold(text.to_string(), |s, link| s.replace(link, " "))
    };
    compare_numbers(&strip(source), &strip(target), &mut found);
    for &link in &source_links {
        if !target.contains(link) {
            found(
                CheckId::Links,
                format!("{link} is in the source but not in the translation"),
                link,
                "",
            );
        }
    }
    // In a right-to-left source, Latin letters are names and titles kept as
    // written; in a Latin-script source every word is, so there is nothing to find.
    if crate::text::direction(pair.source_lang) == "rtl" {
        let folded_target = fold_latin(target);
        // An address is checked whole as a link, not word by word as a name.
        for name in latin_names(&strip(source)) {
            if !folded_target.contains(&fold_latin(name)) {
                found(
                    CheckId::Names,
                    format!("“{name}” is in the source but not in the translation"),
                    name,
                    "",
                );
            }
        }
    }
    target_form(target, &mut found);
    let letters = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
    let (s, t) = (letters(source), letters(target));
    // Short rows (a dateline, a name) vary too much to judge by length.
    if s >= 30 && t > 0 {
        let ratio = t as f64 / s as f64;
        let (low, high) = settings.ratio;
        if ratio < low || ratio > high {
            found(
                CheckId::LengthRatio,
                format!(
                    "the translation is {ratio:.1} times the source's length, outside {low}–{high}; \
                     check nothing was left out or repeated"
                ),
                "",
                "",
            );
        }
    }
    out
}

/// The checks of a translation's own form: pairs, repeated words, spacing.
fn target_form(target: &str, found: &mut impl FnMut(CheckId, String, &str, &str)) {
    if target.trim().is_empty() {
        return;
    }
    if let Some(problem) = unpaired(target) {
        found(CheckId::Pairs, problem.clone(), "", &problem_mark(&problem));
    }
    let words: Vec<&str> = target.split_whitespace().collect();
    for w in words.windows(2) {
        let a = w[0].trim_matches(|c: char| !c.is_alphanumeric());
        let b = w[1].trim_matches(|c: char| !c.is_alphanumeric());
        // A repeat across punctuation ("so, so") is deliberate; only bare words count.
        let bare = w[0].chars().all(char::is_alphanumeric) || w[0] == a;
        if bare
            && !a.is_empty()
            && a.chars().any(char::is_alphabetic)
            && a.to_lowercase() == b.to_lowercase()
        {
            found(
                CheckId::RepeatedWord,
                format!("“{a} {b}”: the word is written twice"),
                "",
                &format!("{} {}", w[0], w[1]),
            );
        }
    }
    if target.contains("  ") {
        found(
            CheckId::Spacing,
            "two spaces in a row".to_string(),
            "",
            "  ",
        );
    }
    if target.starts_with(char::is_whitespace) || target.ends_with(char::is_whitespace) {
        found(
            CheckId::Spacing,
            "spaces at the start or end".to_string(),
            "",
            "",
        );
    }
}

fn problem_mark(problem: &str) -> String {
    problem
        .chars()
        .find(|c| "()[]{}«»“”\"".contains(*c))
        .map(String::from)
        .unwrap_or_default()
}

/// Numbers by value: each of the source's must be in the translation.
fn compare_numbers(
    source: &str,
    target: &str,
    found: &mut impl FnMut(CheckId, String, &str, &str),
) {
    let from = numbers::numbers(source);
    let mut to: Vec<Option<numbers::Number>> =
        numbers::numbers(target).into_iter().map(Some).collect();
    let mut missing = Vec::new();
    for n in &from {
        match to
            .iter_mut()
            .find(|t| t.as_ref().is_some_and(|t| n.matches(t)))
        {
            Some(slot) => *slot = None,
            None => missing.push(n),
        }
    }
    let mut extra: Vec<numbers::Number> = to.into_iter().flatten().collect();
    let lower = target.to_lowercase();
    for n in missing {
        if let Some(word) = n.values.first().and_then(|v| numbers::spelled(*v)) {
            if lower.split(|c: char| !c.is_alphabetic()).any(|w| w == word) {
                found(
                    CheckId::SpelledNumber,
                    format!(
                        "{} in the source is written “{word}” in the translation",
                        n.text
                    ),
                    &n.text,
                    word,
                );
                continue;
            }
        }
        // A changed number: the translation has another in its place.
        if !extra.is_empty() {
            let instead = extra.remove(0);
            found(
                CheckId::Numbers,
                format!(
                    "{} in the source is {} in the translation",
                    n.text, instead.text
                ),
                &n.text,
                &instead.text,
            );
        } else {
            found(
                CheckId::Numbers,
                format!("{} in the source is not in the translation", n.text),
                &n.text,
                "",
            );
        }
    }
    for n in extra {
        found(
            CheckId::NumberAdded,
            format!("{} in the translation is not in the source", n.text),
            "",
            &n.text,
        );
    }
}

/// Web and e-mail addresses, as written, without the punctuation a sentence
/// puts after them.
fn links(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || "()[]«»<>\"“”".contains(c))
        .map(|w| w.trim_end_matches(|c: char| ".,;:!?،؛؟".contains(c)))
        .filter(|w| {
            let lower = w.to_ascii_lowercase();
            lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("www.")
                || w.split_once('@').is_some_and(|(user, host)| {
                    !user.is_empty() && host.contains('.') && !host.ends_with('.')
                })
        })
        .collect()
}

/// Runs of Latin-script words in a text of another script: names, titles and
/// quoted English that a translation keeps as they are.
fn latin_names(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let is_latin = |c: char| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c);
    for (i, c) in text.char_indices() {
        if is_latin(c) {
            start.get_or_insert(i);
            end = i + c.len_utf8();
        } else if start.is_some() && (c == ' ' || c == '-' || c == '.' || c == '\'' || c == '&') {
            // A name goes on across spaces and joining marks between Latin words.
        } else if let Some(s) = start.take() {
            out.push(&text[s..end]);
        }
    }
    if let Some(s) = start {
        out.push(&text[s..end]);
    }
    out.into_iter()
        .map(|n| n.trim_end_matches(['.', '-', '\'', '&', ' ']))
        .filter(|n| n.chars().filter(|c| is_latin(*c)).count() >= 2)
        .collect()
}

fn fold_latin(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The first bracket or quotation mark without its pair, in words.
fn unpaired(text: &str) -> Option<String> {
    let mut stack: Vec<char> = Vec::new();
    let mut straight = 0;
    for c in text.chars() {
        match c {
            '(' | '[' | '{' | '«' | '“' => stack.push(c),
            ')' | ']' | '}' | '»' | '”' => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    '}' => '{',
                    '»' => '«',
                    _ => '“',
                };
                if stack.last() == Some(&open) {
                    stack.pop();
                } else {
                    return Some(format!("“{c}” closes nothing opened before it"));
                }
            }
            '"' => straight += 1,
            _ => {}
        }
    }
    if let Some(open) = stack.first() {
        return Some(format!("“{open}” is never closed"));
    }
    if straight % 2 == 1 {
        return Some("a \" quotation mark is never closed".to_string());
    }
    None
}

/// The story's fields and segments, as the checks read them.
struct StoryText {
    headline: String,
    standfirst: String,
    source_lang: String,
    target_lang: String,
    segments: Vec<(usize, String, String, bool)>,
}

fn story_text(conn: &Connection, id: i64) -> Result<StoryText> {
    let (headline, standfirst, source_lang, target_lang) = conn
        .prepare_cached(
            "SELECT headline, standfirst, source_language, target_language FROM story WHERE id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?
        .ok_or(Error::StoryNotFound(id))?;
    let segments = conn
        .prepare_cached(
            "SELECT position, source, target, related_id IS NOT NULL FROM segment
             WHERE story_id = ?1 ORDER BY position, id",
        )?
        .query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)? as usize,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(StoryText {
        headline,
        standfirst,
        source_lang,
        target_lang,
        segments,
    })
}

/// What the settings say about the checks.
pub(crate) fn check_settings(conn: &Connection) -> Result<CheckSettings> {
    let off = crate::settings::stored(conn, "checks_off")?.unwrap_or_default();
    let ratio = crate::settings::stored(conn, "length_ratio")?;
    Ok(CheckSettings {
        off: parse_off(&off)?,
        ratio: match ratio {
            Some(r) if !r.trim().is_empty() => parse_ratio(&r)?,
            _ => DEFAULT_RATIO,
        },
    })
}

/// Every finding of every check on story `id`, through `conn` (the desk's or a
/// transaction's): the headline and standfirst first, then the segments in order.
pub(crate) fn story_findings(conn: &Connection, id: i64) -> Result<Vec<Finding>> {
    let story = story_text(conn, id)?;
    let settings = check_settings(conn)?;
    let mut out = Vec::new();
    for (name, text) in [
        ("headline", &story.headline),
        ("standfirst", &story.standfirst),
    ] {
        let at = Where::Field(name.to_string());
        if text.trim().is_empty() {
            if !settings.off.contains(&CheckId::EmptyField) {
                out.push(Finding {
                    check: CheckId::EmptyField,
                    severity: CheckId::EmptyField.severity(),
                    at,
                    message: format!("the story has no {name}"),
                    source: String::new(),
                    target: String::new(),
                });
            }
        } else {
            let pair = Pair {
                source: "",
                target: text,
                source_lang: &story.source_lang,
            };
            out.extend(check_pair(&pair, &at, &settings));
        }
    }
    for (no, source, target, related) in &story.segments {
        if *related {
            continue;
        }
        out.extend(segment_findings(
            conn,
            &settings,
            *no,
            source,
            target,
            &story.source_lang,
            &story.target_lang,
        )?);
    }
    Ok(out)
}

/// Every check's findings on one segment's source and translation.
#[allow(clippy::too_many_arguments)]
fn segment_findings(
    conn: &Connection,
    settings: &CheckSettings,
    no: usize,
    source: &str,
    target: &str,
    source_lang: &str,
    target_lang: &str,
) -> Result<Vec<Finding>> {
    let at = Where::Segment(no);
    let pair = Pair {
        source,
        target,
        source_lang,
    };
    let mut out = check_pair(&pair, &at, settings);
    if !target.trim().is_empty() {
        for hit in glossary::hits(conn, source, target, source_lang, target_lang)? {
            let (check, message) = match hit.status {
                TermStatus::Missing => (
                    CheckId::TermMissing,
                    format!(
                        "“{}” (for {}) is not in the translation",
                        hit.term.target, hit.term.source
                    ),
                ),
                TermStatus::ForbiddenUsed => (
                    CheckId::TermForbidden,
                    if hit.term.note.is_empty() {
                        format!("“{}” is a rendering the desk does not use", hit.term.target)
                    } else {
                        format!(
                            "“{}” is a rendering the desk does not use: {}",
                            hit.term.target, hit.term.note
                        )
                    },
                ),
                _ => continue,
            };
            if settings.off.contains(&check) {
                continue;
            }
            let missing = check == CheckId::TermMissing;
            out.push(Finding {
                check,
                severity: check.severity(),
                at: at.clone(),
                message,
                source: if missing {
                    hit.term.source.clone()
                } else {
                    String::new()
                },
                target: if missing {
                    String::new()
                } else {
                    hit.term.target.clone()
                },
            });
        }
    }
    Ok(out)
}

impl Desk {
    fn story_exists(&self, id: i64) -> Result<()> {
        self.conn
            .query_row("SELECT 1 FROM story WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .ok_or(Error::StoryNotFound(id))
    }

    /// Every check's findings on story `id`.
    pub fn check_story(&self, id: i64) -> Result<Vec<Finding>> {
        story_findings(&self.conn, id)
    }

    /// The findings on segment `no` of story `id` if its translation were
    /// `target`: what the window shows on the row while the person types,
    /// before the text is saved.
    pub fn check_segment(&self, id: i64, no: usize, target: &str) -> Result<Vec<Finding>> {
        let found: Option<(String, bool, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT g.source, g.related_id IS NOT NULL, s.source_language, s.target_language
                 FROM segment g JOIN story s ON s.id = g.story_id
                 WHERE g.story_id = ?1 AND g.position = ?2",
            )?
            .query_row(rusqlite::params![id, no as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let Some((source, related, source_lang, target_lang)) = found else {
            let count: i64 = self.conn.query_row(
                "SELECT count(*) FROM segment WHERE story_id = ?1",
                [id],
                |r| r.get(0),
            )?;
            self.story_exists(id)?;
            return Err(Error::SegmentNotFound {
                story: id,
                no,
                count: count as usize,
            });
        };
        if related {
            return Ok(Vec::new());
        }
        let settings = check_settings(&self.conn)?;
        segment_findings(
            &self.conn,
            &settings,
            no,
            &source,
            target,
            &source_lang,
            &target_lang,
        )
    }
}

#[cfg(test)]
mod tests;
