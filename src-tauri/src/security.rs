//! Checks on what the window may do: the content security policy in
//! tauri.conf.json, the capability and permission files, and — through Tauri's
//! own IPC path on its mock runtime, with the real generated context — that the
//! window can call Dragoman's commands and nothing that was not granted.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

use crate::{open_desk, with_commands, DeskState, COMMANDS};

/// Plugin permissions the window holds, each for something the UI does: listen
/// to the inbox events, pick files and folders, open web links in the browser.
/// No code of ours calls the opener from the page: the opener plugin's own
/// script does, when a link with target="_blank" (the source card's URL) is
/// clicked. Without the grant that click does nothing (03-security shows it).
const PLUGIN_PERMISSIONS: &[&str] = &[
    "core:event:allow-listen",
    "core:event:allow-unlisten",
    "dialog:allow-open",
    "opener:allow-open-url",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn csp() -> serde_json::Map<String, Value> {
    let config = read_json(&root().join("tauri.conf.json"));
    let security = &config["app"]["security"];
    for dangerous in [
        "dangerousDisableAssetCspModification",
        "dangerousRemoteDomainIpcAccess",
    ] {
        assert!(
            security.get(dangerous).is_none(),
            "{dangerous} must stay unset"
        );
    }
    assert_ne!(
        config["app"]["withGlobalTauri"],
        json!(true),
        "no global __TAURI__ for page scripts"
    );
    security["csp"]
        .as_object()
        .expect("the CSP is set, as directives")
        .clone()
}

fn sources(csp: &serde_json::Map<String, Value>, directive: &str) -> Vec<String> {
    csp.get(directive)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("the CSP sets {directive}"))
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_csp_allows_only_the_apps_own_content() {
    let csp = csp();
    assert_eq!(sources(&csp, "default-src"), ["'self'"]);
    assert_eq!(sources(&csp, "script-src"), ["'self'"]);
    assert_eq!(sources(&csp, "object-src"), ["'none'"]);
    assert_eq!(sources(&csp, "base-uri"), ["'none'"]);
    assert_eq!(sources(&csp, "form-action"), ["'none'"]);
    // The preview is a srcdoc frame of the app's own origin; nothing remote may be framed.
    assert_eq!(sources(&csp, "frame-src"), ["'self'"]);
    assert_eq!(
        sources(&csp, "connect-src"),
        ["ipc:", "http://ipc.localhost"]
    );
    for (directive, value) in &csp {
        for source in value.as_str().unwrap().split_whitespace() {
            let allowed = matches!(
                source,
                "'self'" | "'none'" | "data:" | "ipc:" | "http://ipc.localhost"
            ) || (directive == "style-src" && source == "'unsafe-inline'");
            assert!(
                allowed,
                "{directive} allows {source}: no remote content, no inline scripts"
            );
        }
    }
}

#[derive(serde::Deserialize)]
struct PermissionFile {
    permission: Vec<Permission>,
}

#[derive(serde::Deserialize)]
struct Permission {
    identifier: String,
    commands: PermissionCommands,
}

#[derive(serde::Deserialize)]
struct PermissionCommands {
    allow: Vec<String>,
    #[serde(default)]
    deny: Vec<String>,
}

#[test]
fn the_apps_permission_allows_exactly_the_contracts_commands() {
    let dir = root().join("src-tauri/permissions");
    let mut allowed = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let file: PermissionFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for p in file.permission {
            assert_eq!(
                p.identifier, "desk-commands",
                "one permission, granted whole"
            );
            assert!(p.commands.deny.is_empty());
            allowed.extend(p.commands.allow);
        }
    }
    assert_eq!(
        allowed,
        COMMANDS
            .iter()
            .map(|c| c.to_string())
            .collect::<BTreeSet<_>>()
    );
}

#[test]
fn capabilities_grant_only_dragomans_commands_and_the_plugins_it_uses() {
    let dir = root().join("src-tauri/capabilities");
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        files.len(),
        1,
        "one capability, for the one window: {files:?}"
    );
    let capability = read_json(&files[0]);
    assert_eq!(capability["windows"], json!(["main"]));
    assert!(capability.get("webviews").is_none());
    assert!(
        capability.get("remote").is_none(),
        "no remote URL may call commands"
    );
    assert_ne!(capability["local"], json!(false));
    let mut granted = Vec::new();
    for permission in capability["permissions"].as_array().unwrap() {
        let identifier = match permission {
            Value::String(s) => s.clone(),
            Value::Object(o) => {
                let identifier = o["identifier"].as_str().unwrap().to_string();
                assert_eq!(
                    identifier, "opener:allow-open-url",
                    "only the opener is scoped"
                );
                assert!(o.get("deny").is_none());
                let urls: Vec<&str> = o["allow"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["url"].as_str().unwrap())
                    .collect();
                assert_eq!(
                    urls,
                    ["https://*", "http://*"],
                    "web links only: no file: or custom schemes"
                );
                identifier
            }
            other => panic!("unexpected permission {other}"),
        };
        granted.push(identifier);
    }
    let expected: Vec<&str> = std::iter::once("desk-commands")
        .chain(PLUGIN_PERMISSIONS.iter().copied())
        .collect();
    assert_eq!(granted, expected);
}

