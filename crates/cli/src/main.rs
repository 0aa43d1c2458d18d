//! `dragoman`: the desk, headless. A thin shell: it turns arguments into calls to
//! `dragoman_core` and results into text (or JSON with `--json`). The command
//! line is a contract that users' scripts rely on: add to it, never rename.

/// Prints a line to stdout. When the reader has gone away (`dragoman list | head`)
/// the command ends quietly, as Unix tools do, instead of panicking on the broken
/// pipe the way the standard `println!` does. Control characters from stored text
/// (an imported title with an escape sequence that retitles or clears the
/// terminal) are shown as symbols, never sent to the terminal.
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = format!($($arg)*);
        let line = $crate::output::terminal_safe(&line);
        if let Err(e) = writeln!(std::io::stdout(), "{line}") {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            panic!("cannot write to standard output: {e}");
        }
    }};
}

mod export;
mod output;
mod watch;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::Utc;
use clap::{ArgGroup, Parser, Subcommand};
use dragoman_core::settings::FolderDefaults;
use dragoman_core::{
    ingest, Actor, Desk, Due, Error, ListOrder, Role, SegmentOp, SegmentState, Status, StoryEdit,
    StoryFilter, Verification,
};

use output::Out;

#[derive(Parser)]
#[command(
    name = "dragoman",
    version,
    about = "Dragoman: the translation desk, from the command line."
)]
struct Cli {
    /// The store to use (default: the platform data folder, ~/.local/share/dragoman/dragoman.db on Linux).
    #[arg(long, global = true, env = "DRAGOMAN_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    /// Machine-readable output; errors go to stderr as {"code", "message"}.
    #[arg(long, global = true)]
    json: bool,
    /// Who is acting (default: the identity_name setting).
    #[arg(long = "as", global = true, value_name = "NAME")]
    as_name: Option<String>,
    /// Their role: translator, editor or reviewer (default: the identity_role setting).
    #[arg(long, global = true, value_name = "ROLE")]
    role: Option<String>,
    /// Refuse the change (code "conflict") unless the story is still at this version.
    #[arg(long, global = true, value_name = "VERSION")]
    if_version: Option<i64>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create and migrate the store (any command does this on first use).
    Init,
    /// Put source articles on the desk: Markdown with front matter, plain text or HTML.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The source outlet, for files that do not say (e.g. al-Watan).
        #[arg(long, value_name = "NAME")]
        source: Option<String>,
        /// The source language, for files that do not say (e.g. ar).
        #[arg(long, value_name = "LANG")]
        language: Option<String>,
        /// The source URL, for files that do not say.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// FILE is a newer version of story ID's source article: align it with
        /// the story, keeping every translation (a published story opens a
        /// correction).
        #[arg(long, value_name = "ID")]
        update: Option<i64>,
    },
    /// Stories on the desk, most recently changed first.
    List {
        #[arg(long, value_name = "S")]
        status: Option<String>,
        #[arg(long, value_name = "V")]
        verification: Option<String>,
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Only the stories assigned to NAME.
        #[arg(long, value_name = "NAME", conflicts_with = "unassigned")]
        assignee: Option<String>,
        /// Only the stories assigned to nobody.
        #[arg(long)]
        unassigned: bool,
        /// Only unpublished stories due by DATE (2026-12-06 means by the end of
        /// that day; also 2026-12-06 17:00, today, tomorrow), soonest first.
        #[arg(long, value_name = "DATE")]
        due_before: Option<String>,
        /// Soonest deadline first, stories without one after them.
        #[arg(long)]
        by_deadline: bool,
    },
    /// Full-text search over headline, standfirst, source and translation.
    Search {
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        #[arg(long, value_name = "S")]
        status: Option<String>,
        #[arg(long, value_name = "V")]
        verification: Option<String>,
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: usize,
    },
    /// One story in full.
    Show { id: i64 },
    /// The translation memory: every segment marked done on the desk.
    Tm {
        #[command(subcommand)]
        command: TmCommand,
    },
    /// XLIFF 2.1 for outside translators: one story out, its translations back in.
    Xliff {
        #[command(subcommand)]
        command: XliffCommand,
    },
    /// The glossary: agreed renderings of names and terms, and forbidden ones.
    Glossary {
        #[command(subcommand)]
        command: GlossaryCommand,
    },
    /// Memory matches and glossary terms for segment N of a story (its own unit left out).
    Suggest {
        id: i64,
        n: usize,
        /// The lowest score shown, in percent.
        #[arg(long, value_name = "PERCENT", default_value_t = 70, value_parser = clap::value_parser!(u8).range(1..=100))]
        min: u8,
        #[arg(long, value_name = "N", default_value_t = 5)]
        limit: usize,
    },
    /// Save the translation of segment N (1-based); marks it done unless --draft.
    #[command(group(ArgGroup::new("input").required(true).args(["text", "file"])))]
    Translate {
        id: i64,
        n: usize,
        text: Option<String>,
        /// Read the translation from a file ("-" for standard input).
        #[arg(long, value_name = "F")]
        file: Option<PathBuf>,
        /// Save as a draft, not done.
        #[arg(long)]
        draft: bool,
    },
    /// Change headline, standfirst, keywords, related stories or source details.
    Edit {
        id: i64,
        #[arg(long, value_name = "T")]
        headline: Option<String>,
        #[arg(long, value_name = "T")]
        standfirst: Option<String>,
        /// Comma-separated, e.g. "Syria, Iran".
        #[arg(long, value_name = "LIST")]
        keywords: Option<String>,
        /// A related story (repeat for several); replaces the list.
        #[arg(long, value_name = "ID")]
        related: Vec<i64>,
        /// Remove every related story.
        #[arg(long, conflicts_with = "related")]
        no_related: bool,
        #[arg(long, value_name = "NAME")]
        source_name: Option<String>,
        #[arg(long, value_name = "URL")]
        source_url: Option<String>,
        #[arg(long, value_name = "LANG")]
        source_language: Option<String>,
        #[arg(long, value_name = "T")]
        source_headline: Option<String>,
        #[arg(long, value_name = "DATE")]
        source_date: Option<String>,
        #[arg(long, value_name = "NAME")]
        source_author: Option<String>,
    },
    /// Split, merge, insert, delete or move segments.
    Segment {
        id: i64,
        #[command(subcommand)]
        op: SegmentCommand,
    },
    /// Move a story along the workflow (draft, translated, edited, published).
    Move {
        id: i64,
        #[arg(long, value_name = "STATE")]
        to: String,
        /// Why; required when sending a story back.
        #[arg(long, value_name = "T")]
        note: Option<String>,
        /// Publish although the checks found errors, for this reason (editors; kept in the history).
        #[arg(long, value_name = "REASON", conflicts_with = "note")]
        override_checks: Option<String>,
    },
    /// Run the checks publishing runs: numbers, names, links, glossary, form.
    Check { id: i64 },
    /// Set the verification (reviewers only).
    #[command(group(ArgGroup::new("verdict").required(true).args(["verified", "not_verified", "unreviewed"])))]
    Verify {
        id: i64,
        #[arg(long)]
        verified: bool,
        #[arg(long)]
        not_verified: bool,
        #[arg(long)]
        unreviewed: bool,
        /// What was checked (sources, figures, quotes); kept in the history.
        /// Needed while the desk asks for a second pair of eyes.
        #[arg(long, value_name = "T", default_value = "")]
        note: String,
    },
    /// Give a story to someone (editors), with a deadline.
    Assign {
        id: i64,
        /// Who does it; leave out with --nobody.
        #[arg(long, value_name = "NAME", required_unless_present = "nobody")]
        to: Option<String>,
        /// Assign it to nobody (the person it was given to may do this too).
        #[arg(long, conflicts_with = "to")]
        nobody: bool,
        /// When it is due: 2026-12-06 (by the end of that day), 2026-12-06 17:00,
        /// today or tomorrow, in this computer's time zone. Without it the
        /// deadline stays as it was.
        #[arg(long, value_name = "DATE", conflicts_with = "no_due")]
        due: Option<String>,
        /// Take the deadline away.
        #[arg(long)]
        no_due: bool,
    },
    /// Take a story nobody has (translators and editors).
    Take { id: i64 },
    /// Reopen a published story as a correction.
    Correct {
        id: i64,
        #[arg(long, value_name = "T", required = true)]
        note: String,
    },
    /// Every move and change of a story.
    History { id: i64 },
    /// Every saved text of a story (headline, standfirst, keywords, segments).
    Revisions { id: i64 },
    /// The difference between two revisions.
    Diff { id: i64, a: i64, b: i64 },
    /// Put a revision's text back (itself a new revision).
    Restore { id: i64, revision: i64 },
    /// The workflow moves open to you on a story, and why others are not.
    Moves { id: i64 },
    /// Show all settings, one, or set one (an empty VALUE resets it).
    Settings {
        key: Option<String>,
        value: Option<String>,
        /// Use a folder that already holds files as the inbox: they are imported.
        #[arg(long)]
        confirm: bool,
    },
    /// Write publishable HTML pages (or fragments, or JSON) of published stories.
    Export(export::ExportArgs),
    /// Write a checked copy of the store (default: backups/ beside it, the last 10 kept).
    Backup {
        /// A file to write, or a folder to write a dated file into.
        dest: Option<PathBuf>,
    },
    /// Watch the inbox folder and import every file dropped into it, until Ctrl+C.
    Watch {
        /// The folder to watch (default: the inbox_dir setting).
        dir: Option<PathBuf>,
        /// Seconds a file must stay unchanged before it is read.
        #[arg(long, value_name = "SECONDS", default_value_t = 2.0)]
        settle: f64,
    },
}

