//! Bounds how deep an imported HTML page nests before it is built into a tree.
//!
//! html5ever's tree builder checks the stack of open elements at each new element,
//! so a page of nested `<div>`s costs the square of its depth: 32,000 took 2.5 s and
//! 100,000 (1.1 MB, well under the import cap) did not finish. This pass runs the
//! same tokenizer, which is linear, keeps a stack of the elements a browser would
//! hold open, and drops the tags of any element deeper than [`MAX_DEPTH`] while
//! keeping its text. No article nests that deep; its words are all still there.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::LocalName;

/// Elements nested deeper than this lose their tags and keep their text.
pub const MAX_DEPTH: usize = 128;

/// Elements that never hold content, so never stay open.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Start tags that close an open `p`, as a browser's parser does.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "dd",
    "dt",
];

#[derive(Default)]
struct State {
    out: String,
    open: Vec<LocalName>,
    /// Start tags dropped past the limit whose end tags are still to come.
    dropped: usize,
    /// Inside `script`, `style` and the like, text is written as it came.
    raw: bool,
}

struct Sink(RefCell<State>);

fn same_family(a: &str, b: &str) -> bool {
    a == b
        || matches!(
            (a, b),
            ("dd" | "dt", "dd" | "dt") | ("td" | "th", "td" | "th")
        )
}

impl State {
    fn start(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        if VOID.contains(&name) {
            self.write_tag(tag);
            return TokenSinkResult::Continue;
        }
        // Elements a browser closes by themselves when the next one starts.
        if let Some(top) = self.open.last() {
            let top: &str = top;
            let implied = (top == "p" && CLOSES_P.contains(&name))
                || (same_family(top, name)
                    && matches!(name, "li" | "dd" | "dt" | "option" | "td" | "th" | "tr"));
            if implied {
                self.open.pop();
            }
        }
        let raw = match name {
            "script" => Some(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
            "title" | "textarea" => Some(RawKind::Rcdata),
            _ => None,
        };
        if self.open.len() >= MAX_DEPTH {
            self.dropped += 1;
        } else {
            self.open.push(tag.name.clone());
            self.write_tag(tag);
        }
        match raw {
            Some(kind) => {
                self.raw = true;
                TokenSinkResult::RawData(kind)
            }
            None => TokenSinkResult::Continue,
        }
    }

    fn end(&mut self, tag: &Tag) {
        self.raw = false;
        if self.dropped > 0 {
            self.dropped -= 1;
            return;
        }
        // A stray end tag (nothing of its name is open) is left out, as a browser
        // ignores it; otherwise it closes everything above its element too.
        if let Some(at) = self.open.iter().rposition(|n| *n == tag.name) {
            self.open.truncate(at);
            self.out.push_str("</");
            self.out.push_str(&tag.name);
            self.out.push('>');
        }
    }

    fn write_tag(&mut self, tag: &Tag) {
        self.out.push('<');
        self.out.push_str(&tag.name);
        for attr in &tag.attrs {
            self.out.push(' ');
            self.out.push_str(&attr.name.local);
            self.out.push_str("=\"");
            escape(&attr.value, true, &mut self.out);
            self.out.push('"');
        }
        self.out.push('>');
    }
}

fn escape(text: &str, attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' if !attribute => out.push_str("&lt;"),
            '>' if !attribute => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => match tag.kind {
                TagKind::StartTag => return state.start(&tag),
                TagKind::EndTag => state.end(&tag),
            },
            Token::CharacterTokens(text) => {
                if state.raw {
                    state.out.push_str(&text);
                } else {
                    let State { out, .. } = &mut *state;
                    escape(&text, false, out);
                }
            }
            Token::DoctypeToken(_) => state.out.push_str("<!DOCTYPE html>"),
            // Comments, NUL characters and parse errors carry no article text.
            Token::CommentToken(_)
            | Token::NullCharacterToken
            | Token::EOFToken
            | Token::ParseError(_) => {}
        }
        TokenSinkResult::Continue
    }
}

/// `html` with every element deeper than [`MAX_DEPTH`] reduced to its text, or
/// `html` itself when nothing nests that deep.
pub fn bound(html: &str) -> String {
    let sink = Sink(RefCell::new(State::default()));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let state = tokenizer.sink.0.into_inner();
    state.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_keep_their_structure() {
        let page = "<html lang=\"ar\"><head><title>A &amp; B</title>\
                    <script>if (a < b && c) {}</script></head>\
                    <body><article><h1>عنوان</h1><p>one<p>two & <b>three</b><ul><li>a<li>b</ul>\
                    <img src=\"x.png\" alt='say \"hi\"'></article></body></html>";
        let bounded = bound(page);
        let text = |html: &str| {
            let doc = scraper::Html::parse_document(html);
            doc.root_element().html()
        };
        assert_eq!(text(&bounded), text(page));
    }

    #[test]
    fn deep_nesting_keeps_its_text_below_the_limit() {
        let n = 10_000;
        let page = format!(
            "<body>{}deep words{}</body>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let bounded = bound(&page);
        assert_eq!(bounded.matches("<div>").count(), MAX_DEPTH - 1);
        assert!(bounded.contains("deep words"));
        // Unclosed paragraphs and list items are closed by the next one, as a
        // browser does, so they never count as nesting.
        let sloppy = "<p>x".repeat(1000) + &"<li>y".repeat(1000);
        let bounded = bound(&sloppy);
        assert_eq!(bounded.matches("<p>").count(), 1000);
        assert_eq!(bounded.matches("<li>").count(), 1000);
    }
}
