//! schema.org `NewsArticle` data for the page's one script block.
//!
//! The block is data, but it sits inside `<script>`, where the HTML parser looks
//! only for `</script`. The JSON is therefore built with serde_json (never by
//! pasting strings) and then every `<`, `>` and `&` is written as a `\u` escape,
//! so no field, whatever it holds, can end the block early or open a comment.

use serde::Serialize;

use super::facts::{web_url, PageFacts};

/// The schema.org fields of a page, in the order they are written. Serialised
/// straight from borrowed story fields: a page is rendered for every story of an
/// export, and building a `serde_json::Value` tree first cost an allocation per
/// key and value for the same text.
#[derive(Serialize)]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    #[serde(rename = "dateModified")]
    date_modified: &'a str,
    #[serde(rename = "inLanguage", skip_serializing_if = "str::is_empty")]
    in_language: &'a str,
    #[serde(rename = "isBasedOn", skip_serializing_if = "Option::is_none")]
    is_based_on: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    translator: Option<Named<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    editor: Option<Named<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    keywords: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Named<'a>>,
}

/// A schema.org `Person` or `Organization` known by its name.
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// A person's entry when the name is not blank; the name is written as typed.
fn person(name: &str) -> Option<Named<'_>> {
    (!name.trim().is_empty()).then_some(Named {
        kind: "Person",
        name,
    })
}

/// The JSON-LD of a page, ready to go between `<script type="application/ld+json">`
/// and `</script>`.
pub fn news_article(facts: &PageFacts<'_>) -> String {
    let story = facts.story;
    script_safe(&NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        headline: &story.headline,
        description: &facts.description,
        date_published: story.first_published_at.as_deref(),
        date_modified: facts.modified,
        in_language: &story.language,
        is_based_on: web_url(&story.source.url),
        translator: person(&story.credits.translator),
        editor: person(&story.credits.editor),
        keywords: &story.keywords,
        publisher: (!facts.publication.is_empty()).then_some(Named {
            kind: "Organization",
            name: facts.publication,
        }),
    })
}

/// JSON text that cannot close or comment out the script element it sits in.
/// The escapes are valid JSON string escapes, and the characters they replace can
/// only occur inside strings, so the data read back is unchanged.
pub fn script_safe<T: Serialize + ?Sized>(value: &T) -> String {
    let text = serde_json::to_string_pretty(value).expect("JSON values serialise");
    if !text.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            // Line and paragraph separators end a line in older JavaScript parsers.
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn nothing_in_a_field_can_close_the_script() {
        let hostile = json!({
            "headline": "</script><script>alert(1)</script><!-- & -->",
            "x": "\u{2028}"
        });
        let text = script_safe(&hostile);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        assert!(!text.contains('\u{2028}'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, hostile);
    }
}