#[derive(Subcommand)]
enum TmCommand {
    /// Add the units of a TMX file (from OmegaT, memoQ, Trados…) to the memory.
    Import {
        file: PathBuf,
        /// The source language of the units (default: the file's srclang).
        #[arg(long, value_name = "L")]
        source_lang: Option<String>,
        /// The target language (default: each unit's first other language).
        #[arg(long, value_name = "L")]
        target_lang: Option<String>,
    },
    /// Units holding these words, in source or translation, newest first.
    Concordance {
        #[arg(required = true, value_name = "WORD")]
        words: Vec<String>,
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: usize,
    },
    /// Write the memory to a TMX file.
    Export {
        file: PathBuf,
        /// Only units of published stories.
        #[arg(long)]
        published_only: bool,
    },
    /// The memory's best matches for a text, best first.
    Lookup {
        #[arg(required = true, value_name = "TEXT")]
        text: Vec<String>,
        /// The language the suggestions are wanted in (default: the desk's target language).
        #[arg(long, value_name = "L")]
        lang: Option<String>,
        /// The lowest score shown, in percent.
        #[arg(long, value_name = "PERCENT", default_value_t = 70, value_parser = clap::value_parser!(u8).range(1..=100))]
        min: u8,
        #[arg(long, value_name = "N", default_value_t = 5)]
        limit: usize,
    },
}

