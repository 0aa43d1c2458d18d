//! Intake: turning a file or pasted text into a source article (metadata and
//! paragraphs). Markdown with YAML front matter, plain text and HTML. Nothing here
//! touches the store; `Desk::import` puts the result on the desk.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use scraper::{ElementRef, Html, Node, Selector};

use crate::error::{Error, ErrorCode, Result};
use crate::model::Source;
use crate::text;

mod nesting;

/// Larger files are refused: no news article is this long, and reading one
/// would stall the desk.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A source article ready for the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intake {
    pub source: Source,
    pub paragraphs: Vec<String>,
    /// Where it came from (a file name), for history.
    pub origin: Option<String>,
}

impl Intake {
    /// The identity of the content: the same article imported twice is one story.
    pub fn content_hash(&self) -> String {
        text::content_hash(
            std::iter::once(self.source.headline.as_str())
                .chain(self.paragraphs.iter().map(String::as_str)),
        )
    }
}

/// Source details a person gives for articles that do not say them themselves
/// (`source` outlet, language, URL). A value that is blank is no value: the
/// article's own stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceOverrides {
    pub name: Option<String>,
    pub language: Option<String>,
    pub url: Option<String>,
}

impl SourceOverrides {
    pub fn apply(&self, intake: &mut Intake) {
        let fields = [
            (&mut intake.source.name, &self.name),
            (&mut intake.source.language, &self.language),
            (&mut intake.source.url, &self.url),
        ];
        for (field, value) in fields {
            if let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                *field = value.to_string();
            }
        }
    }
}

/// What kind of text an intake is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Plain,
}

impl Format {
    /// From a file name, or by looking at the text when the extension says nothing.
    pub fn detect(name: &str, text: &str) -> Format {
        let lower = name.to_ascii_lowercase();
        // The first 64 characters, not bytes: a byte count can end inside a
        // character, which made pasted Arabic HTML read as plain text.
        let head: String = text
            .trim_start()
            .chars()
            .take(64)
            .collect::<String>()
            .to_ascii_lowercase();
        if lower.ends_with(".md")
            || lower.ends_with(".markdown")
            || text.starts_with("---\n")
            || text.starts_with("---\r\n")
        {
            Format::Markdown
        } else if lower.ends_with(".html")
            || lower.ends_with(".htm")
            || head.starts_with("<!doctype html")
            || head.starts_with("<html")
        {
            Format::Html
        } else {
            Format::Plain
        }
    }
}

fn refuse(path: &str, code: ErrorCode, reason: impl Into<String>) -> Error {
    Error::Intake {
        path: path.to_string(),
        code,
        reason: reason.into(),
    }
}

/// Reads and parses one file. Every way a file can be unusable is a clear
/// `Error::Intake` naming it; nothing is written anywhere.
pub fn read_file(path: &Path) -> Result<Intake> {
    let shown = path.display().to_string();
    let bytes = read_bytes(path, MAX_FILE_BYTES)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut intake = parse(&name, &bytes).map_err(|e| match e {
        Error::Intake { code, reason, .. } => refuse(&shown, code, reason),
        other => other,
    })?;
    intake.origin = Some(name);
    Ok(intake)
}

