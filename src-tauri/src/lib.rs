//! Dragoman's desktop shell: the window, the commands the UI calls, and nothing
//! else. Every rule about stories lives in `dragoman_core`; this crate converts
//! arguments and results (see `commands`) and owns the window's safety: which
//! URLs it may show, what the page may call (capabilities in src-tauri/), and the
//! content security policy (tauri.conf.json).

pub mod aids;
#[cfg(feature = "bench")]
mod bench;
pub mod bindings;
pub mod changes;
pub mod closing;
pub mod commands;
pub mod error;
pub mod first_answers;
pub mod granted;
pub mod inbox;
#[cfg(test)]
mod security;
pub mod spelling;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use dragoman_core::settings::FolderDefaults;
use dragoman_core::Desk;
use tauri::{Builder, Manager, Runtime, Url, WebviewWindowBuilder};
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};
use tauri_plugin_opener::OpenerExt;

/// The store, shared by every command. One connection behind a mutex: SQLite
/// serialises writers anyway, and each command holds it for one short call.
pub struct DeskState(Mutex<Desk>);

impl DeskState {
    pub fn new(desk: Desk) -> Self {
        DeskState(Mutex::new(desk))
    }

    /// The desk. A command that panicked mid-write has had its transaction rolled
    /// back when the transaction was dropped, so the store behind a poisoned lock
    /// is intact and the lock can be taken again.
    pub fn lock(&self) -> MutexGuard<'_, Desk> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The store the app opens: `DRAGOMAN_DB` when set (the window tests use a
/// temporary one), else `dragoman.db` in the platform data folder, the same file
/// the `dragoman` command uses.
pub fn store_path() -> Result<PathBuf, dragoman_core::Error> {
    let given = std::env::var_os("DRAGOMAN_DB").map(PathBuf::from);
    let data_dir =
        directories::ProjectDirs::from("", "", "dragoman").map(|d| d.data_dir().to_path_buf());
    dragoman_core::store::location(given.as_deref(), data_dir.as_deref())
}

/// Opens (creating and migrating on first start) the store, with the inbox and
/// export folders defaulting to ~/Dragoman/….
pub fn open_desk(path: &Path) -> Result<Desk, dragoman_core::Error> {
    let mut desk = Desk::open(path)?;
    if let Some(home) = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf()) {
        desk.set_folder_defaults(FolderDefaults::under_home(&home));
    }
    Ok(desk)
}

/// What the window may navigate to. The app's own pages and the preview's
/// `srcdoc` frame stay in the window; web links open in the system browser;
/// anything else is refused, so no remote page ever runs next to the commands.
#[derive(Debug, PartialEq, Eq)]
pub enum Navigation {
    Stay,
    OpenInBrowser,
    Refuse,
}

pub fn navigation(url: &Url) -> Navigation {
    match url.scheme() {
        "tauri" => Navigation::Stay,
        // The benchmark's empty page, in builds made for `make bench-desktop` only.
        "blank" if cfg!(feature = "bench") => Navigation::Stay,
        "http" | "https" if url.host_str() == Some("tauri.localhost") => Navigation::Stay,
        "about" if matches!(url.path(), "srcdoc" | "blank") => Navigation::Stay,
        "http" | "https" | "mailto" => Navigation::OpenInBrowser,
        _ => Navigation::Refuse,
    }
}

/// Declares the window's commands once: the handler Tauri calls and the names
/// the capability, the security tests and the UI's generated `Command` type are
/// checked against.
macro_rules! desk_commands {
    ($($module:ident::ipc::$name:ident),* $(,)?) => {
        /// Every command the window may call, by name.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($module::ipc::$name),*]
        }
    };
}