#[derive(Subcommand)]
enum XliffCommand {
    /// Write story ID to FILE as XLIFF 2.1, for memoQ, Trados or OmegaT.
    Export { id: i64, file: PathBuf },
    /// Take the translations of FILE (exported from this desk) back into its story.
    Import { file: PathBuf },
}

#[derive(Subcommand)]
enum GlossaryCommand {
    /// Add the terms of a glossary: OmegaT's tab-separated file (.tsv, .txt) or TBX (.tbx).
    Import {
        file: PathBuf,
        /// The source language of the terms (default: the file's, or guessed from the words).
        #[arg(long, value_name = "L")]
        source_lang: Option<String>,
        /// The language of the renderings (default: the file's, or guessed from the words).
        #[arg(long, value_name = "L")]
        target_lang: Option<String>,
    },
    /// Add one term: the source words and their agreed rendering.
    Add {
        source: String,
        target: String,
        /// A note for translators (when to use it, why).
        #[arg(long, value_name = "T", default_value = "")]
        note: String,
        /// TARGET is a rendering the desk does not want.
        #[arg(long)]
        forbidden: bool,
        #[arg(long, value_name = "L")]
        source_lang: Option<String>,
        #[arg(long, value_name = "L")]
        target_lang: Option<String>,
    },
    /// Every term, by source.
    List,
    /// Write the glossary to FILE: TBX when it ends in .tbx, tab-separated otherwise.
    Export { file: PathBuf },
    /// Remove term ID.
    Delete { id: i64 },
}

