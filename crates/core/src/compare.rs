//! Comparing two revisions of a story's text, word by word.

use serde::{Deserialize, Serialize};
use similar::{capture_diff_slices, Algorithm, DiffOp};

use unicode_normalization::char::is_combining_mark;

use crate::error::Result;
use crate::store::Desk;

/// A run of text that is the same in both revisions, or only in one of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DiffPart {
    /// "same", "removed" or "added".
    #[ts(type = "\"same\" | \"removed\" | \"added\"")]
    pub kind: String,
    pub text: String,
}

/// Word-level differences from `old` to `new`, adjacent runs of a kind joined.
/// Punctuation is a token of its own, so "said" becoming "said," is one comma
/// added, not a word removed and another added.
pub fn diff_words(old: &str, new: &str) -> Vec<DiffPart> {
    let (a, b) = (tokens(old), tokens(new));
    let mut parts: Vec<DiffPart> = Vec::new();
    let mut push = |kind: &str, run: &[&str]| {
        let text: String = run.concat();
        if text.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(&text),
            _ => parts.push(DiffPart {
                kind: kind.to_string(),
                text,
            }),
        }
    };
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        match op {
            DiffOp::Equal { old_index, len, .. } => push("same", &a[old_index..old_index + len]),
            DiffOp::Delete {
                old_index, old_len, ..
            } => push("removed", &a[old_index..old_index + old_len]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push("added", &b[new_index..new_index + new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push("removed", &a[old_index..old_index + old_len]);
                push("added", &b[new_index..new_index + new_len]);
            }
        }
    }
    parts
}

/// The text as words (letters, digits and marks, with the separators a number
/// or a contraction keeps inside it), runs of space, and each other character
/// alone.
fn tokens(s: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Word,
        Space,
        Other,
    }
    let class = |c: char| {
        if c.is_alphanumeric() || is_combining_mark(c) {
            Class::Word
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Other
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let here = class(c);
        let next = chars.peek().map(|&(_, n)| n);
        // A separator between two word characters (380,000, 7.5, don't, ٣٨٠٬٠٠٠) stays inside the word.
        let joins = |c: char| matches!(c, ',' | '.' | '\'' | '’' | '\u{066B}' | '\u{066C}');
        let continues = match next {
            None => false,
            Some(n) => {
                let there = class(n);
                (here == Class::Word && there == Class::Word)
                    || (here == Class::Space && there == Class::Space)
                    || (here == Class::Word
                        && joins(n)
                        && s[i + c.len_utf8() + n.len_utf8()..]
                            .chars()
                            .next()
                            .is_some_and(|m| class(m) == Class::Word))
                    || (here == Class::Other
                        && joins(c)
                        && i > 0
                        && s[..i]
                            .chars()
                            .next_back()
                            .is_some_and(|p| class(p) == Class::Word)
                        && there == Class::Word)
            }
        };
        if !continues {
            out.push(&s[start..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    out
}

impl Desk {
    /// What changed from revision `a` to revision `b` of a story.
    pub fn compare(&self, id: i64, a: i64, b: i64) -> Result<Vec<DiffPart>> {
        let old = self.revision(id, a)?;
        let new = self.revision(id, b)?;
        Ok(diff_words(&old.body, &new.body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_changes_alone() {
        let parts = diff_words("Mamlouk said the talks", "Mamlouk said, the talks");
        let shown: Vec<(&str, &str)> = parts
            .iter()
            .map(|p| (p.kind.as_str(), p.text.as_str()))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("same", "Mamlouk said"),
                ("added", ","),
                ("same", " the talks")
            ]
        );
        // Numbers keep their separators inside them.
        let parts = diff_words("more than 380,000 people", "more than 400,000 people");
        assert!(parts
            .iter()
            .any(|p| p.kind == "removed" && p.text == "380,000"));
        // The parts put back together are the two texts.
        for (old, new) in [
            ("a, b. c", "a b, c!"),
            ("قال، إن", "قال إن،"),
            ("", "x"),
            ("x", ""),
        ] {
            let parts = diff_words(old, new);
            let side = |skip: &str| -> String {
                parts
                    .iter()
                    .filter(|p| p.kind != skip)
                    .map(|p| p.text.as_str())
                    .collect()
            };
            assert_eq!(side("added"), old);
            assert_eq!(side("removed"), new);
        }
    }

    #[test]
    fn words_added_and_removed() {
        let parts = diff_words(
            "Mamlouk met Shamkhani in Tehran",
            "Mamlouk met Ali Shamkhani in Tehran on Monday",
        );
        let of = |kind: &str| -> Vec<String> {
            parts
                .iter()
                .filter(|p| p.kind == kind)
                .map(|p| p.text.clone())
                .collect()
        };
        assert_eq!(of("added"), ["Ali ", " on Monday"]);
        assert!(of("removed").is_empty());
        let parts = diff_words("a b", "a c");
        let kinds: Vec<(&str, &str)> = parts
            .iter()
            .map(|p| (p.kind.as_str(), p.text.as_str()))
            .collect();
        assert_eq!(kinds, [("same", "a "), ("removed", "b"), ("added", "c")]);
    }
}