/// The app on Tauri's mock runtime with the real generated context (config,
/// capabilities, permissions) and a store in a temporary folder.
pub(crate) fn mock_app(dir: &Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = with_commands(mock_builder())
        .build(tauri::generate_context!())
        .expect("the app builds on the mock runtime");
    app.manage(DeskState::new(open_desk(&dir.join("desk.db")).unwrap()));
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    (app, window)
}

pub(crate) fn invoke(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    url: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: url.parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

/// An ACL refusal is a plain string from Tauri; every error of ours is {code, message}.
fn refused_by_acl(reply: &Result<Value, Value>) -> bool {
    matches!(reply, Err(Value::String(s)) if s.contains("not allowed"))
}

pub(crate) const APP_URL: &str = "tauri://localhost";

#[test]
fn the_window_reaches_every_command_through_ipc_with_the_contracts_argument_names() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = mock_app(dir.path());
    let pasted = invoke(
        &window,
        "import_text",
        APP_URL,
        json!({"text": "عنوان\n\nفقرة أولى.\n\nفقرة ثانية.", "sourceName": "SANA", "language": "ar"}),
    )
    .unwrap();
    assert_eq!(pasted["created"], true);
    let id = pasted["id"].as_i64().unwrap();
    let identity = invoke(
        &window,
        "set_identity",
        APP_URL,
        json!({"name": "Rana", "role": "translator"}),
    );
    assert_eq!(
        identity.unwrap(),
        json!({"name": "Rana", "role": "translator"})
    );
    let story = invoke(&window, "get_story", APP_URL, json!({"id": id})).unwrap();
    assert_eq!(story["direction"], "rtl");
    assert_eq!(story["story"]["source"]["name"], "SANA");
    let version = story["story"]["version"].as_i64().unwrap();
    let saved = invoke(
        &window,
        "save_translation",
        APP_URL,
        json!({"id": id, "version": version, "no": 1, "text": "First paragraph.", "state": "draft"}),
    )
    .unwrap();
    assert_eq!(saved, json!({"id": id, "version": version + 1}));
    // A stale version comes back as the core's error, in the contract's shape.
    let conflict = invoke(
        &window,
        "save_translation",
        APP_URL,
        json!({"id": id, "version": version, "no": 1, "text": "Other"}),
    )
    .unwrap_err();
    assert_eq!(conflict["code"], "conflict");
    assert!(conflict["message"].as_str().unwrap().contains("reload"));
    let page = invoke(
        &window,
        "list_stories",
        APP_URL,
        json!({"filter": {"status": "draft"}}),
    )
    .unwrap();
    assert_eq!(page["total"], 1);
    let hits = invoke(
        &window,
        "search_stories",
        APP_URL,
        json!({"query": "first", "filter": {}}),
    )
    .unwrap();
    assert_eq!(hits[0]["id"], id);

    // The page cannot have the shell read a file the person did not choose or
    // drop, whatever path it sends.
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "Not a story\nPrivate words.\n").unwrap();
    let refused = invoke(
        &window,
        "import_files",
        APP_URL,
        json!({"paths": [secret.display().to_string()]}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "not_chosen");
    window
        .state::<crate::granted::GrantedFiles>()
        .grant([secret.clone()]);
    let imported = invoke(
        &window,
        "import_files",
        APP_URL,
        json!({"paths": [secret.display().to_string()]}),
    )
    .unwrap();
    assert_eq!(imported[0]["created"], true, "{imported}");

    // Every command of the contract passes the ACL (its reply may still be an
    // error of ours, such as a missing argument). Opening the export folder and
    // the file dialogs (choosing sources, and a memory's or a glossary's file) are
    // left out: they would start the desktop's file manager or wait on a dialog.
    for cmd in COMMANDS.iter().filter(|c| {
        !matches!(
            **c,
            "open_export_folder"
                | "pick_source_files"
                | "import_memory"
                | "import_glossary"
                | "export_memory"
                | "export_glossary"
        )
    }) {
        let reply = invoke(&window, cmd, APP_URL, json!({}));
        assert!(!refused_by_acl(&reply), "{cmd} is refused: {reply:?}");
    }
}

#[test]
fn what_was_not_granted_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (app, window) = mock_app(dir.path());
    for cmd in [
        "plugin:dialog|save",
        "plugin:dialog|message",
        "plugin:opener|open_path",
        "plugin:opener|reveal_item_in_dir",
        "plugin:window|close",
        "plugin:webview|create_webview_window",
        "plugin:app|version",
        "plugin:event|emit",
    ] {
        let reply = invoke(&window, cmd, APP_URL, json!({}));
        assert!(refused_by_acl(&reply), "{cmd} must be refused: {reply:?}");
    }
    // A remote page never reaches the desk, even in the main window…
    let remote = invoke(&window, "desk_info", "https://example.com", json!({}));
    assert!(refused_by_acl(&remote), "{remote:?}");
    // …and no other window holds the capability.
    let other = WebviewWindowBuilder::new(&app, "other", Default::default())
        .build()
        .unwrap();
    let reply = invoke(&other, "desk_info", APP_URL, json!({}));
    assert!(refused_by_acl(&reply), "{reply:?}");
    // The granted ones pass.
    let reply = invoke(&window, "desk_info", APP_URL, json!({})).unwrap();
    assert!(reply["dbPath"].as_str().unwrap().ends_with("desk.db"));
}