#[derive(Subcommand)]
enum SegmentCommand {
    /// Split segment N after AT characters of its source.
    Split {
        n: usize,
        at: usize,
    },
    /// Merge segment N with the next one.
    Merge {
        n: usize,
    },
    /// Insert a segment without source (e.g. a "Read Also" line) as number N.
    Insert {
        n: usize,
        text: String,
    },
    /// Insert a "Read Also" line linking story RELATED as number N.
    ReadAlso {
        n: usize,
        related: i64,
    },
    Delete {
        n: usize,
    },
    /// Move segment N to position TO.
    Move {
        n: usize,
        to: usize,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let out = Out { json: cli.json };
    match run(cli, &out) {
        Ok(code) => code,
        Err(e) => {
            out.error(&e);
            ExitCode::FAILURE
        }
    }
}

/// Arguments clap could not make sense of. Help and --version print as clap
/// prints them; a mistake does too, unless `--json` was asked for anywhere on
/// the line: a script reading `{code, message}` from stderr then gets that, with
/// code `usage`, rather than text it cannot parse. Exit status 2 either way.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let asked_json = std::env::args_os().skip(1).any(|a| a == "--json");
    if !asked_json || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        e.exit();
    }
    let text = e.render().to_string();
    let message = text.trim().strip_prefix("error: ").unwrap_or(text.trim());
    eprintln!(
        "{}",
        serde_json::json!({ "code": "usage", "message": message })
    );
    ExitCode::from(2)
}

fn glossary(
    desk: &mut Desk,
    command: GlossaryCommand,
    who: &dyn Fn(&Desk) -> Result<Actor, Error>,
    out: &Out,
) -> Result<(), Error> {
    use dragoman_core::glossary::{NewTerm, TermLanguages};
    match command {
        GlossaryCommand::Import {
            file,
            source_lang,
            target_lang,
        } => {
            let languages = TermLanguages {
                source: source_lang,
                target: target_lang,
            };
            let by = who(desk)?;
            let done = desk.glossary_import(&file, &languages, &by, Utc::now())?;
            out.done(
                &format!(
                    "{} terms added to the glossary; {} it already held; {} without a source and a rendering",
                    done.added, done.already, done.skipped
                ),
                &serde_json::to_value(done).expect("counts serialise"),
            );
        }
        GlossaryCommand::Add {
            source,
            target,
            note,
            forbidden,
            source_lang,
            target_lang,
        } => {
            let by = who(desk)?;
            let term = desk.add_term(
                &NewTerm {
                    source,
                    target,
                    note,
                    forbidden,
                    source_lang,
                    target_lang,
                },
                &by,
                Utc::now(),
            )?;
            out.term(&term);
        }
        GlossaryCommand::List => out.terms(&desk.terms()?),
        GlossaryCommand::Export { file } => {
            let count = desk.glossary_export(&file, Utc::now())?;
            out.done(
                &format!("{count} terms written to {}", file.display()),
                &serde_json::json!({ "terms": count, "file": file }),
            );
        }
        GlossaryCommand::Delete { id } => {
            let term = desk.delete_term(id)?;
            out.done(
                &format!("term {id} ({} → {}) removed", term.source, term.target),
                &serde_json::json!({ "deleted": id }),
            );
        }
    }
    Ok(())
}

/// The platform's data folder for Dragoman, where the store lives by default.
fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "dragoman").map(|d| d.data_dir().to_path_buf())
}

