//! The export's one Markdown path: CommonMark through comrak with raw HTML never
//! passed through, then a sanitizer pass over comrak's output.
//!
//! comrak in safe mode already drops raw HTML and `javascript:`-style link
//! targets. The sanitizer runs anyway, as a second line of defence: a future
//! comrak option, a bug in either crate or a template change then has to get
//! past both before anything executable reaches a page.

use std::collections::HashSet;
use std::sync::LazyLock;

use comrak::nodes::NodeValue;
use comrak::{Arena, Options};

/// comrak's options for every field: plain CommonMark, raw HTML omitted.
fn comrak_options() -> Options<'static> {
    let mut options = Options::default();
    // Safe mode: raw HTML becomes a comment and dangerous link targets are emptied.
    options.render.r#unsafe = false;
    options
}

/// The sanitizer's policy. Ammonia's default allow-list (no script, style,
/// iframe, object, embed, form, meta or base; no `on*` or `style` attributes)
/// with URL schemes cut to http, https and mailto, and two changes: links get
/// no added `rel`, since export never opens a link in a new window, and `code`
/// keeps its `class` so a fenced block's language survives for styling.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    let schemes: HashSet<&str> = ["http", "https", "mailto"].into_iter().collect();
    builder
        .link_rel(None)
        .url_schemes(schemes)
        .add_tag_attributes("code", ["class"]);
    builder
});

/// Markdown to HTML that is safe to put in a page as it is.
pub fn to_html(markdown: &str) -> String {
    let html = comrak::markdown_to_html(markdown, &comrak_options());
    sanitize(&html)
}

/// The sanitizer pass alone, for HTML that did not come from [`to_html`].
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// The words a reader sees in a Markdown text, without markup, on one line: for
/// `<title>` and the meta description, where tags would show as text.
pub fn to_plain_text(markdown: &str) -> String {
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, markdown, &comrak_options());
    let mut out = String::new();
    for node in root.descendants() {
        match &node.data.borrow().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::CodeBlock(c) => {
                out.push(' ');
                out.push_str(&c.literal);
            }
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            NodeValue::Paragraph | NodeValue::Heading(_) | NodeValue::Item(_) => out.push(' '),
            _ => {}
        }
    }
    crate::text::normalize_inline(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn benign_markdown_survives() {
        let html = to_html(
            "A [link](https://example.org/a?b=1&c=2 \"t\") with *emphasis* and **strength**.\n\n\
             - one\n- two\n\n`<script>alert(1)</script>`\n\n![map](https://example.org/map.png)\n",
        );
        assert!(
            html.contains(r#"<a href="https://example.org/a?b=1&amp;c=2" title="t">link</a>"#),
            "{html}"
        );
        assert!(html.contains("<em>emphasis</em>"), "{html}");
        assert!(html.contains("<strong>strength</strong>"), "{html}");
        assert!(html.contains("<li>one</li>"), "{html}");
        assert!(
            html.contains("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"),
            "{html}"
        );
        assert!(
            html.contains(r#"<img src="https://example.org/map.png" alt="map">"#),
            "{html}"
        );
    }

    #[test]
    fn raw_html_and_script_urls_are_dropped() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n\
             [x](javascript:alert(1)) [y](vbscript:msgbox) [z](data:text/html;base64,PHNjcmlwdD4=)\n",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("vbscript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
    }

    #[test]
    fn fenced_code_keeps_its_language_class() {
        let html = to_html("```rust\nfn main() {}\n```\n");
        assert_eq!(
            html,
            "<pre><code class=\"language-rust\">fn main() {}\n</code></pre>\n"
        );
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            to_plain_text("The *heads* of the `services`,\naccording to [al-Watan](https://x.sy)."),
            "The heads of the services, according to al-Watan."
        );
        // Tags are dropped, the words between them are kept.
        assert_eq!(to_plain_text("<b>raw</b> text"), "raw text");
    }
}
