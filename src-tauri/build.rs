//! Generates the Tauri context (config, capabilities, icons) for the desktop app.
//! The capabilities live in src-tauri/ while tauri.conf.json sits at the root, so
//! the patterns are spelled out. Defining the app's own permission (in
//! src-tauri/permissions/) is what makes Tauri check app commands against the
//! capabilities at all.

fn main() {
    // With the patterns spelled out, tauri-build does not ask to run again when
    // these folders change; without these lines a capability edited after a build
    // stayed out of the app (and out of the security tests) until a clean build.
    println!("cargo:rerun-if-changed=src-tauri/permissions");
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(
                tauri_build::AppManifest::new()
                    .permissions_path_pattern("./src-tauri/permissions/**/*"),
            ),
    )
    .expect("failed to generate the Tauri context");
}
