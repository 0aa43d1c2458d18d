//! Closing the window without losing what was just typed.
//!
//! The story screen saves typing 600 ms after the last key. A window closed in
//! that gap took the typing with it: the shell destroys the page, and WebKit
//! runs no unload handler then. So the shell holds a close request, tells the
//! window (`close-requested`), and closes when the window answers
//! (`answer_close`) after saving; the window may also answer that it stays open,
//! when a save failed (ui/src/shell/closing.ts). A window that does not answer
//! within `GRACE` (a page that never loaded, a script that hangs) is closed
//! anyway, so the close button always works.

use std::sync::Mutex;
use std::time::Duration;

use tauri::{Emitter, Manager, Runtime, State, Window, WindowEvent};

use crate::commands::Reply;

/// The event the window hears when someone asks to close it.
pub const EVENT: &str = "close-requested";

/// How long an unanswered request waits before the window closes regardless.
pub const GRACE: Duration = Duration::from_secs(4);

/// Where close requests stand: at most one is waiting for the window's answer.
#[derive(Debug, Default)]
pub struct Closing(Mutex<Asking>);

#[derive(Debug, Default)]
struct Asking {
    waiting: Option<u64>,
    next: u64,
}

/// What to do with a close request.
#[derive(Debug, PartialEq, Eq)]
pub enum Request {
    /// Ask the window; `u64` names this request for its grace period.
    Ask(u64),
    /// The window is already answering an earlier request; that answer decides.
    Waiting,
}

impl Closing {
    fn asking(&self) -> std::sync::MutexGuard<'_, Asking> {
        // The state is two integers, consistent after any panic.
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
        asking.waiting = Some(asking.next);
        Request::Ask(asking.next)
    }

    /// The window's answer: true when the window should close now. An answer
    /// nobody asked for closes nothing.
    pub fn answer(&self, close: bool) -> bool {
        self.asking().waiting.take().is_some() && close
    }

    /// The grace period of request `ask` is over: true when it is still waiting.
    pub fn expire(&self, ask: u64) -> bool {
        let mut asking = self.asking();
        if asking.waiting == Some(ask) {
            asking.waiting = None;
            true
        } else {
            false
        }
    }
}

/// Holds every close request until the window has answered (or `GRACE` is over).
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let Some(closing) = window.try_state::<Closing>() else {
        return;
    };
    api.prevent_close();
    let Request::Ask(ask) = closing.request() else {
        return;
    };
    if let Err(e) = window.emit(EVENT, ()) {
        eprintln!("dragoman-desktop: could not ask the window before closing it: {e}");
        closing.expire(ask);
        close(window);
        return;
    }
    let window = window.clone();
    let _ = std::thread::Builder::new()
        .name("dragoman close grace".into())
        .spawn(move || {
            std::thread::sleep(GRACE);
            if window.state::<Closing>().expire(ask) {
                eprintln!(
                    "dragoman-desktop: the window did not answer a close request; closing it"
                );
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

    /// The window's answer to `close-requested`: `close` once what was typed is
    /// saved, or false to stay open.
    #[tauri::command]
    pub fn answer_close<R: Runtime>(
        window: Window<R>,
        closing: State<'_, Closing>,
        close: bool,
    ) -> Reply<()> {
        if closing.answer(close) {
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
        assert!(closing.answer(true));
        // Answered: the grace period of that request no longer closes anything.
        assert!(!closing.expire(first));
    }

    #[test]
    fn a_window_that_stays_open_is_asked_again_next_time() {
        let closing = Closing::default();
        assert_eq!(closing.request(), Request::Ask(1));
        assert!(!closing.answer(false));
        assert_eq!(closing.request(), Request::Ask(2));
    }

    #[test]
    fn an_unanswered_request_expires_and_only_its_own_grace_counts() {
        let closing = Closing::default();
        assert_eq!(closing.request(), Request::Ask(1));
        assert!(!closing.answer(false));
        assert_eq!(closing.request(), Request::Ask(2));
        // The first request's grace period ends while the second waits.
        assert!(!closing.expire(1));
        assert!(closing.expire(2));
        assert!(!closing.answer(true), "a late answer closes nothing twice");
    }

    #[test]
    fn an_answer_nobody_asked_for_closes_nothing() {
        let closing = Closing::default();
        assert!(!closing.answer(true));
    }
}
