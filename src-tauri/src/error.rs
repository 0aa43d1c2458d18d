//! The one error the desktop commands return. Across IPC it is `{code, message}`:
//! the UI branches on `code`, people read `message`.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message} ({code})")]
pub struct IpcError {
    pub code: String,
    pub message: String,
}

impl IpcError {
    /// An error the shell itself raises (a dialog or the opener failing), with a
    /// code of its own that core never uses.
    pub fn shell(code: &str, message: impl Into<String>) -> Self {
        IpcError {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl From<dragoman_core::Error> for IpcError {
    fn from(e: dragoman_core::Error) -> Self {
        IpcError {
            code: e.code().to_string(),
            message: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_cross_as_code_and_message() {
        let e = IpcError::from(dragoman_core::Error::Frozen { story: 7 });
        assert_eq!(e.code, "frozen");
        assert!(e.message.contains("story 7"), "{}", e.message);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "frozen", "message": e.message})
        );
    }
}
