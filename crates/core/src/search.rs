//! Full-text search over headline, standfirst, source and translation (FTS5),
//! ranked by bm25, with a snippet, filterable by status and verification.

use rusqlite::params;
use serde::Serialize;

use crate::desk::{reindex, summary_row, StoryFilter};
use crate::error::Result;
use crate::model::{Status, StorySummary, Verification};
use crate::store::Desk;
use crate::text;

/// Markers the snippet function puts around matches; private-use characters that
/// never occur in a story, split out again before the snippet leaves core.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SearchHit {
    #[serde(flatten)]
    pub story: StorySummary,
    /// The best passage, as runs of text, matched runs marked.
    pub snippet: Vec<SnippetPart>,
    pub rank: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SnippetPart {
    pub text: String,
    /// Sent only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub hit: bool,
}

/// Turns what a person typed into an FTS5 query: every word must appear, the last
/// one may be a prefix (search-as-you-type), and nothing typed can be FTS syntax.
pub fn fts_query(typed: &str) -> Option<String> {
    let terms = query_terms(typed);
    if terms.is_empty() {
        return None;
    }
    let terms: Vec<String> = terms
        .iter()
        .map(|t| {
            let spellings: Vec<String> = text::search_spellings(&t.word)
                .iter()
                .map(|w| {
                    let quoted = format!("\"{}\"", w.replace('"', "\"\""));
                    if t.prefix {
                        format!("{quoted}*")
                    } else {
                        quoted
                    }
                })
                .collect();
            match spellings.as_slice() {
                [one] => one.clone(),
                many => format!("({})", many.join(" OR ")),
            }
        })
        .collect();
    // FTS5 joins phrases by a space but a parenthesised group only by AND.
    Some(terms.join(" AND "))
}

/// One word of a query, folded; the last may match as a prefix.
struct Term {
    word: String,
    /// The word's spellings ([`text::search_spellings`]) as [`long_snippet`]
    /// compares them.
    lower: Vec<String>,
    prefix: bool,
}

fn query_terms(typed: &str) -> Vec<Term> {
    let folded = text::fold_for_search(typed);
    let words: Vec<&str> = folded
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c.is_mark()))
        .filter(|w| !w.is_empty())
        .collect();
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .map(|(i, w)| Term {
            word: w.to_string(),
            lower: text::search_spellings(&w.to_lowercase()),
            prefix: i == last && !typed.ends_with(char::is_whitespace),
        })
        .collect()
}

/// Stories whose indexed text is longer than this get their snippet from
/// [`long_snippet`] instead of FTS5's `snippet()`, which scores every window
/// around every hit against every other hit: a 1 MB story took 2 s to search and
/// a 7.8 MB one 94 s. No article is this long; a pasted book can be.
const FTS_SNIPPET_MAX_BYTES: i64 = 64 * 1024;

/// Tokens of context on each side of the first hit, as FTS5's 16-token window.
const SNIPPET_CONTEXT: usize = 8;

/// A snippet of a long text in one pass: the first word that matches a term,
/// with its neighbours, marked as `snippet()` marks them. Words are read only up
/// to a few past the first hit, and only the passage is copied.
fn long_snippet(columns: &[String], terms: &[Term]) -> String {
    let matches = |word: &str| {
        let word = word.to_lowercase();
        terms.iter().any(|t| {
            t.lower.iter().any(|l| {
                if t.prefix {
                    word.starts_with(l.as_str())
                } else {
                    word == *l
                }
            })
        })
    };
    let passage = |column: &str, words: &[(usize, &str)], more: bool, first: bool| {
        let mut out = String::new();
        if !first {
            out.push('…');
        }
        let mut at = words[0].0;
        for &(offset, word) in words {
            // Paragraph breaks and runs of space between the words read as one
            // space in a passage, which is shown on one line.
            let mut space = false;
            for c in column[at..offset].chars() {
                if c.is_whitespace() {
                    space = true;
                } else {
                    if std::mem::take(&mut space) {
                        out.push(' ');
                    }
                    out.push(c);
                }
            }
            if space {
                out.push(' ');
            }
            if matches(word) {
                out.push(OPEN);
                out.push_str(word);
                out.push(CLOSE);
            } else {
                out.push_str(word);
            }
            at = offset + word.len();
        }
        if more {
            out.push('…');
        }
        out
    };
    for column in columns {
        let mut before = std::collections::VecDeque::with_capacity(SNIPPET_CONTEXT + 1);
        let mut skipped = false;
        let mut words = WordSpans::new(column);
        while let Some(word) = words.next() {
            if matches(word.1) {
                let mut window: Vec<(usize, &str)> = before.into_iter().collect();
                window.push(word);
                window.extend(words.by_ref().take(SNIPPET_CONTEXT));
                let more = words.next().is_some();
                return passage(column, &window, more, !skipped);
            }
            if before.len() == SNIPPET_CONTEXT {
                before.pop_front();
                skipped = true;
            }
            before.push_back(word);
        }
    }
    // A hit FTS5 found by a folding this code does not repeat (Latin accents):
    // the opening words, unmarked.
    let Some(column) = columns.iter().find(|c| !c.trim().is_empty()) else {
        return String::new();
    };
    let window: Vec<(usize, &str)> = WordSpans::new(column).take(2 * SNIPPET_CONTEXT).collect();
    if window.is_empty() {
        return String::new();
    }
    let more = WordSpans::new(column).nth(2 * SNIPPET_CONTEXT).is_some();
    passage(column, &window, more, true)
}

