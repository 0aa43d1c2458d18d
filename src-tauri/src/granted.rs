//! The files the window may import: only those the person chose in the shell's
//! file dialog or dropped on the window. The page sends paths to `import_files`;
//! without this list, any script running in the page could have the shell read any
//! file the user can read (`~/.ssh/id_rsa` as a "story"). The shell records what
//! the dialog returned and what a drop carried, and `import_files` refuses the rest.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tauri::{DragDropEvent, Manager, Runtime, Window, WindowEvent};

use crate::error::IpcError;

#[derive(Default)]
pub struct GrantedFiles(Mutex<HashSet<PathBuf>>);

impl GrantedFiles {
    pub fn grant(&self, paths: impl IntoIterator<Item = PathBuf>) {
        let mut granted = self.0.lock().unwrap_or_else(|p| p.into_inner());
        granted.extend(paths);
    }

    /// Every path of `paths` was chosen or dropped, or the first that was not.
    pub fn check(&self, paths: &[PathBuf]) -> Result<(), IpcError> {
        let granted = self.0.lock().unwrap_or_else(|p| p.into_inner());
        match paths.iter().find(|p| !granted.contains(p.as_path())) {
            None => Ok(()),
            Some(p) => Err(not_chosen(p)),
        }
    }
}

fn not_chosen(path: &Path) -> IpcError {
    IpcError::shell(
        crate::error::ShellCode::NotChosen,
        format!(
            "{} was not chosen in the file dialog or dropped on the window; choose it with \
             New story → Choose files, or drop it on the window",
            path.display()
        ),
    )
}

/// Records the files of a drop on the window, before the page hears of it.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
        if let Some(granted) = window.try_state::<GrantedFiles>() {
            granted.grant(paths.iter().cloned());
        }
    }
}

pub mod ipc {
    use super::GrantedFiles;
    use crate::commands::Reply;
    use crate::error::IpcError;
    use tauri::{AppHandle, Runtime, State};
    use tauri_plugin_dialog::DialogExt;

    /// The file dialog for source articles, opened by the shell so that what it
    /// returns is what `import_files` will accept.
    #[tauri::command(async)]
    pub fn pick_source_files<R: Runtime>(
        app: AppHandle<R>,
        granted: State<'_, GrantedFiles>,
    ) -> Reply<Vec<String>> {
        let picked = app
            .dialog()
            .file()
            .set_title("Import source articles")
            .add_filter("Source articles", &["md", "markdown", "txt", "html", "htm"])
            .blocking_pick_files()
            .unwrap_or_default();
        let paths = picked
            .into_iter()
            .map(|p| {
                p.into_path().map_err(|e| {
                    IpcError::shell(
                        crate::error::ShellCode::Dialog,
                        format!("the chosen file has no path: {e}"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        granted.grant(paths.iter().cloned());
        Ok(paths.iter().map(|p| p.display().to_string()).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_chosen_or_dropped_files_pass() {
        let granted = GrantedFiles::default();
        let chosen = PathBuf::from("/home/rana/story.md");
        assert_eq!(
            granted
                .check(std::slice::from_ref(&chosen))
                .unwrap_err()
                .code,
            "not_chosen"
        );
        granted.grant([chosen.clone()]);
        granted.check(std::slice::from_ref(&chosen)).unwrap();
        let err = granted
            .check(&[chosen, PathBuf::from("/home/rana/.ssh/id_rsa")])
            .unwrap_err();
        assert!(err.message.contains("id_rsa"), "{}", err.message);
    }
}