desk_commands![
    commands::ipc::desk_info,
    commands::ipc::list_stories,
    commands::ipc::desk_counts,
    commands::ipc::search_stories,
    commands::ipc::get_story,
    aids::ipc::suggest,
    aids::ipc::story_terms,
    aids::ipc::check_story,
    aids::ipc::check_segment,
    aids::ipc::concordance,
    aids::ipc::add_term,
    aids::ipc::list_terms,
    aids::ipc::delete_term,
    aids::ipc::aid_counts,
    aids::ipc::import_memory,
    aids::ipc::import_glossary,
    aids::ipc::export_memory,
    aids::ipc::export_glossary,
    commands::ipc::import_files,
    granted::ipc::pick_source_files,
    commands::ipc::import_text,
    commands::ipc::save_translation,
    commands::ipc::edit_story,
    commands::ipc::change_segments,
    commands::ipc::move_story,
    commands::ipc::set_verification,
    commands::ipc::open_correction,
    commands::ipc::assign_story,
    commands::ipc::take_story,
    commands::ipc::desk_people,
    commands::ipc::update_source,
    commands::ipc::list_revisions,
    commands::ipc::compare_revisions,
    commands::ipc::restore_revision,
    commands::ipc::preview_story,
    commands::ipc::publish_and_export,
    commands::ipc::get_settings,
    commands::ipc::set_setting,
    commands::ipc::set_identity,
    commands::ipc::disclaimer_preview,
    commands::ipc::open_export_folder,
    inbox::ipc::inbox_status,
    closing::ipc::answer_close,
    spelling::ipc::start_spelling,
];

/// The plugins and commands of the app, on any runtime: the window runs them on
/// WebKit, the capability tests on Tauri's mock runtime.
pub fn with_commands<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder
        .manage(closing::Closing::default())
        .manage(spelling::Spelling::default())
        .manage(granted::GrantedFiles::default())
        .on_window_event(|window, event| {
            granted::on_window_event(window, event);
            closing::on_window_event(window, event);
        })
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(handler())
}

/// WebKitGTK composites the page with OpenGL unless told otherwise. Where GL is
/// software (a virtual machine, a remote desktop, Xvfb) every frame of the desk
/// took 200–400 ms and the window needed about 1.6 times as long to show its
/// first rows (`make bench-desktop`). Dragoman draws text and a windowed list,
/// which need no GPU compositing, so it asks WebKit not to use it. A person who
/// wants it back sets `WEBKIT_DISABLE_COMPOSITING_MODE=0`.
fn draw_without_gpu_compositing() {
    if let Some(value) = compositing_override(std::env::var_os(COMPOSITING_VAR).as_deref()) {
        // Set before Tauri starts any thread or WebKit process, which inherit it.
        std::env::set_var(COMPOSITING_VAR, value);
    }
}

const COMPOSITING_VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// The value to give `COMPOSITING_VAR`, given what the environment holds: none
/// when the person has set it, and none off Linux, where WebKitGTK is not used.
fn compositing_override(set: Option<&std::ffi::OsStr>) -> Option<&'static str> {
    (cfg!(target_os = "linux") && set.is_none()).then_some("1")
}

