//! Closing the window without losing what was just typed.
//!
//! The story screen saves typing 600 ms after the last key. A window closed in
//! that gap took the typing with it: the shell destroys the page, and WebKit
//! runs no unload handler then. So the shell holds a close request of the main
//! window, tells the window (`close-requested`), and closes it when the window
//! answers (`answer_close`) after saving; the window may also answer that it
//! stays open, when something is still unsaved (ui/src/shell/closing.ts).
//!
//! The window first answers `saving` at once, then `close` or `stay`. A window
//! that has not said even `saving` within `GRACE` (a page that never loaded, a
//! script that hangs) is closed anyway, so the close button always works; one
//! that is saving gets up to `SAVING_LIMIT`, longer than a save waiting on the
//! store's busy timeout.

use std::sync::Mutex;
use std::time::Duration;

use serde::Deserialize;
use tauri::{Emitter, Manager, Runtime, State, Window, WindowEvent};

use crate::commands::Reply;

/// The event the window hears when someone asks to close it.
pub const EVENT: &str = "close-requested";

/// The window whose close is held; any other closes as usual.
pub const MAIN: &str = "main";

/// How long a request waits for the window to say it is saving.
pub const GRACE: Duration = Duration::from_secs(4);

/// How long a window that said it is saving may take before it closes anyway:
/// more than a save can wait for the store's write lock (`BUSY_TIMEOUT`).
pub const SAVING_LIMIT: Duration = Duration::from_secs(15);

/// The window's answer to `close-requested`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    /// Heard; saving what is open before answering `Close` or `Stay`.
    Saving,
    Close,
    Stay,
}

/// Where close requests stand: at most one is waiting for the window's answer.
#[derive(Debug, Default)]
pub struct Closing(Mutex<Asking>);

#[derive(Debug, Default)]
struct Asking {
    /// The request waiting for an answer, and whether the window said `Saving`.
    waiting: Option<(u64, bool)>,
    next: u64,
}

/// What to do with a close request.
#[derive(Debug, PartialEq, Eq)]
pub enum Request {
    /// Ask the window; `u64` names this request for its time limits.
    Ask(u64),
    /// The window is already answering an earlier request; that answer decides.
    Waiting,
}

/// What the end of a time limit means for a request.
#[derive(Debug, PartialEq, Eq)]
pub enum Overdue {
    /// The request was answered meanwhile; nothing to do.
    Answered,
    /// The window is saving: wait until `SAVING_LIMIT`.
    Saving,
    /// No answer: close now.
    Close,
}

impl Closing {
    fn asking(&self) -> std::sync::MutexGuard<'_, Asking> {
        // The state is plain values, consistent after any panic.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A close request from the window manager.
    pub fn request(&self) -> Request {
        let mut asking = self.asking();
        if asking.waiting.is_some() {
            return Request::Waiting;
        }
        asking.next += 1;
        asking.waiting = Some((asking.next, false));
        Request::Ask(asking.next)
    }

    /// The window's answer: true when the window should close now. An answer
    /// nobody asked for closes nothing.
    pub fn answer(&self, answer: Answer) -> bool {
        let mut asking = self.asking();
        match (answer, asking.waiting.as_mut()) {
            (_, None) => false,
            (Answer::Saving, Some((_, saving))) => {
                *saving = true;
                false
            }
            (Answer::Close, Some(_)) => {
                asking.waiting = None;
                true
            }
            (Answer::Stay, Some(_)) => {
                asking.waiting = None;
                false
            }
        }
    }

    /// `GRACE` is over for request `ask`.
    pub fn after_grace(&self, ask: u64) -> Overdue {
        let mut asking = self.asking();
        match asking.waiting {
            Some((id, true)) if id == ask => Overdue::Saving,
            Some((id, false)) if id == ask => {
                asking.waiting = None;
                Overdue::Close
            }
            _ => Overdue::Answered,
        }
    }

    /// `SAVING_LIMIT` is over for request `ask`: close if it is still waiting.
    pub fn after_saving_limit(&self, ask: u64) -> Overdue {
        let mut asking = self.asking();
        match asking.waiting {
            Some((id, _)) if id == ask => {
                asking.waiting = None;
                Overdue::Close
            }
            _ => Overdue::Answered,
        }
    }
}

