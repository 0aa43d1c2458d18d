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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    #[serde(flatten)]
    pub story: StorySummary,
    /// The best passage, as runs of text, matched runs marked.
    pub snippet: Vec<SnippetPart>,
    pub rank: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SnippetPart {
    pub text: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hit: bool,
}

impl SearchHit {
    /// The snippet with matches in **bold** markers, for a terminal.
    pub fn snippet_text(&self) -> String {
        self.snippet
            .iter()
            .map(|p| {
                if p.hit {
                    format!("**{}**", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }
}

/// Turns what a person typed into an FTS5 query: every word must appear, the last
/// one may be a prefix (search-as-you-type), and nothing typed can be FTS syntax.
pub fn fts_query(typed: &str) -> Option<String> {
    let folded = text::fold_for_search(typed);
    let words: Vec<&str> = folded
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c.is_mark()))
        .filter(|w| !w.is_empty())
        .collect();
    let last = words.len().checked_sub(1)?;
    let terms: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let quoted = format!("\"{}\"", w.replace('"', "\"\""));
            if i == last && !typed.ends_with(char::is_whitespace) {
                format!("{quoted}*")
            } else {
                quoted
            }
        })
        .collect();
    Some(terms.join(" "))
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

    /// Stories matching `typed`, best first. An empty query matches nothing.
    /// The index is brought up to date first, so every save is findable.
    pub fn search(&mut self, typed: &str, filter: &StoryFilter) -> Result<Vec<SearchHit>> {
        let Some(query) = fts_query(typed) else {
            return Ok(vec![]);
        };
        self.refresh_search()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id, s.slug, s.status, s.verification, s.headline, s.source_headline, s.source_name,
                    s.source_language, s.translator, s.updated_at, s.version,
                    snippet(story_fts, -1, ?2, ?3, '…', 16), story_fts.rank
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
                ],
                |r| {
                    Ok(SearchHit {
                        story: summary_row(r)?,
                        snippet: split_snippet(&r.get::<_, String>(11)?),
                        rank: r.get(12)?,
                    })
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_cannot_be_fts_syntax() {
        assert_eq!(
            fts_query("Mamlouk Tehran").as_deref(),
            Some("\"Mamlouk\" \"Tehran\"*")
        );
        assert_eq!(
            fts_query("NEAR(\"a\" b) OR c* ").as_deref(),
            Some("\"NEAR\" \"a\" \"b\" \"OR\" \"c\"")
        );
        assert_eq!(fts_query("  ").as_deref(), None);
        assert_eq!(fts_query("\"").as_deref(), None);
    }

    #[test]
    fn arabic_queries_are_folded() {
        assert_eq!(fts_query("الأَجْهِزَة "), fts_query("الاجهزة "));
    }

    #[test]
    fn snippets_split_into_runs() {
        let s = format!("a {OPEN}b{CLOSE} c");
        let parts = split_snippet(&s);
        assert_eq!(parts.len(), 3);
        assert!(parts[1].hit && parts[1].text == "b");
    }
}