/// The bytes of a regular file of at most `max` bytes. Anything else (a FIFO,
/// a device, a folder) is refused before it is opened: opening a FIFO waits for a
/// writer, forever if none comes.
fn read_bytes(path: &Path, max: u64) -> Result<Vec<u8>> {
    let shown = path.display().to_string();
    let unreadable = |e: std::io::Error| {
        refuse(
            &shown,
            ErrorCode::Unreadable,
            format!("cannot read the file: {e}"),
        )
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(refuse(
            &shown,
            ErrorCode::NotAFile,
            "this is not a regular file (a folder, a pipe or a device); choose a saved file",
        ));
    }
    if meta.len() > max {
        return Err(too_large(&shown, meta.len(), max));
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    read_capped(file, &shown, max)
}

/// At most `max` bytes from `reader`, or `too_large`: one byte past the limit is
/// read, in case a file grows while it is read or a pipe has no end.
fn read_capped(reader: impl Read, shown: &str, max: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(max + 1).read_to_end(&mut bytes).map_err(|e| {
        refuse(
            shown,
            ErrorCode::Unreadable,
            format!("cannot read the file: {e}"),
        )
    })?;
    if bytes.len() as u64 > max {
        return Err(too_large(shown, bytes.len() as u64, max));
    }
    Ok(bytes)
}

/// A translation, or any one text, from a file: a regular file of at most
/// [`crate::text::MAX_FIELD_BYTES`], in UTF-8 (or UTF-16 with its byte order mark).
pub fn read_text_file(path: &Path) -> Result<String> {
    let bytes = read_bytes(path, crate::text::MAX_FIELD_BYTES as u64)?;
    decode(&path.display().to_string(), &bytes)
}

/// The same from a stream such as standard input, named `shown` in errors.
pub fn read_text_from(reader: impl Read, shown: &str) -> Result<String> {
    let bytes = read_capped(reader, shown, crate::text::MAX_FIELD_BYTES as u64)?;
    decode(shown, &bytes)
}

/// `too_large` for a file of `size` bytes read with the cap `max`: an article
/// (the import cap) or one field's text.
fn too_large(path: &str, size: u64, max: u64) -> Error {
    let reason = if max >= MAX_FILE_BYTES {
        format!(
            "the file is {:.1} MB; Dragoman takes articles up to {} MB — split it or trim what is not the article",
            size as f64 / 1e6,
            max / 1024 / 1024
        )
    } else {
        format!(
            "the text is {} KB; a field holds at most {} KB — split it into paragraphs",
            size.div_ceil(1024),
            max / 1024
        )
    };
    refuse(path, ErrorCode::TooLarge, reason)
}

/// Parses the bytes of a file called `name`.
pub fn parse(name: &str, bytes: &[u8]) -> Result<Intake> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(refuse(
            name,
            ErrorCode::EmptyFile,
            "the file is empty; there is no article to import",
        ));
    }
    let text = decode(name, bytes)?;
    parse_text(name, Format::detect(name, &text), &text)
}

/// Text from a file's bytes: UTF-8, or UTF-16 when its byte order mark says so
/// (what Windows' Notepad and Word save as "Unicode"). Binary data and UTF-16
/// without a mark are refused, saying which.
pub fn decode(name: &str, bytes: &[u8]) -> Result<String> {
    let utf16 = match bytes {
        [0xFF, 0xFE, rest @ ..] => Some((rest, u16::from_le_bytes as fn([u8; 2]) -> u16)),
        [0xFE, 0xFF, rest @ ..] => Some((rest, u16::from_be_bytes as fn([u8; 2]) -> u16)),
        _ => None,
    };
    if let Some((rest, unit)) = utf16 {
        let units = rest
            .chunks(2)
            .map(|c| unit([c[0], *c.get(1).unwrap_or(&0)]));
        return char::decode_utf16(units)
            .collect::<std::result::Result<String, _>>()
            .map_err(|_| {
                refuse(
                    name,
                    ErrorCode::InvalidUtf16,
                    "the file says it is UTF-16 but is not valid UTF-16; save it as UTF-8 and import it again",
                )
            });
    }
    if looks_utf16(bytes) {
        return Err(refuse(
            name,
            ErrorCode::Utf16WithoutBom,
            "the file looks like UTF-16 text without a byte order mark; save it as UTF-8 and import it again",
        ));
    }
    if looks_binary(bytes) {
        return Err(refuse(
            name,
            ErrorCode::BinaryFile,
            "this is not a text file (it contains binary data); import Markdown, plain text or HTML",
        ));
    }
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        refuse(
            name,
            ErrorCode::InvalidUtf8,
            format!(
                "the file is not UTF-8 text (bad byte at offset {}); save it as UTF-8 and import it again",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// UTF-16 without a byte order mark: most of the sample's even or odd bytes are
/// zero, as Latin text in UTF-16 is, and Arabic text's high bytes are 0x06.
fn looks_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192) & !1];
    if sample.len() < 4 {
        return false;
    }
    let pairs = sample.len() / 2;
    let high = |i: usize| {
        sample
            .chunks(2)
            .filter(|c| c[i] == 0 || c[i] == 0x06)
            .count()
    };
    high(0) * 10 > pairs * 9 || high(1) * 10 > pairs * 9
}