/// The words of a text (runs of letters, digits and marks) with their byte
/// offsets, one at a time.
struct WordSpans<'a> {
    text: &'a str,
    chars: std::str::CharIndices<'a>,
}

impl<'a> WordSpans<'a> {
    fn new(text: &'a str) -> Self {
        WordSpans {
            text,
            chars: text.char_indices(),
        }
    }
}

impl<'a> Iterator for WordSpans<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let in_word = |c: char| c.is_alphanumeric() || c.is_mark();
        let start = loop {
            let (i, c) = self.chars.next()?;
            if in_word(c) {
                break i;
            }
        };
        let end = loop {
            match self.chars.next() {
                Some((i, c)) if !in_word(c) => break i,
                Some(_) => {}
                None => break self.text.len(),
            }
        };
        Some((start, &self.text[start..end]))
    }
}

trait IsMark {
    fn is_mark(&self) -> bool;
}

impl IsMark for char {
    /// Combining marks stay inside words (Arabic harakat are folded away before
    /// this, but Devanagari or Hebrew points are not).
    fn is_mark(&self) -> bool {
        matches!(*self as u32, 0x0300..=0x036F | 0x0591..=0x05C7 | 0x0900..=0x0903 | 0x093A..=0x094F)
    }
}

fn split_snippet(s: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut hit = false;
    let mut cur = String::new();
    for c in s.chars() {
        if c == OPEN || c == CLOSE {
            if !cur.is_empty() {
                parts.push(SnippetPart {
                    text: std::mem::take(&mut cur),
                    hit,
                });
            }
            hit = c == OPEN;
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        parts.push(SnippetPart { text: cur, hit });
    }
    parts
}

impl Desk {
    /// Rewrites the index rows of the stories changed since the last search and
    /// returns how many there were. Saves only mark their story (see
    /// `migrations/0002_search_pending.sql`), so a burst of autosaves on one
    /// story costs one rewrite here instead of one each. `search` calls this
    /// first; a shell may also call it when the desk is idle.
    pub fn refresh_search(&mut self) -> Result<usize> {
        let marked: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM search_pending)")?
            .query_row([], |r| r.get(0))?;
        if !marked {
            return Ok(0);
        }
        self.write(|tx| {
            let ids = tx
                .prepare_cached("SELECT story_id FROM search_pending")?
                .query_map([], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for &id in &ids {
                reindex(tx, id)?;
            }
            tx.prepare_cached("DELETE FROM search_pending")?
                .execute([])?;
            Ok(ids.len())
        })
    }

    /// The folded text a story's index row holds, column by column.
    fn indexed_text(&self, id: i64) -> Result<[String; 4]> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT headline, standfirst, source, translation FROM story_fts WHERE rowid = ?1",
            )?
            .query_row([id], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]))?)
    }

    /// Stories matching `typed`, best first. A query without a word is refused
    /// (a shell's empty search box asks nothing). The index is brought up to
    /// date first, so every save is findable.
    pub fn search(&mut self, typed: &str, filter: &StoryFilter) -> Result<Vec<SearchHit>> {
        let Some(query) = fts_query(typed) else {
            return Err(crate::error::Error::invalid(
                "give at least one word to search for; spaces, punctuation and operators \
                 alone match nothing",
            ));
        };
        self.refresh_search()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id, s.slug, s.status, s.verification, s.headline, s.source_headline, s.source_name,
                    s.source_language, s.translator, s.updated_at, s.version, s.assignee, s.due_at,
                    CASE WHEN length(story_fts.headline) + length(story_fts.standfirst)
                              + length(story_fts.source) + length(story_fts.translation) <= ?8
                         THEN snippet(story_fts, -1, ?2, ?3, '…', 16) END,
                    story_fts.rank
             FROM story_fts JOIN story s ON s.id = story_fts.rowid
             WHERE story_fts MATCH ?1
               AND (?4 IS NULL OR s.status = ?4) AND (?5 IS NULL OR s.verification = ?5)
             ORDER BY story_fts.rank LIMIT ?6 OFFSET ?7",
        )?;
        let rows = stmt
            .query_map(
                params![
                    query,
                    OPEN.to_string(),
                    CLOSE.to_string(),
                    filter.status.map(Status::as_str),
                    filter.verification.map(Verification::as_str),
                    filter.limit.unwrap_or(50) as i64,
                    filter.offset as i64,
                    FTS_SNIPPET_MAX_BYTES,
                ],
                |r| {
                    Ok((
                        SearchHit {
                            story: summary_row(r)?,
                            snippet: vec![],
                            rank: r.get(14)?,
                        },
                        r.get::<_, Option<String>>(13)?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let terms = query_terms(typed);
        let mut hits = rows
            .into_iter()
            .map(|(mut hit, snippet)| {
                let snippet = match snippet {
                    Some(s) => s,
                    None => long_snippet(&self.indexed_text(hit.story.id)?, &terms),
                };
                hit.snippet = split_snippet(&snippet);
                Ok(hit)
            })
            .collect::<Result<Vec<SearchHit>>>()?;
        self.fill_progress(hits.iter_mut().map(|h| &mut h.story))?;
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_cannot_be_fts_syntax() {
        assert_eq!(
            fts_query("Mamlouk Tehran").as_deref(),
            Some("\"Mamlouk\" AND \"Tehran\"*")
        );
        assert_eq!(
            fts_query("NEAR(\"a\" b) OR c* ").as_deref(),
            Some("\"NEAR\" AND \"a\" AND \"b\" AND \"OR\" AND \"c\"")
        );
        assert_eq!(fts_query("  ").as_deref(), None);
        assert_eq!(fts_query("\"").as_deref(), None);
    }

    #[test]
    fn arabic_queries_are_folded() {
        assert_eq!(fts_query("الأَجْهِزَة "), fts_query("الاجهزة "));
        // Spellings the memory folds together are all asked for.
        assert_eq!(
            fts_query("مدرسة 832").as_deref(),
            Some("(\"مدرسة\" OR \"مدرسه\") AND (\"832\"* OR \"٨٣٢\"* OR \"۸۳۲\"*)")
        );
    }

    #[test]
    fn long_snippets_mark_the_first_hit_in_its_passage() {
        let text = (1..=40)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ")
            + " Damascus, said w41 w42.";
        let terms = query_terms("damas");
        let out = long_snippet(&[String::new(), text], &terms);
        assert_eq!(
            out,
            format!("…w33 w34 w35 w36 w37 w38 w39 w40 {OPEN}Damascus{CLOSE}, said w41 w42")
        );
        let lines = long_snippet(
            &["one.\n\ntwo  Damascus".to_string()],
            &query_terms("damascus"),
        );
        assert_eq!(lines, format!("one. two {OPEN}Damascus{CLOSE}"));
        let none = long_snippet(&["a b c".to_string()], &query_terms("zzz"));
        assert_eq!(none, "a b c");
    }

    #[test]
    fn snippets_split_into_runs() {
        let s = format!("a {OPEN}b{CLOSE} c");
        let parts = split_snippet(&s);
        assert_eq!(parts.len(), 3);
        assert!(parts[1].hit && parts[1].text == "b");
    }
}
