//! The desk's settings: publication name, disclaimer templates, folders, identity.
//! Stored in the store, so the desktop app and the command share them.

use std::path::{Path, PathBuf};

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{Actor, Role};
use crate::store::Desk;

/// Default folders, which depend on the user's home: the shells work them out
/// and hand them in, so core never reads the environment.
#[derive(Debug, Clone, Default)]
pub struct FolderDefaults {
    pub inbox_dir: PathBuf,
    pub export_dir: PathBuf,
    /// The user's home folder, which no folder setting may be.
    pub home: Option<PathBuf>,
}

impl FolderDefaults {
    /// `~/Dragoman/Inbox` and `~/Dragoman/Published` under `home`.
    pub fn under_home(home: &Path) -> Self {
        FolderDefaults {
            inbox_dir: home.join("Dragoman").join("Inbox"),
            export_dir: home.join("Dragoman").join("Published"),
            home: Some(home.to_path_buf()),
        }
    }
}

pub const DEFAULT_DISCLAIMER_TRANSLATED: &str =
    "This article was translated and edited by {publication}.";
pub const DEFAULT_DISCLAIMER_NOT_VERIFIED: &str = "{publication} has not verified the content of this story. \
Responsibility for the information and views set out in this article lies entirely with the author.";

/// Every setting: key and what it is for.
pub const KEYS: &[(&str, &str)] = &[
    (
        "publication",
        "the publication's name, used in the disclaimer and the credit",
    ),
    (
        "disclaimer_translated",
        "the disclaimer of every translated story; {publication} is replaced",
    ),
    (
        "disclaimer_not_verified",
        "added when a story is not verified; {publication} is replaced",
    ),
    ("inbox_dir", "the folder watched for new source articles"),
    ("export_dir", "the folder published pages are written to"),
    (
        "template_dir",
        "a folder of templates that override the built-in export templates",
    ),
    (
        "target_language",
        "the language translations are written in (a BCP 47 tag such as en)",
    ),
    (
        "checks_off",
        "checks not run before publishing, by id, separated by commas (such as spacing, length_ratio)",
    ),
    (
        "length_ratio",
        "the lowest and highest length of a translation against its source before a warning (such as 0.5-3)",
    ),
    (
        "four_eyes",
        "on: the story's translator may not publish it, and a reviewer says what was checked; off: one person may do everything",
    ),
    (
        "identity_name",
        "who is at the keyboard when a change does not name them",
    ),
    (
        "identity_role",
        "their role when a change does not name one: translator, editor or reviewer",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SettingEntry {
    pub key: String,
    pub value: String,
    /// True when nothing was set and this is the default.
    pub default: bool,
    pub description: String,
}

/// Whether a setting is the desk's, shared by everyone who works on it, rather
/// than one person's (who is at the keyboard).
pub fn desk_wide(key: &str) -> bool {
    !matches!(key, "identity_name" | "identity_role")
}

fn known(key: &str) -> Result<&'static str> {
    KEYS.iter()
        .find(|(k, _)| *k == key)
        .map(|(k, _)| *k)
        .ok_or_else(|| {
            Error::invalid(format!(
                "unknown setting '{key}'; the settings are: {}",
                KEYS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ")
            ))
        })
}

/// A path as it can be compared with another: resolved when it exists, without
/// `.` parts and a trailing slash otherwise.
fn comparable(path: &Path) -> PathBuf {
    path.canonicalize()
        .unwrap_or_else(|_| path.components().collect())
}

fn validate(key: &str, value: &str) -> Result<()> {
    match key {
        "identity_role" if !value.is_empty() => value.parse::<Role>().map(|_| ()),
        "target_language" if !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => {
            Err(Error::invalid(format!(
                "'{value}' is not a language tag; use one such as en, en-GB or fr"
            )))
        }
        "checks_off" => crate::checks::parse_off(value).map(|_| ()),
        "four_eyes" if !matches!(value.trim(), "" | "on" | "off") => Err(Error::invalid(format!(
            "four_eyes is on or off, not '{value}'"
        ))),
        "length_ratio" if !value.trim().is_empty() => crate::checks::parse_ratio(value).map(|_| ()),
        "disclaimer_translated" | "disclaimer_not_verified" => {
            let mut rest = value;
            while let Some(open) = rest.find('{') {
                let close = rest[open..].find('}').ok_or_else(|| {
                    Error::invalid(
                        "the template has a '{' without its '}'; write {publication} for the name",
                    )
                })?;
                let name = &rest[open + 1..open + close];
                if name != "publication" {
                    return Err(Error::invalid(format!(
                        "the template names {{{name}}}, which Dragoman does not know; the one placeholder is {{publication}}"
                    )));
                }
                rest = &rest[open + close + 1..];
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A setting's stored value, through any connection (a transaction's too), or
/// `None` when it was never set.
/// Whether a second pair of eyes is asked for (`four_eyes`, on unless set off).
pub(crate) fn four_eyes(conn: &rusqlite::Connection) -> Result<bool> {
    Ok(stored(conn, "four_eyes")?.is_none_or(|v| v.trim() != "off"))
}

pub(crate) fn stored(conn: &rusqlite::Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM setting WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

impl Desk {
    /// Hands in the folders that stand when `inbox_dir` or `export_dir` are unset.
    pub fn set_folder_defaults(&mut self, defaults: FolderDefaults) {
        self.folder_defaults = defaults;
    }

    fn default_of(&self, key: &str) -> String {
        match key {
            "disclaimer_translated" => DEFAULT_DISCLAIMER_TRANSLATED.into(),
            "disclaimer_not_verified" => DEFAULT_DISCLAIMER_NOT_VERIFIED.into(),
            "target_language" => "en".into(),
            "four_eyes" => "on".into(),
            "length_ratio" => format!(
                "{}-{}",
                crate::checks::DEFAULT_RATIO.0,
                crate::checks::DEFAULT_RATIO.1
            ),
            "inbox_dir" => self.folder_defaults.inbox_dir.display().to_string(),
            "export_dir" => self.folder_defaults.export_dir.display().to_string(),
            _ => String::new(),
        }
    }

    /// The value of a setting, or its default.
    pub fn setting(&self, key: &str) -> Result<String> {
        let key = known(key)?;
        Ok(stored(&self.conn, key)?.unwrap_or_else(|| self.default_of(key)))
    }

    /// Every setting with its value.
    pub fn settings(&self) -> Result<Vec<SettingEntry>> {
        KEYS.iter()
            .map(|(key, description)| {
                let stored: Option<String> = self
                    .conn
                    .prepare_cached("SELECT value FROM setting WHERE key = ?1")?
                    .query_row([key], |r| r.get(0))
                    .optional()?;
                Ok(SettingEntry {
                    key: key.to_string(),
                    default: stored.is_none(),
                    value: stored.unwrap_or_else(|| self.default_of(key)),
                    description: description.to_string(),
                })
            })
            .collect()
    }

    /// Sets a setting; an empty value goes back to the default. A folder that
    /// already holds files is refused as the inbox (`inbox_not_empty`) until the
    /// person confirms it with [`Desk::set_setting_confirmed`].
    /// Desk-wide settings are an editor's to change (`workflow::check_settings_change`);
    /// the person is the desk's identity, as [`Desk::identity`] gives it.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.store_setting(key, value, false, None)
    }

    /// [`Desk::set_setting`] after the person confirmed that the files already in
    /// a folder chosen as the inbox are source articles to import.
    pub fn set_setting_confirmed(&mut self, key: &str, value: &str) -> Result<()> {
        self.store_setting(key, value, true, None)
    }

    /// [`Desk::set_setting`] (or, `confirmed`, [`Desk::set_setting_confirmed`])
    /// as `actor`, who named themselves for this change.
    pub fn set_setting_as(
        &mut self,
        key: &str,
        value: &str,
        confirmed: bool,
        actor: &Actor,
    ) -> Result<()> {
        self.store_setting(key, value, confirmed, Some(actor))
    }

    /// Whether the person at the keyboard (the desk's identity) may change the
    /// desk-wide settings, with the refusal if not.
    pub fn may_change_settings(&self) -> Result<()> {
        crate::workflow::check_settings_change(self.known_identity()?.as_ref())
    }

    /// The desk's identity, or `None` before anyone has said who they are.
    pub fn known_identity(&self) -> Result<Option<Actor>> {
        match self.identity(None, None) {
            Ok(actor) => Ok(Some(actor)),
            Err(Error::IdentityRequired) => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn store_setting(
        &mut self,
        key: &str,
        value: &str,
        confirmed: bool,
        actor: Option<&Actor>,
    ) -> Result<()> {
        let key = known(key)?;
        if desk_wide(key) {
            match actor {
                Some(actor) => crate::workflow::check_settings_change(Some(actor))?,
                None => self.may_change_settings()?,
            }
        }
        let value = value.trim();
        validate(key, value)?;
        if matches!(key, "inbox_dir" | "export_dir" | "template_dir") && !value.is_empty() {
            self.check_folder_setting(key, Path::new(value))?;
        }
        if key == "inbox_dir" && !value.is_empty() && !confirmed && self.setting(key)? != value {
            let files = crate::inbox::files_waiting(Path::new(value));
            if files > 0 {
                return Err(Error::InboxNotEmpty {
                    folder: PathBuf::from(value),
                    files,
                });
            }
        }
        self.write(|tx| {
            if value.is_empty() {
                tx.execute("DELETE FROM setting WHERE key = ?1", [key])?;
            } else {
                tx.execute(
                    "INSERT INTO setting (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, value],
                )?;
            }
            Ok(())
        })
    }

    /// Refuses `folder` as an inbox for the same reasons as the `inbox_dir`
    /// setting (the home folder, the store's folder, the export folder): for a
    /// folder given to a watcher directly rather than through the setting.
    pub fn check_inbox_folder(&self, folder: &Path) -> Result<()> {
        self.check_folder_setting("inbox_dir", folder)
    }

    /// A folder setting must be a folder of Dragoman's own: the watcher files away
    /// every file in the inbox, so the home folder (or Downloads' parent, or `/`)
    /// would have the user's own files moved; the store's folder holds the store;
    /// and an inbox in the export folder would bring every exported page back as a
    /// new story.
    fn check_folder_setting(&self, key: &str, folder: &Path) -> Result<()> {
        let what = match key {
            "inbox_dir" => "inbox",
            "export_dir" => "export folder",
            _ => "template folder",
        };
        let folder = comparable(folder);
        let refuse = |why: &str| {
            Err(Error::invalid(format!(
                "{} cannot be the {what}: {why}; choose a folder of its own, such as one inside ~/Dragoman",
                folder.display()
            )))
        };
        if let Some(home) = &self.folder_defaults.home {
            if comparable(home).starts_with(&folder) {
                return refuse("it is your home folder or holds it, and your own files are there");
            }
        }
        if let Some(store) = self.path.parent().filter(|p| !p.as_os_str().is_empty()) {
            if comparable(store) == folder {
                return refuse("it is the folder that holds the store");
            }
        }
        let (inbox, export) = match key {
            "inbox_dir" => (
                folder.clone(),
                comparable(Path::new(&self.setting("export_dir")?)),
            ),
            "export_dir" => (
                comparable(Path::new(&self.setting("inbox_dir")?)),
                folder.clone(),
            ),
            _ => return Ok(()),
        };
        if inbox.starts_with(&export) {
            return refuse(if key == "inbox_dir" {
                "it is the export folder or inside it, so exported pages would come back as new stories"
            } else {
                "the inbox is this folder or inside it, so exported pages would come back as new stories"
            });
        }
        Ok(())
    }

    /// Sets who is at the keyboard, name and role together. Both are checked
    /// before either is stored, so a bad role never leaves a new name with the
    /// old role, and a name must say something: every change records it.
    pub fn set_identity(&mut self, name: &str, role: &str) -> Result<Actor> {
        let role: Role = role.parse()?;
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid(
                "say your name: every change on the desk records who made it",
            ));
        }
        self.set_setting("identity_name", name)?;
        self.set_setting("identity_role", role.as_str())?;
        self.identity(None, None)
    }

    /// Who is acting: the name and role given, each falling back to the settings.
    pub fn identity(&self, name: Option<&str>, role: Option<Role>) -> Result<Actor> {
        let name = match name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => n.to_string(),
            None => self.setting("identity_name")?,
        };
        let role = match role {
            Some(r) => Some(r),
            None => Some(self.setting("identity_role")?)
                .filter(|r| !r.is_empty())
                .map(|r| r.parse())
                .transpose()?,
        };
        match role {
            Some(role) if !name.is_empty() => Ok(Actor::new(name, role)),
            _ => Err(Error::IdentityRequired),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_editors_change_the_desks_settings_and_everyone_their_own_identity() {
        let (_dir, mut desk) = crate::testing::desk();
        // Nobody has said who they are: the desk is being set up.
        desk.set_setting("publication", "The Syrian Observer")
            .unwrap();
        desk.set_identity("Rana", "translator").unwrap();
        let refused = desk
            .set_setting("publication", "The Damascus Desk")
            .unwrap_err();
        assert_eq!(refused.code(), "forbidden");
        assert!(refused.to_string().contains("editor"), "{refused}");
        assert_eq!(desk.may_change_settings().unwrap_err().code(), "forbidden");
        assert_eq!(desk.setting("publication").unwrap(), "The Syrian Observer");
        let refused = desk
            .set_setting_as("four_eyes", "off", false, &crate::testing::reviewer())
            .unwrap_err();
        assert_eq!(refused.code(), "forbidden");
        assert_eq!(desk.setting("four_eyes").unwrap(), "on");
        // Her own identity is hers to change; an editor named for the change may
        // change the desk's settings.
        desk.set_setting("identity_name", "Rana Haddad").unwrap();
        desk.set_setting_as(
            "publication",
            "The Damascus Desk",
            false,
            &crate::testing::editor(),
        )
        .unwrap();
        assert_eq!(desk.setting("publication").unwrap(), "The Damascus Desk");
        desk.set_identity("Omar", "editor").unwrap();
        assert!(desk.may_change_settings().is_ok());
    }

    #[test]
    fn an_identity_needs_a_name_and_a_known_role_and_is_set_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("desk.db")).unwrap();
        desk.set_identity("Rana", "translator").unwrap();
        assert_eq!(
            desk.set_identity("  ", "editor").unwrap_err().code(),
            "invalid_input"
        );
        assert!(desk.set_identity("Omar", "boss").is_err());
        let actor = desk.identity(None, None).unwrap();
        assert_eq!(
            (actor.name.as_str(), actor.role),
            ("Rana", Role::Translator)
        );
        assert_eq!(desk.set_identity(" Omar ", "editor").unwrap().name, "Omar");
    }

    #[test]
    fn folders_that_are_not_dragomans_own_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        std::fs::create_dir_all(home.join("Downloads")).unwrap();
        let store = dir.path().join("data/desk.db");
        let mut desk = Desk::open(&store).unwrap();
        desk.set_folder_defaults(FolderDefaults::under_home(&home));
        let refused = |desk: &mut Desk, key: &str, value: &Path| {
            let err = desk
                .set_setting(key, &value.display().to_string())
                .unwrap_err();
            assert_eq!(err.code(), "invalid_input", "{key} = {}", value.display());
            err.to_string()
        };
        for key in ["inbox_dir", "export_dir", "template_dir"] {
            assert!(refused(&mut desk, key, &home).contains("home folder"));
            refused(&mut desk, key, &home.join("."));
            refused(&mut desk, key, Path::new("/"));
            assert!(refused(&mut desk, key, &dir.path().join("data")).contains("store"));
        }
        // The inbox may not be the export folder or inside it, whichever is set last.
        let export = home.join("Dragoman/Published");
        refused(&mut desk, "inbox_dir", &export);
        assert!(refused(&mut desk, "inbox_dir", &export.join("in")).contains("come back"));
        desk.set_setting(
            "inbox_dir",
            &home.join("Downloads/in").display().to_string(),
        )
        .unwrap();
        refused(&mut desk, "export_dir", &home.join("Downloads"));
        desk.set_setting("export_dir", &home.join("Pages").display().to_string())
            .unwrap();
        // A folder that already holds files asks first.
        let full = home.join("Articles");
        std::fs::create_dir_all(&full).unwrap();
        std::fs::write(full.join("a.md"), "x").unwrap();
        std::fs::write(full.join(".hidden"), "x").unwrap();
        let err = desk
            .set_setting("inbox_dir", &full.display().to_string())
            .unwrap_err();
        assert_eq!(err.code(), "inbox_not_empty");
        assert!(err.to_string().contains("1 file"), "{err}");
        desk.set_setting_confirmed("inbox_dir", &full.display().to_string())
            .unwrap();
        // Saving the same folder again does not ask again.
        desk.set_setting("inbox_dir", &full.display().to_string())
            .unwrap();
        // Nothing refused was stored; an empty value still goes back to the default.
        desk.set_setting("inbox_dir", "").unwrap();
        assert_eq!(
            desk.setting("inbox_dir").unwrap(),
            home.join("Dragoman/Inbox").display().to_string()
        );
    }

    fn desk() -> (tempfile::TempDir, Desk) {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("d.db")).unwrap();
        desk.set_folder_defaults(FolderDefaults::under_home(Path::new("/home/rana")));
        (dir, desk)
    }

    #[test]
    fn defaults_then_set_then_reset() {
        let (_dir, mut desk) = desk();
        assert_eq!(
            desk.setting("inbox_dir").unwrap(),
            "/home/rana/Dragoman/Inbox"
        );
        assert_eq!(
            desk.setting("disclaimer_translated").unwrap(),
            DEFAULT_DISCLAIMER_TRANSLATED
        );
        desk.set_setting("publication", " The Syrian Observer ")
            .unwrap();
        assert_eq!(desk.setting("publication").unwrap(), "The Syrian Observer");
        let all = desk.settings().unwrap();
        assert!(all.iter().any(|e| e.key == "publication" && !e.default));
        desk.set_setting("publication", "").unwrap();
        assert_eq!(desk.setting("publication").unwrap(), "");
    }

    #[test]
    fn bad_settings_are_refused() {
        let (_dir, mut desk) = desk();
        assert_eq!(
            desk.set_setting("colour", "x").unwrap_err().code(),
            "invalid_input"
        );
        assert_eq!(
            desk.set_setting("identity_role", "boss")
                .unwrap_err()
                .code(),
            "invalid_input"
        );
        let err = desk
            .set_setting("disclaimer_translated", "By {outlet}.")
            .unwrap_err();
        assert!(err.to_string().contains("{outlet}"), "{err}");
        assert_eq!(
            desk.setting("disclaimer_translated").unwrap(),
            DEFAULT_DISCLAIMER_TRANSLATED
        );
    }

    #[test]
    fn identity_falls_back_to_settings() {
        let (_dir, mut desk) = desk();
        assert_eq!(
            desk.identity(None, None).unwrap_err().code(),
            "identity_required"
        );
        desk.set_setting("identity_name", "Rana").unwrap();
        desk.set_setting("identity_role", "translator").unwrap();
        assert_eq!(
            desk.identity(None, None).unwrap(),
            Actor::new("Rana", Role::Translator)
        );
        assert_eq!(
            desk.identity(Some("Omar"), Some(Role::Editor)).unwrap(),
            Actor::new("Omar", Role::Editor)
        );
    }
}