pub fn run() {
    if std::env::args().any(|a| a == "--version" || a == "-V") {
        println!("dragoman-desktop {}", env!("CARGO_PKG_VERSION"));
        return;
    }
    draw_without_gpu_compositing();
    #[cfg(feature = "bench")]
    let bench = bench::Bench::from_env();
    #[cfg(feature = "bench")]
    let blank = bench.blank;
    #[cfg(not(feature = "bench"))]
    let blank = false;

    let mut context = tauri::generate_context!();
    first_answers::DeskPage::wrap(&mut context);
    let builder = with_commands(tauri::Builder::default());
    #[cfg(feature = "bench")]
    let builder = bench::serve_blank(builder);
    builder
        .setup(move |app| {
            if !blank {
                match store_path().and_then(|p| open_desk(&p)) {
                    Ok(desk) => {
                        inbox::start(app.handle(), desk.path(), &desk);
                        app.manage(DeskState::new(desk));
                        changes::watch(app.handle());
                        let handle = app.handle().clone();
                        // While WebKit starts its processes and loads the page.
                        let _ = std::thread::Builder::new()
                            .name("dragoman warm-up".into())
                            .spawn(move || {
                                let state = handle.state::<DeskState>();
                                let path = {
                                    let desk = state.lock();
                                    commands::warm_the_desk(&desk, chrono::Utc::now());
                                    desk.path().to_path_buf()
                                };
                                // At most one backup a day, on a connection of its
                                // own so the desk is never held while it copies.
                                let backup = Desk::open(&path)
                                    .and_then(|d| d.backup_if_due(chrono::Utc::now()));
                                match backup {
                                    Ok(Some(r)) => eprintln!(
                                        "dragoman-desktop: backup written to {}",
                                        r.path.display()
                                    ),
                                    Ok(None) => {}
                                    Err(e) => eprintln!("dragoman-desktop: no backup today: {e}"),
                                }
                            });
                    }
                    Err(e) => {
                        // Without a store there is no desk to show: say why in a
                        // window of its own, then stop.
                        eprintln!("dragoman-desktop: {e}");
                        app.dialog()
                            .message(e.to_string())
                            .title("Dragoman cannot open its store")
                            .kind(MessageDialogKind::Error)
                            .blocking_show();
                        std::process::exit(1);
                    }
                }
            }
            let config = app
                .config()
                .app
                .windows
                .iter()
                .find(|w| w.label == "main")
                .cloned()
                .expect("tauri.conf.json defines the main window");
            #[cfg(feature = "bench")]
            let config = bench.page(config);
            let handle = app.handle().clone();
            let window = WebviewWindowBuilder::from_config(app.handle(), &config)?.on_navigation(
                move |url| {
                    #[cfg(feature = "bench")]
                    if bench.reported(url) {
                        return false;
                    }
                    match navigation(url) {
                        Navigation::Stay => true,
                        Navigation::OpenInBrowser => {
                            if let Err(e) = handle.opener().open_url(url.as_str(), None::<&str>) {
                                eprintln!("dragoman-desktop: could not open {url}: {e}");
                            }
                            false
                        }
                        Navigation::Refuse => false,
                    }
                },
            );
            #[cfg(feature = "bench")]
            let window = bench.watch(window);
            window.build()?;
            Ok(())
        })
        .build(context)
        .expect("the desktop app failed to start")
        .run(|app, event| {
            // The watcher finishes the batch in hand (or leaves it whole in the
            // inbox) before the process ends.
            if let tauri::RunEvent::Exit = event {
                inbox::stop(app);
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn compositing_is_turned_off_unless_the_person_chose() {
        let chosen = std::ffi::OsStr::new("0");
        assert_eq!(compositing_override(Some(chosen)), None);
        assert_eq!(compositing_override(None), Some("1"));
    }

    #[test]
    fn only_the_app_and_the_preview_stay_in_the_window() {
        let nav = |s: &str| navigation(&Url::parse(s).unwrap());
        assert_eq!(nav("tauri://localhost/index.html"), Navigation::Stay);
        assert_eq!(nav("http://tauri.localhost/"), Navigation::Stay);
        assert_eq!(nav("about:srcdoc"), Navigation::Stay);
        assert_eq!(
            nav("https://syrianobserver.com/news/1"),
            Navigation::OpenInBrowser
        );
        assert_eq!(nav("http://alwatan.sy/?p=1"), Navigation::OpenInBrowser);
        assert_eq!(nav("file:///etc/passwd"), Navigation::Refuse);
        assert_eq!(nav("javascript:alert(1)"), Navigation::Refuse);
        assert_eq!(nav("data:text/html,<script>1</script>"), Navigation::Refuse);
    }

    #[test]
    fn the_store_opens_where_dragoman_db_says_and_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("desk.db");
        let desk = open_desk(&path).unwrap();
        assert_eq!(desk.path(), path.as_path());
        assert!(path.exists());
    }
}
