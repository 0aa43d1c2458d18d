//! Comparing two revisions of a story's text, word by word.

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

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
pub fn diff_words(old: &str, new: &str) -> Vec<DiffPart> {
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in TextDiff::from_words(old, new).iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => "same",
            ChangeTag::Delete => "removed",
            ChangeTag::Insert => "added",
        };
        match parts.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => parts.push(DiffPart {
                kind: kind.to_string(),
                text: change.value().to_string(),
            }),
        }
    }
    parts
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
