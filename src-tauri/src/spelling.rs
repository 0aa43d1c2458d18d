//! Spell checking in the translation fields.
//!
//! The fields ask for it (`spellcheck`), but WebKitGTK leaves spell checking off
//! unless the app turns it on, and neither Tauri nor wry does. Turning it on
//! loads the dictionaries on the window's thread, 80–100 ms measured for
//! Debian's en_US, so it is not done at start, where it delayed the desk: the
//! story screen asks for it when it opens (`start_spelling`), once per run.

use std::sync::atomic::{AtomicBool, Ordering};

use tauri::{Runtime, WebviewWindow};

use crate::DeskState;

/// Whether spell checking has been turned on in this run.
#[derive(Default)]
pub struct Spelling(AtomicBool);

/// The dictionaries for text written in the target language `tag` ("en",
/// "en-GB"), as Enchant names them. A bare language asks for its common regions
/// too, since dictionaries are installed per region (Debian's hunspell-en-us is
/// en_US); WebKit uses those it finds and skips the rest.
pub fn languages(tag: &str) -> Vec<String> {
    let tag = tag.trim();
    let tag = if tag.is_empty() { "en" } else { tag };
    let mut out = vec![tag.replace('-', "_")];
    if !tag.contains(['-', '_']) {
        let regions: &[&str] = match tag {
            "en" => &["US", "GB"],
            "fr" => &["FR"],
            "de" => &["DE"],
            "es" => &["ES"],
            _ => &[],
        };
        out.extend(regions.iter().map(|r| format!("{tag}_{r}")));
    }
    out
}

#[cfg(target_os = "linux")]
fn turn_on<R: Runtime>(window: &WebviewWindow<R>, languages: Vec<String>) -> tauri::Result<()> {
    window.with_webview(move |view| {
        use webkit2gtk::{WebContextExt, WebViewExt};
        if let Some(context) = view.inner().context() {
            let languages: Vec<&str> = languages.iter().map(String::as_str).collect();
            context.set_spell_checking_languages(&languages);
            context.set_spell_checking_enabled(true);
        }
    })
}

/// Elsewhere the system web view checks spelling where a field asks for it.
#[cfg(not(target_os = "linux"))]
fn turn_on<R: Runtime>(_window: &WebviewWindow<R>, _languages: Vec<String>) -> tauri::Result<()> {
    Ok(())
}

pub mod ipc {
    use tauri::State;

    use super::*;
    use crate::commands::Reply;
    use crate::error::IpcError;

    /// Turns spell checking on for the target language, the first time it is
    /// asked in this run. Without a dictionary WebKit simply marks nothing.
    #[tauri::command]
    pub fn start_spelling<R: Runtime>(
        window: WebviewWindow<R>,
        spelling: State<'_, Spelling>,
        desk: State<'_, DeskState>,
    ) -> Reply<()> {
        if spelling.0.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        let tag = desk.lock().setting("target_language")?;
        turn_on(&window, languages(&tag)).map_err(|e| {
            spelling.0.store(false, Ordering::SeqCst);
            IpcError::shell(
                crate::error::ShellCode::Spelling,
                format!("spell checking could not be turned on: {e}"),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_is_checked_in_the_target_language() {
        assert_eq!(languages("en"), ["en", "en_US", "en_GB"]);
        assert_eq!(languages(""), ["en", "en_US", "en_GB"]);
        assert_eq!(languages("en-GB"), ["en_GB"]);
        assert_eq!(languages("fr"), ["fr", "fr_FR"]);
        assert_eq!(languages("tr"), ["tr"]);
    }
}
