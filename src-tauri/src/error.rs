//! The one error the desktop commands return. Across IPC it is `{code, message}`:
//! the UI branches on `code`, people read `message`.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error, ts_rs::TS)]
#[error("{message} ({code})")]
pub struct IpcError {
    /// One of core's codes or one of the shell's own.
    #[ts(type = "ErrorCode | ShellCode")]
    pub code: String,
    pub message: String,
}

/// The codes of refusals the desktop shell makes itself, which core never uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ShellCode {
    /// A file the window asked to import was not chosen in the dialog or dropped.
    NotChosen,
    /// The file dialog gave back something without a path.
    Dialog,
    /// The system could not open the export folder.
    OpenFailed,
    /// Spell checking could not be turned on.
    Spelling,
}

impl ShellCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ShellCode::NotChosen => "not_chosen",
            ShellCode::Dialog => "dialog",
            ShellCode::OpenFailed => "open_failed",
            ShellCode::Spelling => "spelling",
        }
    }
}

impl IpcError {
    /// An error the shell itself raises (a dialog or the opener failing).
    pub fn shell(code: ShellCode, message: impl Into<String>) -> Self {
        IpcError {
            code: code.as_str().to_string(),
            message: message.into(),
        }
    }
}

impl From<dragoman_core::Error> for IpcError {
    fn from(e: dragoman_core::Error) -> Self {
        IpcError {
            code: e.code().to_string(),
            message: in_the_window(&e).unwrap_or_else(|| e.to_string()),
        }
    }
}

/// Core's messages say what to do in words of no particular shell; where the
/// window has its own way to do it (a button, a tab, Settings), the person reads
/// that instead. The code is the same, so the UI's branches do not change.
fn in_the_window(e: &dragoman_core::Error) -> Option<String> {
    use dragoman_core::Error as E;
    Some(match e {
        E::StoryNotFound(id) => {
            format!(
                "story {id} is no longer on the desk; go back to the desk to see the stories there"
            )
        }
        E::RevisionNotFound { number, .. } => {
            format!("this story has no revision {number}; the History tab lists its revisions")
        }
        E::Frozen { .. } => {
            "this story is published and frozen; use “Open a correction…” in the workflow bar \
             to change it"
                .to_string()
        }
        E::NoteRequired { to } => format!("moving a story back to {to} needs a note saying why"),
        E::NoDataFolder => {
            "cannot find your data folder for the store; start Dragoman with DRAGOMAN_DB set \
             to the store's path"
                .to_string()
        }
        E::IdentityRequired => {
            "say who you are first: choose your name and role with the button at the top \
             right"
                .to_string()
        }
        E::ExportUnpublished { status, .. } => format!(
            "this story is {status}, not published; the Preview tab shows how its page will look"
        ),
        E::PublicationUnset => "the publication's name is not set, and the disclaimer and \
             credit need it; set it in Settings, then publish again"
            .to_string(),
        E::PublishedUnwritten { reason, .. } => format!(
            "the story is published, but its page could not be written ({reason}); make room \
             or choose another export folder in Settings, then use “Publish and export” \
             again, which writes the page without another move"
        ),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_to_do_is_said_in_the_windows_terms() {
        use dragoman_core::Error as E;
        let errors = [
            E::StoryNotFound(7),
            E::RevisionNotFound {
                story: 7,
                number: 3,
            },
            E::Frozen { story: 7 },
            E::NoteRequired {
                to: dragoman_core::Status::Draft,
            },
            E::IdentityRequired,
            E::ExportUnpublished {
                story: 7,
                status: dragoman_core::Status::Edited,
            },
            E::PublicationUnset,
            E::PublishedUnwritten {
                story: 7,
                reason: "No space left on device".into(),
            },
        ];
        for e in errors {
            let code = e.code();
            let ipc = IpcError::from(e);
            assert_eq!(ipc.code, code, "the code is core's");
            for command_line in ["dragoman ", "--as", "--note", "--role", "`"] {
                assert!(
                    !ipc.message.contains(command_line),
                    "{code}: {:?} speaks of the command line",
                    ipc.message
                );
            }
        }
        let e = IpcError::from(E::PublicationUnset);
        assert!(e.message.contains("Settings"), "{}", e.message);
    }

    #[test]
    fn core_errors_cross_as_code_and_message() {
        let e = IpcError::from(dragoman_core::Error::MissingField { field: "headline" });
        assert_eq!(e.code, "missing_field");
        assert!(e.message.contains("headline"), "{}", e.message);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "missing_field", "message": e.message})
        );
    }
}