/// Parses text that is already known to be text, such as a paste into the app.
pub fn parse_text(name: &str, format: Format, text: &str) -> Result<Intake> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut intake = match format {
        Format::Markdown => parse_markdown(name, text)?,
        Format::Html => parse_html(text),
        Format::Plain => parse_plain(text),
    };
    if intake.paragraphs.is_empty() {
        return Err(refuse(
            name,
            ErrorCode::NoText,
            "found no article text (no paragraphs) in it",
        ));
    }
    if intake.source.language.is_empty() {
        let sample: String = intake
            .paragraphs
            .iter()
            .take(20)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        intake.source.language = text::guess_language(&sample).to_string();
    }
    Ok(intake)
}

fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 10 > sample.len()
}

fn parse_plain(text: &str) -> Intake {
    let mut lines = text.lines();
    let headline = lines
        .by_ref()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let rest: Vec<&str> = lines.collect();
    Intake {
        source: Source {
            headline: text::normalize_inline(headline),
            ..Source::default()
        },
        paragraphs: text::paragraphs(&rest.join("\n")),
        origin: None,
    }
}

fn parse_markdown(name: &str, text: &str) -> Result<Intake> {
    let normalized = text.replace("\r\n", "\n");
    let (meta, body) = match normalized.strip_prefix("---\n") {
        Some(rest) => {
            let end = rest.find("\n---\n").map(|i| (i, i + 5)).or_else(|| {
                rest.strip_suffix("\n---")
                    .map(|r| (r.len(), rest.len()))
                    .or_else(|| rest.starts_with("---\n").then_some((0, 4)))
            });
            let (end, body_start) = end.ok_or_else(|| {
                refuse(
                    name,
                    ErrorCode::Malformed,
                    "the front matter starts with --- but has no closing --- line",
                )
            })?;
            let yaml = &rest[..end];
            let map: BTreeMap<String, serde_norway::Value> = if yaml.trim().is_empty() {
                BTreeMap::new()
            } else {
                serde_norway::from_str(yaml).map_err(|e| {
                    let line = e.location().map(|l| l.line() + 1).unwrap_or(1);
                    refuse(
                        name,
                        ErrorCode::Malformed,
                        format!("the front matter is not valid YAML (line {line}): {e}"),
                    )
                })?
            };
            (map, rest[body_start..].to_string())
        }
        None => (BTreeMap::new(), normalized),
    };
    // A field Dragoman reads must be text (or a number or date, read as
    // written): a list or a map is refused by name rather than dropped.
    for key in FRONT_MATTER_FIELDS {
        if let Some(value) = meta.get(*key) {
            if !value.is_null() && scalar(value).is_none() {
                return Err(refuse(
                    name,
                    ErrorCode::Malformed,
                    format!(
                        "the front matter's `{key}` is a list or a map, not text; write it \
                         on one line as `{key}: …` and import it again"
                    ),
                ));
            }
        }
    }
    let field = |keys: &[&str]| -> String {
        keys.iter()
            .find_map(|k| meta.get(*k).and_then(scalar))
            .map(|v| text::normalize_inline(&v))
            .unwrap_or_default()
    };
    let mut headline = field(&["title", "headline"]);
    let mut body = body.as_str();
    if headline.is_empty() {
        // A Markdown file without a title: its first "# Heading" is the headline.
        let trimmed = body.trim_start();
        if let Some(rest) = trimmed.strip_prefix("# ") {
            let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
            headline = text::normalize_inline(line);
            body = after;
        }
    }
    Ok(Intake {
        source: Source {
            name: field(&["source", "outlet"]),
            url: field(&["source_url", "url"]),
            language: field(&["language", "lang"]),
            headline,
            date: field(&["published", "date"]),
            author: field(&["author"]),
        },
        paragraphs: text::paragraphs(body),
        origin: None,
    })
}

/// The front matter fields intake reads.
const FRONT_MATTER_FIELDS: &[&str] = &[
    "title",
    "headline",
    "source",
    "outlet",
    "source_url",
    "url",
    "language",
    "lang",
    "published",
    "date",
    "author",
];

