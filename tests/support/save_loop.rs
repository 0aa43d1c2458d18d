//! Saves revisions of one story as fast as it can, printing `saved N` after each
//! save has committed. The crash suite kills this process with SIGKILL at random
//! moments and then checks that every reported save is in the store.
//!
//! Usage: save-loop STORE STORY_ID FIRST_N

use std::io::Write;
use std::path::PathBuf;

use chrono::Utc;
use dragoman_core::{Actor, Desk, Role};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(db), Some(id), Some(first)) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: save-loop STORE STORY_ID FIRST_N");
        std::process::exit(2);
    };
    let id: i64 = id.parse().expect("STORY_ID is a number");
    let first: u64 = first.parse().expect("FIRST_N is a number");
    let mut desk = Desk::open(&PathBuf::from(db)).expect("store opens");
    let actor = Actor::new("Crash Test", Role::Translator);
    let mut stdout = std::io::stdout().lock();
    for n in first.. {
        let no = (n % 3 + 1) as usize;
        desk.translate(id, None, no, &format!("save {n}"), None, &actor, Utc::now())
            .expect("save succeeds");
        writeln!(stdout, "saved {n}").expect("stdout open");
        stdout.flush().expect("stdout open");
    }
}
