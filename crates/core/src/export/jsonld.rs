//! schema.org `NewsArticle` data for the page's one script block.
//!
//! The block is data, but it sits inside `<script>`, where the HTML parser looks
//! only for `</script`. The JSON is therefore built with serde_json (never by
//! pasting strings) and then every `<`, `>` and `&` is written as a `\u` escape,
//! so no field, whatever it holds, can end the block early or open a comment.

use serde_json::{json, Map, Value};

use super::view::{web_url, PageFacts};

/// The JSON-LD of a page, ready to go between `<script type="application/ld+json">`
/// and `</script>`.
pub fn news_article(facts: &PageFacts<'_>) -> String {
    let story = facts.story;
    let mut data = Map::new();
    data.insert("@context".into(), json!("https://schema.org"));
    data.insert("@type".into(), json!("NewsArticle"));
    data.insert("headline".into(), json!(story.headline));
    if !facts.description.is_empty() {
        data.insert("description".into(), json!(facts.description));
    }
    if let Some(first) = &story.first_published_at {
        data.insert("datePublished".into(), json!(first));
    }
    data.insert("dateModified".into(), json!(facts.modified));
    if !story.language.is_empty() {
        data.insert("inLanguage".into(), json!(story.language));
    }
    if let Some(url) = web_url(&story.source.url) {
        data.insert("isBasedOn".into(), json!(url));
    }
    for (key, name) in [
        ("translator", &story.credits.translator),
        ("editor", &story.credits.editor),
    ] {
        if !name.trim().is_empty() {
            data.insert(key.into(), json!({ "@type": "Person", "name": name }));
        }
    }
    if !story.keywords.is_empty() {
        data.insert("keywords".into(), json!(story.keywords));
    }
    if !facts.publication.is_empty() {
        data.insert(
            "publisher".into(),
            json!({ "@type": "Organization", "name": facts.publication }),
        );
    }
    script_safe(&Value::Object(data))
}

/// JSON text that cannot close or comment out the script element it sits in.
/// The escapes are valid JSON string escapes, and the characters they replace can
/// only occur inside strings, so the data read back is unchanged.
pub fn script_safe(value: &Value) -> String {
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