fn scalar(v: &serde_norway::Value) -> Option<String> {
    match v {
        serde_norway::Value::String(s) => Some(s.clone()),
        serde_norway::Value::Number(n) => Some(n.to_string()),
        serde_norway::Value::Bool(b) => Some(b.to_string()),
        serde_norway::Value::Tagged(t) => scalar(&t.value),
        _ => None,
    }
}

fn parse_html(text: &str) -> Intake {
    // Bounded first: the tree builder's cost grows with the square of the depth.
    let doc = Html::parse_document(&nesting::bound(text));
    let sel = |s: &str| Selector::parse(s).expect("static selector");
    let meta = |attr: &str, key: &str| -> String {
        doc.select(&sel(&format!("meta[{attr}=\"{key}\"]")))
            .find_map(|m| m.value().attr("content"))
            .map(text::normalize_inline)
            .unwrap_or_default()
    };
    let first_text = |s: &str| {
        doc.select(&sel(s))
            .map(|e| visible_text(e))
            .find(|t| !t.is_empty())
    };
    let root = doc
        .select(&sel("article"))
        .next()
        .or_else(|| doc.select(&sel("main")).next())
        .or_else(|| doc.select(&sel("body")).next())
        .unwrap_or_else(|| doc.root_element());
    let headline = root
        .select(&sel("h1"))
        .map(visible_text)
        .find(|t| !t.is_empty())
        .or_else(|| first_text("h1"))
        .or_else(|| Some(meta("property", "og:title")).filter(|t| !t.is_empty()))
        .or_else(|| first_text("title"))
        .unwrap_or_default();
    let blocks = sel("p, h2, h3, h4, li, blockquote");
    // A list item or quote made of paragraphs is read through its paragraphs: the
    // elements holding another block are marked once, walking up from each block
    // and stopping where an earlier walk did, so the whole page costs one pass.
    let mut holds_block = std::collections::HashSet::new();
    for block in root.select(&blocks) {
        for outer in block.ancestors() {
            if !holds_block.insert(outer.id()) {
                break;
            }
        }
    }
    let mut paragraphs: Vec<String> = root
        .select(&blocks)
        .filter(|e| !holds_block.contains(&e.id()))
        .map(visible_text)
        .filter(|t| !t.is_empty())
        .collect();
    if paragraphs.is_empty() {
        // A page without paragraph elements: its visible text, line by line.
        paragraphs = text::paragraphs(&raw_text(root));
    }
    let date = Some(meta("property", "article:published_time"))
        .filter(|d| !d.is_empty())
        .or_else(|| {
            doc.select(&sel("time[datetime]"))
                .find_map(|t| t.value().attr("datetime").map(str::to_string))
        })
        .unwrap_or_default();
    let url = doc
        .select(&sel("link[rel=\"canonical\"]"))
        .find_map(|l| l.value().attr("href").map(str::to_string))
        .unwrap_or_else(|| meta("property", "og:url"));
    let language = doc
        .root_element()
        .value()
        .attr("lang")
        .unwrap_or("")
        .trim()
        .to_string();
    Intake {
        source: Source {
            name: meta("property", "og:site_name"),
            url,
            language,
            headline,
            date,
            author: meta("name", "author"),
        },
        paragraphs,
        origin: None,
    }
}

/// The text a reader would see, on one line.
fn visible_text(e: ElementRef<'_>) -> String {
    text::normalize_inline(&raw_text(e))
}

