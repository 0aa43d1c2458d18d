//! The desk's first answers, served inside the page that asks them.
//!
//! The window opens on the desk, and its first frame needs who is acting, the
//! counts and the first page of stories. When WebKit asks for `index.html` the
//! shell has had the store open for a few hundred milliseconds, so it computes
//! those answers then (`commands::first_answers`) and writes them into the page
//! as a JSON data block; the app's first calls take them instead of asking over
//! IPC (`askForTheDesk` in ui/src/api.ts), so it mounts with its rows at hand.
//!
//! Invariants:
//! - The answers are computed when the page is served, through the same
//!   functions as the commands, so they are what an IPC call made at that
//!   moment would have returned. A reload serves fresh ones.
//! - Only `index.html` changes, and only by one `<script type="application/json">`
//!   element before `</head>`. A data block is never executed, so the content
//!   security policy (`script-src 'self'`) is unchanged; every `<`, `>`, `&`
//!   and `_` in the JSON is written as a `\u` escape, so no headline can end the
//!   block or carry a token Tauri replaces in served pages.
//! - Without a store (or before it is open) the page is served as built and the
//!   window asks over IPC as before.

use std::borrow::Cow;
use std::sync::OnceLock;

use tauri::utils::assets::{AssetKey, AssetsIter, CspHash};
use tauri::{App, AppHandle, Assets, Manager, Runtime};

use crate::commands::{self, FirstAnswer};
use crate::DeskState;

/// The id of the data block; ui/src/lib/first-answers.ts reads the element
/// with this id.
pub const BLOCK_ID: &str = "dragoman-first-answers";

/// The page the window opens, as served to it.
const INDEX: &str = "/index.html";

/// The app's assets (the built UI), with the first answers written into
/// `index.html` as it is served.
pub struct DeskPage<R: Runtime> {
    built: Box<dyn Assets<R>>,
    app: OnceLock<AppHandle<R>>,
}

impl<R: Runtime> DeskPage<R> {
    /// Takes over the context's assets.
    pub fn wrap(context: &mut tauri::Context<R>) {
        let built = context.set_assets(Box::new(Nothing));
        context.set_assets(Box::new(DeskPage {
            built,
            app: OnceLock::new(),
        }));
    }

    fn answers(&self) -> Option<Vec<FirstAnswer>> {
        let app = self.app.get()?;
        let desk = app.try_state::<DeskState>()?;
        let desk = desk.lock();
        Some(commands::first_answers(&desk, chrono::Utc::now()))
    }
}

impl<R: Runtime> Assets<R> for DeskPage<R> {
    fn setup(&self, app: &App<R>) {
        self.built.setup(app);
        let _ = self.app.set(app.handle().clone());
    }

    fn get(&self, key: &AssetKey) -> Option<Cow<'_, [u8]>> {
        let asset = self.built.get(key)?;
        if key.as_ref() != INDEX {
            return Some(asset);
        }
        let served = std::str::from_utf8(&asset)
            .ok()
            .zip(self.answers())
            .and_then(|(page, answers)| with_answers(page, &answers));
        Some(served.map_or(asset, |page| Cow::Owned(page.into_bytes())))
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        self.built.iter()
    }

    fn csp_hashes(&self, html_path: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        self.built.csp_hashes(html_path)
    }
}

/// Stands in for the context's assets for the moment `DeskPage::wrap` takes them.
struct Nothing;

impl<R: Runtime> Assets<R> for Nothing {
    fn get(&self, _key: &AssetKey) -> Option<Cow<'_, [u8]>> {
        None
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        Box::new(std::iter::empty())
    }

    fn csp_hashes(&self, _html_path: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        Box::new(std::iter::empty())
    }
}

