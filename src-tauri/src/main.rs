//! The desktop app's entry point; everything else is in the library so tests can
//! reach it.

// Release builds on Windows would otherwise open a console next to the window.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    dragoman_desktop::run();
}
