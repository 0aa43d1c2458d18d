//! The export's one Markdown path: CommonMark through comrak with raw HTML shown
//! as text, then a sanitizer pass over comrak's output.
//!
//! What a translator typed is text. Raw HTML in a field (`<div>` on its own line,
//! a paragraph that starts with `<script>`) is escaped and kept, never dropped:
//! comrak's safe mode alone would replace such a block with a comment and its
//! words would silently vanish from the page. comrak also empties
//! `javascript:`-style link targets. The sanitizer runs anyway, as a second line of defence: a future
//! comrak option, a bug in either crate or a template change then has to get
//! past both before anything executable reaches a page.

use std::collections::HashSet;
use std::sync::LazyLock;

use comrak::nodes::NodeValue;
use comrak::{Arena, Options};

/// comrak's options for every field: plain CommonMark, raw HTML escaped.
fn comrak_options() -> Options<'static> {
    let mut options = Options::default();
    // Safe mode empties dangerous link targets; `escape` shows raw HTML as the
    // text it is instead of replacing it with a comment.
    options.render.r#unsafe = false;
    options.render.escape = true;
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
    clean(&comrak_html(markdown))
}

/// comrak's HTML of one text, not yet sanitized: only for [`clean`], which may
/// take several texts' worth at once.
pub(crate) fn comrak_html(markdown: &str) -> String {
    comrak::markdown_to_html(markdown, &comrak_options())
}

/// The second half of [`to_html`], for comrak output: bounded, then sanitized.
/// The output of several texts, concatenated, is well formed, so a page cleans
/// its consecutive paragraphs in one pass instead of one per paragraph.
pub(crate) fn clean(comrak_html: &str) -> String {
    if needs_bounding(comrak_html) {
        sanitize(&bound_structure(comrak_html))
    } else {
        sanitize(comrak_html)
    }
}

/// Whether [`bound_structure`] could change anything: only text long enough for
/// a long attribute, with enough references for a long run, or with enough tags
/// to nest too deep. Ordinary paragraphs skip the pass; counting two bytes is
/// cheaper than walking the state machine. This runs on every page, so both are
/// counted in one pass over chunks of 255 bytes with byte-sized counters, which
/// the compiler turns into wide vector code (a plain count into `usize` was
/// fifteen times slower).
fn needs_bounding(html: &str) -> bool {
    if html.len() > MAX_ATTRIBUTE_BYTES {
        return true;
    }
    let (mut refs, mut tags) = (0usize, 0usize);
    for chunk in html.as_bytes().chunks(usize::from(u8::MAX)) {
        let (r, t) = chunk.iter().fold((0u8, 0u8), |(r, t), &b| {
            (r + u8::from(b == b'&'), t + u8::from(b == b'<'))
        });
        refs += usize::from(r);
        tags += usize::from(t);
    }
    refs >= REFS_PER_TEXT_RUN || tags > 2 * MAX_DEPTH
}

/// Character references after which a text run is broken by an empty comment.
const REFS_PER_TEXT_RUN: usize = 128;

/// Attribute values longer than this (a link target, title or image description
/// of more than 16 KiB, which no article has) are emptied.
const MAX_ATTRIBUTE_BYTES: usize = 16 * 1024;

/// Elements nested deeper than this lose their tags and keep their text: no
/// article nests quotes or lists 32 deep, and the sanitizer's parser checks the
/// whole stack of open elements at each new one.
const MAX_DEPTH: usize = 32;