/// The page with the answers in a data block before `</head>`; `None` when the
/// page has no head to put it in or the answers cannot be written.
pub fn with_answers(page: &str, answers: &[FirstAnswer]) -> Option<String> {
    let at = page.find("</head>")?;
    let json = serde_json::to_string(answers).ok()?;
    // In JSON these characters only occur inside strings, where the escapes
    // mean the same. In HTML, `</script` or `<!--` in a headline could otherwise
    // end or confuse the block; and Tauri replaces `__TAURI_SCRIPT_NONCE__` and
    // `__TAURI_STYLE_NONCE__` anywhere in a served page with a nonce it adds to
    // the CSP, which a headline carrying either would have changed. No
    // underscore reaches the page unescaped, so neither can.
    let json = json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('_', "\\u005f");
    let block = format!(r#"<script type="application/json" id="{BLOCK_ID}">{json}</script>"#);
    Some(format!("{}{block}{}", &page[..at], &page[at..]))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use dragoman_core::ingest::{self, Format};
    use scraper::{Html, Selector};
    use serde_json::{json, Value};

    use super::*;

    const PAGE: &str = "<!doctype html><html><head><title>Dragoman</title>\
        <script type=\"module\" src=\"/assets/index.js\"></script></head>\
        <body><div id=\"app\"></div></body></html>";

    fn now() -> chrono::DateTime<chrono::Utc> {
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 29, 12, 0, 0)
            .unwrap()
    }

    fn value<T: serde::Serialize>(v: &T) -> Value {
        serde_json::to_value(v).unwrap()
    }

    /// The JSON in the page's data block, read the way a browser parses it.
    fn block(page: &str) -> Value {
        let doc = Html::parse_document(page);
        let scripts: Vec<_> = doc.select(&Selector::parse("script").unwrap()).collect();
        assert_eq!(scripts.len(), 2, "one data block beside the bundle: {page}");
        let data = doc
            .select(
                &Selector::parse(&format!(
                    "head > script#{BLOCK_ID}[type='application/json']"
                ))
                .unwrap(),
            )
            .next()
            .expect("the data block is in the head");
        serde_json::from_str(&data.text().collect::<String>()).unwrap()
    }

    #[test]
    fn the_first_answers_are_what_the_commands_answer() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = dragoman_core::Desk::open(&dir.path().join("desk.db")).unwrap();
        let intakes: Vec<_> = (0..commands::DESK_PAGE + 20)
            .map(|i| {
                ingest::parse_text("x", Format::Plain, &format!("Story {i}\nBody {i}.")).unwrap()
            })
            .collect();
        desk.import(&intakes, None, now()).unwrap();
        let answers = commands::first_answers(&desk, now());
        let asked: Vec<_> = answers
            .iter()
            .map(|a| (a.command, a.args.clone()))
            .collect();
        assert_eq!(
            asked,
            [
                ("desk_info", json!({})),
                ("desk_counts", json!({})),
                (
                    "list_stories",
                    json!({"filter": {"offset": 0, "limit": commands::DESK_PAGE}})
                ),
            ]
        );
        assert_eq!(
            answers[0].answer,
            value(&commands::desk_info(&desk).unwrap())
        );
        assert_eq!(
            answers[1].answer,
            value(&commands::desk_counts(&desk, now()).unwrap())
        );
        // The filter is read from the arguments the window would have sent.
        let filter = serde_json::from_value(answers[2].args["filter"].clone()).unwrap();
        let page = commands::list_stories(&desk, filter).unwrap();
        assert_eq!(answers[2].answer, value(&page));
        assert_eq!(page.stories.len(), commands::DESK_PAGE);
        assert_eq!(page.total, commands::DESK_PAGE + 20);
    }

    #[test]
    fn the_answers_go_into_the_head_and_nothing_else_changes() {
        let answers = vec![FirstAnswer {
            command: "desk_info",
            args: json!({}),
            answer: json!({"dbPath": "/tmp/d.db", "identity": null, "version": "0.1.0"}),
        }];
        let served = with_answers(PAGE, &answers).unwrap();
        assert_eq!(block(&served), serde_json::to_value(&answers).unwrap());
        let without = served.replace(
            &served[served.find("<script type=\"application/json\"").unwrap()
                ..served.find("</head>").unwrap()],
            "",
        );
        assert_eq!(without, PAGE);
        assert_eq!(
            with_answers("<html><body>no head</body></html>", &answers),
            None
        );
    }

    #[test]
    fn no_headline_can_end_the_block() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/xss/payloadbox.txt");
        let payloads = std::fs::read_to_string(&corpus)
            .unwrap_or_else(|e| panic!("{}: {e}", corpus.display()));
        let mut hostile: Vec<String> = vec![
            "</script><script>alert(1)</script>".into(),
            "</SCRIPT ><img src=x onerror=alert(1)>".into(),
            "<!--<script>".into(),
            "__TAURI_SCRIPT_NONCE__ and __TAURI_STYLE_NONCE__".into(),
            "a & b > c \u{2028} \u{2029} \"quoted\" \\ back".into(),
        ];
        hostile.extend(
            payloads
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(String::from),
        );
        let answers = vec![FirstAnswer {
            command: "list_stories",
            args: json!({"filter": {"offset": 0, "limit": 100}}),
            answer: json!({"total": hostile.len(), "stories": hostile.iter().map(|h| json!({"headline": h})).collect::<Vec<_>>()}),
        }];
        let served = with_answers(PAGE, &answers).unwrap();
        assert_eq!(block(&served), serde_json::to_value(&answers).unwrap());
        let data = &served[served.find(BLOCK_ID).unwrap()..served.find("</head>").unwrap()];
        assert_eq!(
            data.matches('<').count(),
            1,
            "only the block's own end tag: {data}"
        );
        assert!(
            !data.contains("__TAURI_"),
            "no token Tauri replaces: {data}"
        );
    }
}
