//! Changes made elsewhere: the command line, the inbox or another window
//! writing to the same store. A thread asks the desk's connection for SQLite's
//! `data_version`, which moves only for other connections' commits, and tells
//! the window with a `store-changed` event; the open story then reads itself
//! again and merges (ui/src/story/editing.svelte.ts).

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::DeskState;

/// How often the store is asked. A change shows in the window within this
/// and the story's read; the ask itself is one pragma on an idle connection.
const EVERY: Duration = Duration::from_millis(400);

/// Starts the thread; it lives as long as the app.
pub fn watch<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    let _ = std::thread::Builder::new()
        .name("dragoman changes".into())
        .spawn(move || {
            let mut last = None;
            loop {
                std::thread::sleep(EVERY);
                let version = handle.state::<DeskState>().lock().data_version().ok();
                if version.is_some() && last.is_some() && version != last {
                    // A lost event only delays the refresh to the next change or save.
                    let _ = handle.emit("store-changed", ());
                }
                if version.is_some() {
                    last = version;
                }
            }
        });
}