fn parse<T: std::str::FromStr<Err = Error>>(s: Option<&str>) -> Result<Option<T>, Error> {
    s.map(str::parse).transpose()
}

fn run(cli: Cli, out: &Out) -> Result<ExitCode, Error> {
    let path = dragoman_core::store::location(cli.db.as_deref(), data_dir().as_deref())?;
    let mut desk = Desk::open(&path)?;
    if desk.created() && !cli.json && !matches!(cli.command, Command::Init) {
        // A mistyped --db would otherwise show an empty desk as if the stories
        // were gone. On stderr, and not with --json, where stderr is kept for
        // the one {code, message} of a failure.
        eprintln!(
            "dragoman: note: there was no store at {}, so a new, empty one was created",
            path.display()
        );
    }
    if let Some(home) = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf()) {
        desk.set_folder_defaults(FolderDefaults::under_home(&home));
    }
    let role: Option<Role> = parse(cli.role.as_deref())?;
    let who = |desk: &Desk| desk.identity(cli.as_name.as_deref(), role);
    let now = Utc::now();
    let expected = cli.if_version;
    match cli.command {
        Command::Watch { dir, settle } => {
            let actor = who(&desk).ok();
            return watch::run(desk, dir, settle, actor, cli.json);
        }
        Command::Export(args) => export::run(&desk, args, now, out)?,
        Command::Init => out.done(
            &format!("store ready at {}", path.display()),
            &serde_json::json!({"db": path}),
        ),
        Command::Import {
            files,
            source,
            language,
            url,
            update,
        } => {
            let overrides = ingest::SourceOverrides {
                name: source,
                language,
                url,
            };
            if let Some(id) = update {
                let [file] = files.as_slice() else {
                    return Err(Error::InvalidInput(
                        "--update takes one file: the newer version of that story's article".into(),
                    ));
                };
                let by = who(&desk)?;
                let update = desk.update_source_file(id, file, &overrides, &by, now)?;
                out.source_update(file, &update);
                return Ok(ExitCode::SUCCESS);
            }
            let by = who(&desk).ok();
            let outcomes = desk.import_files(&files, &overrides, by.as_ref(), now)?;
            let report: Vec<(&Path, Result<dragoman_core::ImportOutcome, Error>)> =
                files.iter().map(PathBuf::as_path).zip(outcomes).collect();
            let failed = report.iter().any(|(_, r)| r.is_err());
            out.import(&report);
            return Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            });
        }
        Command::List {
            status,
            verification,
            limit,
            assignee,
            unassigned,
            due_before,
            by_deadline,
        } => {
            let due_before = due_before
                .map(|d| dragoman_core::parse_due(&d, chrono::Local::now()))
                .transpose()?;
            let filter = StoryFilter {
                status: parse(status.as_deref())?,
                verification: parse(verification.as_deref())?,
                limit,
                assignee,
                unassigned,
                due_before: due_before.map(|d| d.to_rfc3339()),
                order: if by_deadline {
                    ListOrder::Due
                } else {
                    ListOrder::Updated
                },
                ..StoryFilter::default()
            };
            out.list(&desk.list(&filter)?, now);
        }
        Command::Search {
            query,
            status,
            verification,
            limit,
        } => {
            let filter = StoryFilter {
                status: parse(status.as_deref())?,
                verification: parse(verification.as_deref())?,
                limit: Some(limit),
                ..StoryFilter::default()
            };
            let query = query.join(" ");
            out.search(&desk.search(&query, &filter)?);
        }
        Command::Show { id } => out.story(&desk.story(id)?),
        Command::Tm {
            command:
                TmCommand::Lookup {
                    text,
                    lang,
                    min,
                    limit,
                },
        } => {
            let lang = match lang {
                Some(lang) => lang,
                None => desk.setting("target_language")?,
            };
            let lookup = dragoman_core::memory::Lookup { min, limit };
            out.matches(&desk.memory_lookup(&text.join(" "), &lang, lookup)?);
        }
        Command::Tm {
            command:
                TmCommand::Import {
                    file,
                    source_lang,
                    target_lang,
                },
        } => {
            let languages = dragoman_core::memory::TmxLanguages {
                source: source_lang,
                target: target_lang,
            };
            let mut bar = out.progress("reading");
            let done = desk.tmx_import(&file, &languages, Utc::now(), &mut |read, total| {
                bar(read, total)
            })?;
            out.done(
                &format!(
                    "{} units added to the memory; {} it already held; {} without text in both languages",
                    done.added, done.already, done.skipped
                ),
                &serde_json::to_value(done).expect("counts serialise"),
            );
        }
        Command::Tm {
            command:
                TmCommand::Export {
                    file,
                    published_only,
                },
        } => {
            let count = desk.tmx_export(&file, published_only, Utc::now())?;
            out.done(
                &format!("{count} units written to {}", file.display()),
                &serde_json::json!({ "units": count, "file": file }),
            );
        }
        Command::Tm {
            command: TmCommand::Concordance { words, limit },
        } => out.concordance(&desk.concordance(&words.join(" "), limit)?),
        Command::Suggest { id, n, min, limit } => {
            let lookup = dragoman_core::memory::Lookup { min, limit };
            out.suggestions(&desk.suggest(id, n, lookup)?);
        }
        Command::Glossary { command } => glossary(&mut desk, command, &who, out)?,
        Command::Xliff {
            command: XliffCommand::Export { id, file },
        } => {
            let units = desk.xliff_export(id, &file, now)?;
            out.written(
                &file,
                units,
                &format!("{units} units of story {id} written to {}", file.display()),
            );
        }
        Command::Xliff {
            command: XliffCommand::Import { file },
        } => {
            let taken = desk.xliff_import(&file, &who(&desk)?, now)?;
            out.xliff_taken(&taken);
        }
        Command::Translate {
            id,
            n,
            text,
            file,
            draft,
        } => {
            let text = match (text, file) {
                (Some(t), _) => t,
                (None, Some(f)) => read_text(&f)?,
                (None, None) => unreachable!("clap requires TEXT or --file"),
            };
            let state = draft.then_some(SegmentState::Draft);
            let saved = desk.translate(id, expected, n, &text, state, &who(&desk)?, now)?;
            out.saved(&saved, &format!("segment {n} of story {id} saved"));
        }
        Command::Edit {
            id,
            headline,
            standfirst,
            keywords,
            related,
            no_related,
            source_name,
            source_url,
            source_language,
            source_headline,
            source_date,
            source_author,
        } => {
            let edit = StoryEdit {
                headline,
                standfirst,
                keywords: keywords.map(|k| dragoman_core::desk::parse_keywords(&k)),
                related: (no_related || !related.is_empty()).then_some(related),
                source_name,
                source_url,
                source_language,
                source_headline,
                source_date,
                source_author,
                language: None,
            };
            let saved = desk.edit(id, expected, &edit, &who(&desk)?, now)?;
            out.saved(&saved, &format!("story {id} edited"));
        }
        Command::Segment { id, op } => {
            let op = match op {
                SegmentCommand::Split { n, at } => SegmentOp::Split { no: n, at },
                SegmentCommand::Merge { n } => SegmentOp::Merge { no: n },
                SegmentCommand::Insert { n, text } => SegmentOp::Insert { no: n, text },
                SegmentCommand::ReadAlso { n, related } => SegmentOp::ReadAlso { no: n, related },
                SegmentCommand::Delete { n } => SegmentOp::Delete { no: n },
                SegmentCommand::Move { n, to } => SegmentOp::Move { no: n, to },
            };
            let saved = desk.segment(id, expected, &op, &who(&desk)?, now)?;
            out.saved(&saved, &format!("segments of story {id} changed"));
        }
        Command::Move {
            id,
            to,
            note,
            override_checks,
        } => {
            let to: Status = to.parse()?;
            let saved = match override_checks {
                Some(reason) if to == Status::Published => {
                    desk.publish_over_checks(id, expected, &reason, &who(&desk)?, now)?
                }
                Some(_) => {
                    return Err(dragoman_core::Error::InvalidInput(
                        "--override-checks applies only to publishing (--to published)".into(),
                    ))
                }
                None => desk.move_to(id, expected, to, note.as_deref(), &who(&desk)?, now)?,
            };
            out.saved(&saved, &format!("story {id} is now {to}"));
        }
        Command::Check { id } => out.findings(&desk.check_story(id)?),
        Command::Verify {
            id,
            verified,
            not_verified,
            note,
            ..
        } => {
            let v = if verified {
                Verification::Verified
            } else if not_verified {
                Verification::NotVerified
            } else {
                Verification::Unreviewed
            };
            let saved = desk.verify(id, expected, v, &note, &who(&desk)?, now)?;
            out.saved(&saved, &format!("story {id} is {v}"));
        }
        Command::Assign {
            id,
            to,
            nobody: _,
            due,
            no_due,
        } => {
            let due = match (due, no_due) {
                (Some(d), _) => Due::By(dragoman_core::parse_due(&d, chrono::Local::now())?),
                (None, true) => Due::Clear,
                (None, false) => Due::Keep,
            };
            let saved = desk.assign(id, expected, to.as_deref(), due, &who(&desk)?, now)?;
            out.saved(&saved, &output::assignment(&desk.story(id)?));
        }
        Command::Take { id } => {
            let saved = desk.take(id, expected, &who(&desk)?, now)?;
            out.saved(&saved, &output::assignment(&desk.story(id)?));
        }
        Command::Correct { id, note } => {
            let saved = desk.correct(id, expected, &note, &who(&desk)?, now)?;
            out.saved(
                &saved,
                &format!("story {id} reopened for correction (now edited)"),
            );
        }
        Command::History { id } => out.history(&desk.history(id)?),
        Command::Revisions { id } => out.revisions(&desk.revisions(id)?),
        Command::Diff { id, a, b } => out.diff(&desk.compare(id, a, b)?),
        Command::Restore { id, revision } => {
            let saved = desk.restore(id, expected, revision, &who(&desk)?, now)?;
            out.saved(
                &saved,
                &format!("revision {revision} of story {id} restored"),
            );
        }
        Command::Backup { dest } => {
            let report = desk.backup(dest.as_deref(), now)?;
            let mut text = format!(
                "backup written and checked: {} ({:.1} MB)",
                report.path.display(),
                report.bytes as f64 / 1e6
            );
            if !report.removed.is_empty() {
                text.push_str(&format!(
                    "\nremoved {} older backup(s), keeping the last {}",
                    report.removed.len(),
                    dragoman_core::backup::KEEP
                ));
            }
            out.done(
                &text,
                &serde_json::to_value(&report).expect("reports serialise"),
            );
        }
        Command::Moves { id } => {
            let actor: Actor = who(&desk)?;
            out.moves(&desk.moves(id, &actor)?);
        }
        Command::Settings {
            key,
            value,
            confirm,
        } => match (key, value) {
            (None, _) => out.settings(&desk.settings()?),
            (Some(key), None) => {
                let value = desk.setting(&key)?;
                out.done(&value, &serde_json::json!({ "key": key, "value": value }));
            }
            (Some(key), Some(value)) => {
                // Named with --as/--role, or the desk's identity, or nobody yet.
                match who(&desk) {
                    Ok(actor) => desk.set_setting_as(&key, &value, confirm, &actor)?,
                    Err(Error::IdentityRequired) if confirm => {
                        desk.set_setting_confirmed(&key, &value)?
                    }
                    Err(Error::IdentityRequired) => desk.set_setting(&key, &value)?,
                    Err(e) => return Err(e),
                }
                let value = desk.setting(&key)?;
                out.done(
                    &format!("{key} = {value}"),
                    &serde_json::json!({ "key": key, "value": value }),
                );
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}

/// A translation from a file or, for "-", standard input; core refuses what is
/// not a regular file and caps the size.
fn read_text(path: &Path) -> Result<String, Error> {
    if path == Path::new("-") {
        ingest::read_text_from(std::io::stdin().lock(), "standard input")
    } else {
        ingest::read_text_file(path)
    }
}