/// Holds a close request of the main window until the window has answered (or
/// its time is up).
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    if window.label() != MAIN {
        return;
    }
    let Some(closing) = window.try_state::<Closing>() else {
        return;
    };
    api.prevent_close();
    let Request::Ask(ask) = closing.request() else {
        return;
    };
    if let Err(e) = window.emit_to(MAIN, EVENT, ()) {
        eprintln!("dragoman-desktop: could not ask the window before closing it: {e}");
        closing.after_saving_limit(ask);
        close(window);
        return;
    }
    let window = window.clone();
    let _ = std::thread::Builder::new()
        .name("dragoman close limit".into())
        .spawn(move || {
            std::thread::sleep(GRACE);
            let closing = window.state::<Closing>();
            let mut overdue = closing.after_grace(ask);
            if overdue == Overdue::Saving {
                std::thread::sleep(SAVING_LIMIT.saturating_sub(GRACE));
                overdue = closing.after_saving_limit(ask);
            }
            if overdue == Overdue::Close {
                eprintln!("dragoman-desktop: the window did not answer a close request in time; closing it");
                close(&window);
            }
        });
}

fn close<R: Runtime>(window: &Window<R>) {
    if let Err(e) = window.destroy() {
        eprintln!("dragoman-desktop: could not close the window: {e}");
    }
}

pub mod ipc {
    use super::*;

    /// The window's answer to `close-requested`: `saving` at once, then `close`
    /// once what was typed is saved, or `stay`.
    #[tauri::command]
    pub fn answer_close<R: Runtime>(
        window: Window<R>,
        closing: State<'_, Closing>,
        answer: Answer,
    ) -> Reply<()> {
        if window.label() == MAIN && closing.answer(answer) {
            super::close(&window);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_asked_once_and_the_answer_decides() {
        let closing = Closing::default();
        let Request::Ask(first) = closing.request() else {
            panic!("the first request is asked");
        };
        // Clicking close again while the window saves changes nothing.
        assert_eq!(closing.request(), Request::Waiting);
        assert!(!closing.answer(Answer::Saving));
        assert!(closing.answer(Answer::Close));
        // Answered: the time limits of that request no longer close anything.
        assert_eq!(closing.after_grace(first), Overdue::Answered);
        assert_eq!(closing.after_saving_limit(first), Overdue::Answered);
    }

    #[test]
    fn a_window_that_stays_open_is_asked_again_next_time() {
        let closing = Closing::default();
        assert_eq!(closing.request(), Request::Ask(1));
        assert!(!closing.answer(Answer::Stay));
        assert_eq!(closing.request(), Request::Ask(2));
    }

    #[test]
    fn a_silent_window_is_closed_after_the_grace() {
        let closing = Closing::default();
        assert_eq!(closing.request(), Request::Ask(1));
        assert_eq!(closing.after_grace(1), Overdue::Close);
        assert!(
            !closing.answer(Answer::Close),
            "a late answer closes nothing twice"
        );
    }

    #[test]
    fn a_saving_window_gets_the_longer_limit() {
        let closing = Closing::default();
        assert_eq!(closing.request(), Request::Ask(1));
        assert!(!closing.answer(Answer::Saving));
        assert_eq!(closing.after_grace(1), Overdue::Saving);
        // Still saving at the longer limit: closed all the same.
        assert_eq!(closing.after_saving_limit(1), Overdue::Close);
    }

    #[test]
    fn only_a_request_own_limits_count() {
        let closing = Closing::default();
        assert_eq!(closing.request(), Request::Ask(1));
        assert!(!closing.answer(Answer::Stay));
        assert_eq!(closing.request(), Request::Ask(2));
        // The first request's limits end while the second waits.
        assert_eq!(closing.after_grace(1), Overdue::Answered);
        assert_eq!(closing.after_saving_limit(1), Overdue::Answered);
        assert_eq!(closing.after_grace(2), Overdue::Close);
    }

    #[test]
    fn an_answer_nobody_asked_for_closes_nothing() {
        let closing = Closing::default();
        assert!(!closing.answer(Answer::Saving));
        assert!(!closing.answer(Answer::Close));
    }

    #[test]
    fn the_limit_for_saving_outlasts_the_store_busy_timeout() {
        assert!(SAVING_LIMIT > dragoman_core::store::BUSY_TIMEOUT + GRACE);
    }
}
