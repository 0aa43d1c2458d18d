//! `make bench-desktop` support, compiled only with the `bench` feature (the
//! packaged app is built without it): the empty `blank://` page the desk is
//! measured against, and the reports of when the window has painted.
//!
//! With `DRAGOMAN_BENCH_REPORT=1` the window prints `dragoman-bench: painted` on
//! stdout when the desk (or the blank page) has painted, so cold start can be
//! timed from outside the process.
//! `DRAGOMAN_BENCH_BLANK=1` shows the empty page instead of the desk.

use std::io::Write;

use tauri::webview::WebviewWindowBuilder;
use tauri::{Builder, Runtime, Url, WebviewUrl};

/// The path the benchmark's page script navigates to once the desk is painted;
/// the navigation is refused and reported instead.
const PAINTED_MARK: &str = "/__dragoman_bench_painted";

/// The script that reports, with `DRAGOMAN_BENCH_REPORT=1`, when `selector` is
/// on screen: two frames after it is in the page, it has been presented.
fn painted_script(selector: &str) -> String {
    format!(
        r#"(function () {{
  if (window.top !== window) return;
  var sel = {selector:?};
  function afterTwoFrames(then) {{
    requestAnimationFrame(function () {{ requestAnimationFrame(then); }});
  }}
  function check() {{
    if (document.querySelector(sel)) {{
      afterTwoFrames(function () {{ location.href = "{PAINTED_MARK}"; }});
    }} else {{
      requestAnimationFrame(check);
    }}
  }}
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", check);
  else check();
}})();"#
    )
}

/// The empty page of `DRAGOMAN_BENCH_BLANK=1`: the same binary and webview with
/// nothing of Dragoman's in them, the baseline the desk is measured against.
const BLANK_PAGE: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Dragoman</title></head><body></body></html>";

/// What the benchmark asked of this run, from the environment.
#[derive(Debug, Clone, Copy)]
pub struct Bench {
    pub blank: bool,
    report: bool,
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| v == "1")
}

impl Bench {
    pub fn from_env() -> Self {
        Bench {
            blank: env_flag("DRAGOMAN_BENCH_BLANK"),
            report: env_flag("DRAGOMAN_BENCH_REPORT"),
        }
    }

    /// True when `url` is one of the marks, which is then reported, not followed.
    pub fn reported(&self, url: &Url) -> bool {
        if url.path() != PAINTED_MARK {
            return false;
        }
        if self.report {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "dragoman-bench: painted");
            let _ = out.flush();
        }
        true
    }

    /// The window's page: the empty one when asked for.
    pub fn page(
        &self,
        mut config: tauri::utils::config::WindowConfig,
    ) -> tauri::utils::config::WindowConfig {
        if self.blank {
            config.url =
                WebviewUrl::CustomProtocol(Url::parse("blank://localhost/").expect("a valid URL"));
        }
        config
    }

    /// The window, with the script that reports its paints when asked for.
    pub fn watch<'a, R: Runtime, M: tauri::Manager<R>>(
        &self,
        window: WebviewWindowBuilder<'a, R, M>,
    ) -> WebviewWindowBuilder<'a, R, M> {
        if !self.report {
            return window;
        }
        let selector = if self.blank {
            "body"
        } else {
            "[data-testid=\"story-row\"], [data-testid=\"desk-empty\"]"
        };
        window.initialization_script(painted_script(selector))
    }
}

/// Serves the empty page under `blank://`.
pub fn serve_blank<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder.register_uri_scheme_protocol("blank", |_ctx, _request| {
        tauri::http::Response::builder()
            .header("Content-Type", "text/html; charset=utf-8")
            .body(BLANK_PAGE.as_bytes().to_vec())
            .expect("a static response is valid")
    })
}