/// The text a reader would see, with line breaks where `<br>` and blocks put them;
/// scripts, styles and templates are dropped.
fn raw_text(e: ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in e.descendants() {
        if let Node::Text(t) = node.value() {
            let hidden = node.ancestors().any(|a| {
                a.value().as_element().is_some_and(|el| {
                    matches!(el.name(), "script" | "style" | "noscript" | "template")
                })
            });
            if !hidden {
                out.push_str(t);
            }
        } else if let Node::Element(el) = node.value() {
            if matches!(el.name(), "br" | "div" | "section" | "tr") {
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_with_front_matter() {
        let md = "---\ntitle: اجتماع أمني سوري إيراني\nsource: al-Watan\nsource_url: https://alwatan.sy/1\n\
                  language: ar\npublished: 2019-10-01\nauthor: Staff\n---\n\nالفقرة الأولى\nتكملة.\n\nالفقرة الثانية.\n";
        let i = parse("story.md", md.as_bytes()).unwrap();
        assert_eq!(i.source.headline, "اجتماع أمني سوري إيراني");
        assert_eq!(i.source.name, "al-Watan");
        assert_eq!(i.source.url, "https://alwatan.sy/1");
        assert_eq!(i.source.language, "ar");
        assert_eq!(i.source.date, "2019-10-01");
        assert_eq!(i.source.author, "Staff");
        assert_eq!(i.paragraphs, vec!["الفقرة الأولى تكملة.", "الفقرة الثانية."]);
    }

    #[test]
    fn markdown_heading_is_the_headline_without_front_matter() {
        let i = parse("n.md", "# Title here\n\nBody one.\n\nBody two.".as_bytes()).unwrap();
        assert_eq!(i.source.headline, "Title here");
        assert_eq!(i.paragraphs.len(), 2);
        // Two words say no language for sure: left for the person to say.
        assert_eq!(i.source.language, "");
    }

    #[test]
    fn malformed_front_matter_names_the_line() {
        let err = parse("bad.md", b"---\ntitle: [unclosed\n---\nbody\n").unwrap_err();
        assert_eq!(err.code(), "malformed");
        let err = parse("bad.md", b"---\ntitle: x\nbody without end\n").unwrap_err();
        assert_eq!(err.code(), "malformed");
        assert!(err.to_string().contains("closing ---"), "{err}");
    }

    #[test]
    fn plain_text_first_line_is_the_headline() {
        let i = parse(
            "wire.txt",
            "  Headline\nFirst sentence.\nSecond sentence.\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(i.source.headline, "Headline");
        assert_eq!(i.paragraphs, vec!["First sentence.", "Second sentence."]);
    }

    #[test]
    fn html_article_text_without_scripts() {
        let html = r#"<!doctype html><html lang="ar"><head><title>Site | T</title>
            <meta property="og:site_name" content="SANA">
            <meta name="author" content="A. Writer">
            <link rel="canonical" href="https://sana.sy/?p=1">
            <style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
            <body><nav><p>Menu</p></nav><article><h1>عنوان الخبر</h1>
            <p>الفقرة <b>الأولى</b><script>alert(1)</script></p><p>  </p><p>الثانية</p></article></body></html>"#;
        let i = parse("page.html", html.as_bytes()).unwrap();
        assert_eq!(i.source.headline, "عنوان الخبر");
        assert_eq!(i.source.name, "SANA");
        assert_eq!(i.source.url, "https://sana.sy/?p=1");
        assert_eq!(i.source.language, "ar");
        assert_eq!(i.source.author, "A. Writer");
        assert_eq!(i.paragraphs, vec!["الفقرة الأولى", "الثانية"]);
    }

    #[test]
    fn deeply_nested_html_imports_with_its_text() {
        // 100,000 nested elements (1.1 MB) never finished before the nesting was
        // bounded; quotes nested as deep and a megabyte of references as well.
        let n = 100_000;
        let divs = format!(
            "<html><body><h1>Deep</h1>{}<p>The words at the bottom.</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let i = parse("deep.html", divs.as_bytes()).unwrap();
        assert_eq!(i.source.headline, "Deep");
        // The paragraph lies past the limit, so it arrives as the page's text.
        assert_eq!(i.paragraphs.last().unwrap(), "The words at the bottom.");

        let quotes = format!(
            "<html><body><h1>Q</h1>{}said{}</body></html>",
            "<blockquote><p>x</p>".repeat(n / 4),
            "</blockquote>".repeat(n / 4)
        );
        let i = parse("quotes.html", quotes.as_bytes()).unwrap();
        assert!(i.paragraphs.iter().any(|p| p.contains("said")));

        let refs = format!(
            "<html><body><h1>R</h1><p>{}</p></body></html>",
            "&amp;".repeat(200_000)
        );
        let i = parse("refs.html", refs.as_bytes()).unwrap();
        assert_eq!(i.paragraphs[0].len(), 200_000);
    }

    #[test]
    fn unusable_files_say_why() {
        assert_eq!(parse("e.txt", b"").unwrap_err().code(), "empty_file");
        assert_eq!(parse("e.txt", b" \n\n ").unwrap_err().code(), "empty_file");
        assert_eq!(
            parse("b.txt", b"\x89PNG\r\n\x1a\n\0\0\0")
                .unwrap_err()
                .code(),
            "binary_file"
        );
        assert_eq!(
            parse("u.txt", b"caf\xe9 au lait\nmore").unwrap_err().code(),
            "invalid_utf8"
        );
        assert_eq!(
            parse("h.txt", b"Only a headline\n").unwrap_err().code(),
            "no_text"
        );
    }

    #[test]
    fn html_is_recognised_whatever_character_ends_its_first_64_bytes() {
        // Arabic letters are two bytes each, so with one of these paddings
        // byte 64 falls inside a character.
        let mut inside = 0;
        for pad in 0..4 {
            let text = format!(
                "<html>{}<head><title>عنوان عربي طويل جدا هنا وهناك</title></head><body><p>فقرة.</p></body></html>",
                " ".repeat(pad)
            );
            inside += usize::from(!text.is_char_boundary(64));
            assert_eq!(Format::detect("", &text), Format::Html, "pad {pad}");
        }
        assert!(inside > 0, "no case split a character at byte 64");
    }

    #[test]
    fn utf16_files_are_read_or_named() {
        let text = "عنوان\nالفقرة الأولى.\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        for bytes in [le, be] {
            let i = parse("notepad.txt", &bytes).unwrap();
            assert_eq!(i.source.headline, "عنوان");
            assert_eq!(i.paragraphs, vec!["الفقرة الأولى."]);
        }
        let bare: Vec<u8> = "Headline\nBody text.\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let err = parse("bare.txt", &bare).unwrap_err();
        assert_eq!(err.code(), "utf16_without_bom");
        assert!(err.to_string().contains("UTF-16"), "{err}");
    }

    #[test]
    fn front_matter_of_the_wrong_type_is_refused_by_name() {
        for (yaml, field) in [
            ("title: [1, 2]", "title"),
            ("source:\n  name: x", "source"),
            ("source_url: [a]", "source_url"),
        ] {
            let md = format!("---\n{yaml}\n---\n\nBody.\n");
            let err = parse("typed.md", md.as_bytes()).unwrap_err();
            assert_eq!(err.code(), "malformed", "{yaml}");
            assert!(err.to_string().contains(&format!("`{field}`")), "{err}");
        }
        // Dates and numbers are text as written.
        let i = parse(
            "ok.md",
            b"---\ntitle: 1984\npublished: 2019-10-01\n---\n\nBody.\n",
        )
        .unwrap();
        assert_eq!(i.source.headline, "1984");
        assert_eq!(i.source.date, "2019-10-01");
    }

    #[cfg(unix)]
    #[test]
    fn pipes_and_folders_are_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("story.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // Opening a FIFO for reading waits for a writer: these must not open it.
        assert_eq!(read_file(&fifo).unwrap_err().code(), "not_a_file");
        assert_eq!(read_text_file(&fifo).unwrap_err().code(), "not_a_file");
        assert_eq!(read_file(dir.path()).unwrap_err().code(), "not_a_file");
    }

    #[test]
    fn a_text_for_one_field_is_capped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.txt");
        std::fs::write(&path, "a".repeat(crate::text::MAX_FIELD_BYTES + 1)).unwrap();
        let err = read_text_file(&path).unwrap_err();
        assert_eq!(err.code(), "too_large");
        assert!(err.to_string().contains("split it"), "{err}");
        let endless = std::io::repeat(b'a');
        assert_eq!(
            read_text_from(endless, "standard input")
                .unwrap_err()
                .code(),
            "too_large"
        );
        assert_eq!(
            read_text_from(&b"A paragraph."[..], "-").unwrap(),
            "A paragraph."
        );
    }

    #[test]
    fn oversized_files_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.txt");
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(MAX_FILE_BYTES + 1).unwrap();
        let err = read_file(&path).unwrap_err();
        assert_eq!(err.code(), "too_large");
        assert!(err.to_string().contains("huge.txt"));
    }
}