/// Keeps the sanitizer's parse linear. html5ever slows down quadratically as one
/// text node or attribute value grows by many character references (a megabyte
/// of `&#` took minutes) and as elements nest (100,000 block quotes did not
/// finish), so this pass over comrak's output breaks long text runs with empty
/// comments, which the sanitizer removes again (adjacent text nodes serialise as
/// one run, so the result is unchanged); empties attribute values past
/// [`MAX_ATTRIBUTE_BYTES`]; and drops the tags of elements deeper than
/// [`MAX_DEPTH`]. It relies only on comrak's output being well formed: `<` starts
/// a tag or comment, attribute values are double-quoted, void elements end in
/// `/>`, and `&` in text always starts a reference ending in `;`. The sanitizer
/// still sees, and cleans, everything this pass lets through.
fn bound_structure(html: &str) -> String {
    enum State {
        Text { in_ref: bool, refs: usize },
        Tag { start: usize, out_start: usize },
        Value { tag: (usize, usize), start: usize },
    }
    let mut out = String::with_capacity(html.len() + html.len() / 64);
    let mut copied = 0;
    let mut depth = 0usize;
    let mut state = State::Text {
        in_ref: false,
        refs: 0,
    };
    for (i, b) in html.bytes().enumerate() {
        state = match (state, b) {
            (State::Text { .. }, b'<') => State::Tag {
                start: i,
                // Where the tag begins in `out` once everything before it is copied.
                out_start: out.len() + (i - copied),
            },
            (State::Text { refs, .. }, b'&') => State::Text { in_ref: true, refs },
            (State::Text { in_ref: true, refs }, b';') if refs + 1 >= REFS_PER_TEXT_RUN => {
                out.push_str(&html[copied..=i]);
                out.push_str("<!---->");
                copied = i + 1;
                State::Text {
                    in_ref: false,
                    refs: 0,
                }
            }
            (State::Text { in_ref: true, refs }, b';') => State::Text {
                in_ref: false,
                refs: refs + 1,
            },
            (State::Tag { start, out_start }, b'"') => State::Value {
                tag: (start, out_start),
                start: i + 1,
            },
            (
                State::Value {
                    tag: (tag_start, out_start),
                    start,
                },
                b'"',
            ) => {
                if i - start > MAX_ATTRIBUTE_BYTES {
                    out.push_str(&html[copied..start]);
                    copied = i;
                }
                State::Tag {
                    start: tag_start,
                    out_start,
                }
            }
            (State::Tag { start, out_start }, b'>') => {
                let tag = &html[start..=i];
                let drop = if tag.starts_with("<!") || tag.ends_with("/>") {
                    false
                } else if tag.starts_with("</") {
                    depth = depth.saturating_sub(1);
                    depth >= MAX_DEPTH
                } else {
                    depth += 1;
                    depth > MAX_DEPTH
                };
                if drop {
                    if copied <= start {
                        out.push_str(&html[copied..start]);
                    } else {
                        out.truncate(out_start);
                    }
                    copied = i + 1;
                }
                State::Text {
                    in_ref: false,
                    refs: 0,
                }
            }
            (state, _) => state,
        };
    }
    out.push_str(&html[copied..]);
    out
}

