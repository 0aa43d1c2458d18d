//! Facts about a story that the page, its JSON-LD and the JSON format share:
//! title, credit, description, the links fit for an `href` and the file name.
//! The three formats read them from here, so none of them depends on another.

use super::{markdown, Article, Publication};
use crate::model::Story;

/// Facts about a story that the page, its JSON-LD and the JSON format share.
pub struct PageFacts<'a> {
    pub story: &'a Story,
    /// The publication's name, trimmed; empty only in a preview.
    pub publication: &'a str,
    /// The standfirst as plain text, for the meta description.
    pub description: String,
    /// When the text last went out (or last changed, for a preview).
    pub modified: &'a str,
    pub disclaimer: &'a str,
    /// "Translated by …; edited by …." or empty.
    pub credit: String,
    /// The title: the headline, or for a preview without one, a stand-in.
    pub title: String,
}

impl<'a> PageFacts<'a> {
    /// The facts of `article`, with the disclaimer its verification calls for.
    pub fn new(article: &'a Article, publication: &'a Publication, disclaimer: &'a str) -> Self {
        let story = &article.story;
        let title = if !story.headline.trim().is_empty() {
            story.headline.trim().to_string()
        } else if !story.source.headline.trim().is_empty() {
            story.source.headline.trim().to_string()
        } else {
            format!("Story {}", story.id)
        };
        PageFacts {
            story,
            publication: publication.name.trim(),
            description: markdown::to_plain_text(&story.standfirst),
            modified: story.published_at.as_deref().unwrap_or(&story.updated_at),
            disclaimer,
            credit: credit(&story.credits.translator, &story.credits.editor),
            title,
        }
    }
}

/// The credit line from the translator's and the editor's names.
pub fn credit(translator: &str, editor: &str) -> String {
    match (translator.trim(), editor.trim()) {
        ("", "") => String::new(),
        (t, "") => format!("Translated by {t}."),
        ("", e) => format!("Edited by {e}."),
        (t, e) if t == e => format!("Translated and edited by {t}."),
        (t, e) => format!("Translated by {t}; edited by {e}."),
    }
}

/// `url` when it is an absolute http(s) address fit for an `href`, else `None`.
/// A source URL is typed by a person or comes from an imported file; anything
/// else (`javascript:`, `data:`, a relative path) is shown nowhere as a link.
pub fn web_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme_ok = lower.starts_with("https://") || lower.starts_with("http://");
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    let has_host = url
        .split_once("//")
        .is_some_and(|(_, rest)| !rest.is_empty());
    (scheme_ok && clean && has_host).then_some(url)
}

/// The file name, without extension, that a story exports to: its slug, which
/// the store keeps to ASCII letters, digits and dashes; anything else falls back
/// to `story-ID`, so a file can never land outside the export folder.
pub fn file_stem(slug: &str, id: i64) -> String {
    let safe = !slug.is_empty()
        && slug.len() <= 120
        && !slug.starts_with(['.', '-'])
        && slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if safe {
        slug.to_string()
    } else {
        format!("story-{id}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_lines() {
        assert_eq!(credit("", " "), "");
        assert_eq!(credit("Rana", ""), "Translated by Rana.");
        assert_eq!(credit("", "Omar"), "Edited by Omar.");
        assert_eq!(credit("Rana", "Rana"), "Translated and edited by Rana.");
        assert_eq!(
            credit("Rana", "Omar"),
            "Translated by Rana; edited by Omar."
        );
    }

    #[test]
    fn only_web_urls_become_links() {
        assert_eq!(
            web_url(" https://alwatan.sy/archives/1 "),
            Some("https://alwatan.sy/archives/1")
        );
        assert_eq!(web_url("HTTP://example.org"), Some("HTTP://example.org"));
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "data:text/html,<script>",
            "//evil.example/x",
            "/relative",
            "https://",
            "https://a b",
            "https://a\u{0}b",
            "",
        ] {
            assert_eq!(web_url(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn file_stems_stay_in_the_folder() {
        assert_eq!(file_stem("high-level-meeting", 3), "high-level-meeting");
        for bad in ["", "../etc/passwd", ".hidden", "a/b", "a\\b", "-x", "ü"] {
            assert_eq!(file_stem(bad, 7), "story-7", "{bad:?}");
        }
    }
}
