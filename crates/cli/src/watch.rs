//! `dragoman watch [DIR]`: the watched inbox without a window. It runs until
//! Ctrl+C or SIGTERM, prints one line per file on stdout (or every event as a JSON
//! line with `--json`), and the watcher's own state (watching, folder gone, back
//! again) on stderr.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use chrono::Utc;
use dragoman_core::inbox::{FileOutcome, FileReport, Inbox, InboxEvent, InboxOptions};
use dragoman_core::{Actor, Desk, Error};

/// The longest settle period accepted; longer ones are surely a typo.
const MAX_SETTLE_SECS: f64 = 3600.0;

pub fn run(
    desk: Desk,
    dir: Option<PathBuf>,
    settle_secs: f64,
    actor: Option<Actor>,
    json: bool,
) -> Result<ExitCode, Error> {
    if !(0.0..=MAX_SETTLE_SECS).contains(&settle_secs) {
        return Err(Error::InvalidInput(format!(
            "--settle takes seconds between 0 and {MAX_SETTLE_SECS}, such as 2 or 0.5"
        )));
    }
    let folder = match dir {
        Some(dir) => dir,
        None => PathBuf::from(desk.setting("inbox_dir")?),
    };
    if folder.as_os_str().is_empty() {
        return Err(Error::InvalidInput(
            "no inbox folder: pass DIR or set one with `dragoman settings inbox_dir PATH`".into(),
        ));
    }
    desk.check_inbox_folder(&folder)?;
    let prepared = dragoman_core::inbox::prepare_folder(&folder)?;
    let folder = prepared.path;
    if prepared.created && !json {
        eprintln!("created the inbox folder {}", folder.display());
    }
    let settle = Duration::from_secs_f64(settle_secs);
    let options = InboxOptions {
        actor,
        ..InboxOptions::new(&folder, settle)
    };
    let inbox = Inbox::new(desk, options, Utc::now);
    let stop = inbox.stop_handle();
    // With the "termination" feature this also answers SIGTERM (and SIGHUP).
    ctrlc::set_handler(move || stop.stop()).map_err(|e| {
        Error::InvalidInput(format!(
            "cannot listen for Ctrl+C ({e}); nothing was watched"
        ))
    })?;
    inbox.run(|event| {
        if json {
            println!(
                "{}",
                serde_json::to_string(&event).expect("inbox events serialise")
            );
        } else {
            show(&event, settle);
        }
    });
    Ok(ExitCode::SUCCESS)
}

fn show(event: &InboxEvent, settle: Duration) {
    match event {
        InboxEvent::Watching { folder, resumed } => {
            if *resumed {
                eprintln!("watching {} again", folder.display());
            } else {
                eprintln!(
                    "watching {} (files are read once unchanged for {:.1}s); Ctrl+C stops",
                    folder.display(),
                    settle.as_secs_f64()
                );
            }
        }
        InboxEvent::File(report) => println!("{}", file_line(report)),
        InboxEvent::BatchFinished {
            imported,
            duplicates,
            failed,
            deferred,
            ..
        } if imported + duplicates + failed + deferred > 1 => {
            let mut line =
                format!("{imported} imported, {duplicates} already on the desk, {failed} failed");
            if *deferred > 0 {
                line.push_str(&format!(", {deferred} left for later"));
            }
            eprintln!("{line}");
        }
        InboxEvent::WatchError { error, .. } | InboxEvent::DeskError { error } => {
            eprintln!("dragoman: {}", error.message);
        }
        InboxEvent::Stopped => eprintln!("stopped"),
        InboxEvent::BatchStarted { .. }
        | InboxEvent::BatchProgress { .. }
        | InboxEvent::BatchFinished { .. } => {}
    }
}

/// `imported<TAB>ID<TAB>NAME`, `duplicate<TAB>ID<TAB>NAME` or
/// `failed<TAB>-<TAB>NAME<TAB>CODE: MESSAGE`, plus the move's error if it failed.
fn file_line(report: &FileReport) -> String {
    let name = report
        .file
        .file_name()
        .unwrap_or_default()
        .to_string_lossy();
    let mut line = match &report.outcome {
        FileOutcome::Imported { id } => format!("imported\t{id}\t{name}"),
        FileOutcome::Duplicate { id } => format!("duplicate\t{id}\t{name}"),
        FileOutcome::NewVersion { id } => format!(
            "newer\t{id}\t{name}\t(a newer version of story {id}'s article; take it with \
             `dragoman import FILE --update {id}`, FILE being where it was moved)"
        ),
        FileOutcome::Failed { error } => {
            format!("failed\t-\t{name}\t{}: {}", error.code, error.message)
        }
    };
    if let Some(error) = &report.move_error {
        line.push_str(&format!(
            "\t(left in the inbox, could not be moved: {})",
            error.message
        ));
    }
    line
}