/// The sanitizer pass alone, for HTML that did not come from [`to_html`].
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// The words a reader sees in a Markdown text, without markup, on one line: for
/// `<title>` and the meta description, where tags would show as text.
pub fn to_plain_text(markdown: &str) -> String {
    // Blank Markdown has no words; most stories have no standfirst to describe.
    if markdown.trim().is_empty() {
        return String::new();
    }
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, markdown, &comrak_options());
    let mut out = String::new();
    for node in root.descendants() {
        match &node.data.borrow().value {
            NodeValue::Text(t) => out.push_str(t),
            // Raw HTML shows on the page as text (see `comrak_options`), so it is
            // part of what a reader sees here too.
            NodeValue::HtmlInline(html) => out.push_str(html),
            NodeValue::HtmlBlock(block) => {
                out.push(' ');
                out.push_str(&block.literal);
            }
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
    fn raw_html_is_kept_as_text() {
        for (typed, shown) in [
            (
                "<div>\nThe talks went on.\n</div>",
                "&lt;div&gt;\nThe talks went on.\n&lt;/div&gt;",
            ),
            (
                "<script>alert(1)</script> The talks went on.",
                "&lt;script&gt;alert(1)&lt;/script&gt; The talks went on.",
            ),
            (
                "<style>p {}</style> The talks went on.",
                "&lt;style&gt;p {}&lt;/style&gt; The talks went on.",
            ),
            (
                "The <b>talks</b> went on.",
                "The &lt;b&gt;talks&lt;/b&gt; went on.",
            ),
        ] {
            let html = to_html(typed);
            assert!(html.contains(shown), "{typed:?} gave {html:?}");
        }
    }

    #[test]
    fn raw_html_and_script_urls_are_inert() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n\
             [x](javascript:alert(1)) [y](vbscript:msgbox) [z](data:text/html;base64,PHNjcmlwdD4=)\n",
        );
        // The tags are text a reader sees, never elements.
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
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
    fn bounding_runs_changes_nothing_a_reader_sees() {
        let markdown = format!(
            "{} [t](https://x.org/?a=1&b=2 \"{}\") `{}`\n\n```\n{}\n```\n",
            "Tom & Jerry say \"hi\" <b> ".repeat(300),
            "&".repeat(200),
            "<&>".repeat(300),
            "if a < b && c > d { \"x\" }\n".repeat(100)
        );
        let html = comrak::markdown_to_html(&markdown, &comrak_options());
        let bounded = bound_structure(&html);
        assert!(bounded.matches("<!---->").count() > 10, "runs were broken");
        assert_eq!(sanitize(&bounded), sanitize(&html));
    }

    #[test]
    fn the_bounding_check_counts_across_chunks() {
        // The counts span several of the 255-byte chunks and land on each side
        // of both limits, so a miscounted chunk edge would flip an answer.
        let filler = "x".repeat(300);
        let refs = |n: usize| format!("{filler}{}{filler}", "&amp;".repeat(n));
        assert!(!needs_bounding(&refs(REFS_PER_TEXT_RUN - 1)));
        assert!(needs_bounding(&refs(REFS_PER_TEXT_RUN)));
        let tags = |n: usize| format!("{filler}{}{filler}", "<b>a".repeat(n));
        assert!(!needs_bounding(&tags(2 * MAX_DEPTH)));
        assert!(needs_bounding(&tags(2 * MAX_DEPTH + 1)));
        assert!(needs_bounding(&"x".repeat(MAX_ATTRIBUTE_BYTES + 1)));
        assert!(!needs_bounding(""));
    }

    #[test]
    fn giant_attribute_values_are_emptied() {
        let html = to_html(&format!("[x](https://x.org/ \"{}\")", "a".repeat(20_000)));
        assert_eq!(html, "<p><a href=\"https://x.org/\" title=\"\">x</a></p>\n");
        let html = to_html(&format!("![{}](https://x.org/i.png)", "&".repeat(20_000)));
        assert_eq!(html, "<p><img src=\"https://x.org/i.png\" alt=\"\"></p>\n");
    }

    #[test]
    fn deep_nesting_is_flattened_below_the_limit() {
        let html = to_html(&("> ".repeat(100) + "*deep* [x](https://x.org/)"));
        assert_eq!(html.matches("<blockquote>").count(), MAX_DEPTH);
        assert_eq!(html.matches("</blockquote>").count(), MAX_DEPTH);
        assert!(html.contains("deep x"), "{html}");
        assert!(!html.contains("<p>"), "{html}");
        // Shallow structure is untouched.
        let shallow = "> - a\n>   - *b* `c`\n\n---\n\n1. d  \n   e\n";
        let html = comrak::markdown_to_html(shallow, &comrak_options());
        assert_eq!(bound_structure(&html), html);
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            to_plain_text("The *heads* of the `services`,\naccording to [al-Watan](https://x.sy)."),
            "The heads of the services, according to al-Watan."
        );
        // Raw HTML is text, as the page shows it.
        assert_eq!(to_plain_text("<b>raw</b> text"), "<b>raw</b> text");
        assert_eq!(
            to_plain_text("<style>\nbody {}\n</style> A quiet week"),
            "<style> body {} </style> A quiet week"
        );
    }
}
