//! How results and errors look: human text by default, JSON with `--json`.

use std::path::Path;

use dragoman_core::checks::{Finding, Severity};
use dragoman_core::compare::DiffPart;
use dragoman_core::export::Exported;
use dragoman_core::glossary::{Term, TermStatus};
use dragoman_core::memory::{ConcordanceHit, MemoryMatch, Origin, Suggestions};
use dragoman_core::search::SearchHit;
use dragoman_core::settings::SettingEntry;
use dragoman_core::text::count_of;
use dragoman_core::workflow::MoveOption;
use dragoman_core::{
    Error, HistoryEntry, ImportOutcome, Revision, Saved, SourceUpdate, Story, StorySummary,
};
use serde::Serialize;
use serde_json::json;

pub struct Out {
    pub json: bool,
}

fn print_json(value: &impl Serialize) {
    println!("{}", json_text(value));
}

/// JSON with every control character escaped: serde_json escapes C0 but writes
/// C1 controls (U+0080–U+009F, which terminals read as escape sequences) as they
/// are, so those become `\u00XX` here; the value read back is the same.
fn json_text(value: &impl Serialize) -> String {
    let text = serde_json::to_string_pretty(value).expect("results serialise");
    if !text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
        return text;
    }
    text.chars()
        .map(|c| {
            if ('\u{80}'..='\u{9f}').contains(&c) {
                format!("\\u{:04x}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A search hit's passage with its matches in **bold** markers, for a terminal.
fn snippet_text(hit: &SearchHit) -> String {
    hit.snippet
        .iter()
        .map(|p| {
            if p.hit {
                format!("**{}**", p.text)
            } else {
                p.text.clone()
            }
        })
        .collect()
}

/// A word diff as a line of text: removals in [- -], additions in {+ +}.
fn render_diff(parts: &[DiffPart]) -> String {
    parts
        .iter()
        .map(|p| match p.kind.as_str() {
            "removed" => format!("[-{}-]", p.text),
            "added" => format!("{{+{}+}}", p.text),
            _ => p.text.clone(),
        })
        .collect()
}

/// Text fit for a terminal: control characters other than line breaks and tabs
/// become their visible symbols (ESC shows as ␛), C1 controls and DEL a
/// replacement character.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            c if !unsafe_char(c) => c,
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
            _ => '\u{FFFD}',
        })
        .collect::<String>()
        .into()
}

/// Where a memory unit came from and the day it was saved.
fn origin_line(origin: &Origin) -> Vec<String> {
    let from = match (&origin.story, &origin.file) {
        (Some(story), _) => format!("story {story}"),
        (None, Some(file)) => file.clone(),
        (None, None) => "memory".to_string(),
    };
    vec![
        from,
        origin.date.get(..10).unwrap_or(&origin.date).to_string(),
    ]
}

fn error_json(e: &Error) -> serde_json::Value {
    json!({ "code": e.code(), "message": message(e) })
}

/// Core's message with the command line's own way of doing what it says: core
/// names no flag or command, so the hint is added here, from the variant.
pub fn message(e: &Error) -> String {
    let hint = match e {
        Error::StoryNotFound(_) => "`dragoman list` shows them".to_string(),
        Error::RevisionNotFound { story, .. } => format!("`dragoman revisions {story}` lists them"),
        Error::NoteRequired { .. } => "add --note \"why\"".to_string(),
        Error::ChecksFailed { .. } => {
            "`dragoman check ID` lists them; an editor may publish anyway with \
             --override-checks \"reason\""
                .to_string()
        }
        Error::OverrideReasonRequired => "--override-checks \"reason\"".to_string(),
        Error::Frozen { story } => format!("`dragoman correct {story} --note \"what changes\"`"),
        Error::IdentityRequired => {
            "--as NAME --role translator|editor|reviewer, or set them once \
             with `dragoman settings identity_name NAME` and `dragoman settings identity_role ROLE`"
                .to_string()
        }
        Error::ExportUnpublished { story, .. } => format!("`dragoman export {story} --preview`"),
        Error::PublicationUnset => "`dragoman settings publication \"Name\"`".to_string(),
        Error::PublishedUnwritten { story, .. } => format!("`dragoman export {story}`"),
        Error::InboxNotEmpty { .. } => "run it again with --confirm".to_string(),
        Error::NoDataFolder => "pass --db PATH or set DRAGOMAN_DB".to_string(),
        _ => return e.to_string(),
    };
    format!("{e} ({hint})")
}

/// A deadline in this computer's time zone, as people read one.
fn local_time(stamp: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .map(|at| {
            at.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| stamp.to_string())
}

/// Who has the story and by when, in one line.
pub fn assignment(s: &Story) -> String {
    let who = match &s.assignee {
        Some(name) => format!("story {} is assigned to {name}", s.id),
        None => format!("story {} is assigned to nobody", s.id),
    };
    match &s.due {
        Some(due) => format!("{who}, due {}", local_time(due)),
        None => format!("{who}, with no deadline"),
    }
}

fn title(s: &StorySummary) -> &str {
    if s.headline.is_empty() {
        &s.source_headline
    } else {
        &s.headline
    }
}

impl Out {
    pub fn error(&self, e: &Error) {
        if self.json {
            eprintln!("{}", error_json(e));
        } else {
            eprintln!("dragoman: {}", terminal_safe(&message(e)));
        }
    }

    pub fn done(&self, text: &str, value: &serde_json::Value) {
        if self.json {
            print_json(value);
        } else {
            println!("{text}");
        }
    }

    pub fn saved(&self, saved: &Saved, text: &str) {
        if self.json {
            print_json(saved);
        } else {
            println!("{text} (version {})", saved.version);
        }
    }

    pub fn import(&self, report: &[(&Path, Result<ImportOutcome, Error>)]) {
        if self.json {
            let rows: Vec<_> = report
                .iter()
                .map(|(file, r)| match r {
                    Ok(o) => json!({
                        "file": file,
                        "id": o.id,
                        "created": o.created,
                        "new_version": o.new_version,
                    }),
                    Err(e) => json!({ "file": file, "error": error_json(e) }),
                })
                .collect();
            print_json(&rows);
            return;
        }
        for (file, r) in report {
            match r {
                Ok(o) if o.created => println!("{}\t{}", o.id, file.display()),
                Ok(o) if o.new_version => println!(
                    "{}\t{}\t(a newer version of story {}'s article, not imported; take it into \
                     the story with `dragoman import {} --update {}`)",
                    o.id,
                    file.display(),
                    o.id,
                    terminal_safe(&file.display().to_string()),
                    o.id
                ),
                Ok(o) => println!("{}\t{}\t(already on the desk)", o.id, file.display()),
                Err(e) => eprintln!("dragoman: {}", terminal_safe(&message(e))),
            }
        }
    }

    pub fn source_update(&self, file: &Path, update: &SourceUpdate) {
        if self.json {
            return print_json(update);
        }
        let list = dragoman_core::text::segment_list;
        println!(
            "story {} takes the newer source from {} (version {})",
            update.saved.id,
            terminal_safe(&file.display().to_string()),
            update.saved.version
        );
        println!(
            "  unchanged:       {}",
            count_of(update.unchanged, "segment", "segments")
        );
        if !update.changed.is_empty() {
            println!(
                "  source changed:  {} (translation kept, marked for a look; `dragoman show {}` shows the change)",
                list(&update.changed),
                update.saved.id
            );
        }
        if !update.added.is_empty() {
            println!("  new, empty:      {}", list(&update.added));
        }
        for removed in &update.removed {
            println!(
                "  removed:         former segment {}: {}",
                removed.no,
                terminal_safe(&removed.source)
            );
            if !removed.target.is_empty() {
                println!(
                    "                   its translation was: {}",
                    terminal_safe(&removed.target)
                );
            }
        }
        if update.correction {
            println!("  the story was published: a correction is open, and the update is its note");
        }
    }

    pub fn list(&self, stories: &[StorySummary], now: chrono::DateTime<chrono::Utc>) {
        if self.json {
            let rows: Vec<_> = stories
                .iter()
                .map(|s| {
                    let mut row = serde_json::to_value(s).expect("stories serialise");
                    row["overdue"] = s.overdue(now).into();
                    row
                })
                .collect();
            return print_json(&rows);
        }
        if stories.is_empty() {
            println!("no stories; add one with `dragoman import FILE`");
        }
        for s in stories {
            let mut line = format!(
                "{:>6}  {:<10}  {:<12}  {:<14}  {:>7}  {}",
                s.id,
                s.status,
                s.verification,
                s.source_name,
                format!("{}/{}", s.progress.done, s.progress.total),
                title(s)
            );
            let mut tags = Vec::new();
            if let Some(name) = &s.assignee {
                tags.push(name.clone());
            }
            if let Some(due) = &s.due {
                tags.push(format!("due {}", local_time(due)));
            }
            if s.overdue(now) {
                tags.push("OVERDUE".to_string());
            }
            if !tags.is_empty() {
                line.push_str(&format!("  [{}]", tags.join(" · ")));
            }
            println!("{}", terminal_safe(&line));
        }
    }

    pub fn search(&self, hits: &[SearchHit]) {
        if self.json {
            return print_json(&hits);
        }
        if hits.is_empty() {
            println!("no story matches");
        }
        for h in hits {
            println!(
                "{:>6}  {:<10}  {}",
                h.story.id,
                h.story.status,
                title(&h.story)
            );
            println!("        {}", snippet_text(h));
        }
    }

    /// A progress line on stderr for a long read, redrawn in place; silent with
    /// `--json` (stderr is for errors then) or when stderr is not a terminal.
    pub fn progress(&self, what: &'static str) -> impl FnMut(u64, u64) {
        use std::io::IsTerminal;
        let shown = !self.json && std::io::stderr().is_terminal();
        move |read, total| {
            if shown && total > 0 {
                let percent = read.saturating_mul(100) / total;
                eprint!("\r{what} {percent:>3}% of {} MB", total.div_ceil(1 << 20));
                if read >= total {
                    eprintln!();
                }
            }
        }
    }

    pub fn concordance(&self, hits: &[ConcordanceHit]) {
        if self.json {
            return print_json(&hits);
        }
        if hits.is_empty() {
            println!("no unit of the memory holds these words");
        }
        for h in hits {
            println!("{}", origin_line(&h.origin).join(" · "));
            println!("       {}", terminal_safe(&h.source));
            println!("       {}", terminal_safe(&h.target));
        }
    }

    pub fn suggestions(&self, offered: &Suggestions) {
        if self.json {
            return print_json(offered);
        }
        self.matches(&offered.matches);
        for hit in &offered.terms {
            let status = match hit.status {
                TermStatus::Used => "used",
                TermStatus::Missing => "missing from the translation",
                TermStatus::Pending => "not translated yet",
                TermStatus::ForbiddenUsed => "forbidden rendering used",
                TermStatus::Avoided => "forbidden rendering avoided",
            };
            let arrow = if hit.term.forbidden { "✗" } else { "→" };
            println!(
                "term   {} {arrow} {}  ({status})",
                terminal_safe(&hit.term.source),
                terminal_safe(&hit.term.target)
            );
        }
    }

    pub fn term(&self, term: &Term) {
        if self.json {
            return print_json(term);
        }
        self.terms(std::slice::from_ref(term));
    }

    /// A file written with a count of what it holds.
    pub fn written(&self, file: &Path, count: usize, text: &str) {
        if self.json {
            print_json(&json!({"file": file.display().to_string(), "count": count}));
        } else {
            println!("{}", terminal_safe(text));
        }
    }

    pub fn xliff_taken(&self, taken: &dragoman_core::xliff::XliffTaken) {
        if self.json {
            print_json(taken);
        } else if taken.changed == 0 {
            println!(
                "story {}: the file holds nothing the story does not have already",
                taken.story
            );
        } else {
            println!(
                "story {}: {} text(s) taken from the file (version {})",
                taken.story, taken.changed, taken.version
            );
        }
    }

    pub fn findings(&self, findings: &[Finding]) {
        if self.json {
            return print_json(&findings);
        }
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        for f in findings {
            let severity = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            println!(
                "{severity}\t{}\t{}\t{}",
                f.at,
                f.check.as_str(),
                terminal_safe(&f.message)
            );
        }
        println!(
            "{}, {}{}",
            count_of(errors, "error", "errors"),
            count_of(findings.len() - errors, "warning", "warnings"),
            if errors > 0 {
                "; errors stop publishing"
            } else {
                ""
            }
        );
    }

    pub fn terms(&self, terms: &[Term]) {
        if self.json {
            return print_json(&terms);
        }
        if terms.is_empty() {
            println!("the glossary is empty");
        }
        for t in terms {
            let mut line = format!(
                "{}\t{}\t{}",
                t.id,
                terminal_safe(&t.source),
                terminal_safe(&t.target)
            );
            if t.forbidden {
                line.push_str("\tFORBIDDEN");
            }
            if !t.note.is_empty() {
                line.push_str(&format!("\t{}", terminal_safe(&t.note)));
            }
            println!("{line}");
        }
    }

    pub fn matches(&self, matches: &[MemoryMatch]) {
        if self.json {
            return print_json(&matches);
        }
        if matches.is_empty() {
            println!("no match in the memory");
        }
        for m in matches {
            let mut notes = origin_line(&m.origin);
            if m.context {
                notes.push("same context".into());
            }
            if m.published {
                notes.push("published".into());
            }
            if m.adapted {
                notes.push("numbers adapted".into());
            }
            println!("{:>4}%  {}", m.score, notes.join(" · "));
            println!("       {}", terminal_safe(&m.source));
            println!("       {}", terminal_safe(&m.suggestion));
        }
    }

    pub fn story(&self, s: &Story) {
        if self.json {
            let mut value = serde_json::to_value(s).expect("stories serialise");
            value["progress"] = serde_json::to_value(s.progress()).expect("progress serialises");
            return print_json(&value);
        }
        println!(
            "Story {} · {} · {} · version {}",
            s.id, s.status, s.verification, s.version
        );
        println!("Headline:   {}", s.headline);
        println!("Standfirst: {}", s.standfirst);
        println!("Keywords:   {}", s.keywords.join(", "));
        println!(
            "Source:     {} · {} · {} · {}",
            s.source.name, s.source.language, s.source.date, s.source.url
        );
        println!("Original:   {}", s.source.headline);
        for r in &s.related {
            println!("Related:    {} {}", r.id, r.headline);
        }
        let p = s.progress();
        println!(
            "Progress:   {}/{} segments done, {} → {} words",
            p.done, p.total, p.source_words, p.target_words
        );
        if s.assignee.is_some() || s.due.is_some() {
            println!("Assigned:   {}", assignment(s));
        }
        for seg in &s.segments {
            println!("\n[{}] {}", seg.no, seg.state);
            if let Some(r) = seg.related {
                println!("  Read Also → story {r}");
            }
            if !seg.source.is_empty() {
                println!("  < {}", seg.source);
            }
            if let Some(change) = &seg.source_change {
                println!(
                    "  ! source changed since translated: {}",
                    terminal_safe(&render_diff(change))
                );
            }
            if !seg.target.is_empty() {
                println!("  > {}", seg.target);
            }
        }
        for c in &s.corrections {
            println!("\nCorrection ({}): {}", c.opened_at, c.note);
        }
    }

    pub fn history(&self, entries: &[HistoryEntry]) {
        if self.json {
            return print_json(&entries);
        }
        for h in entries {
            let mut line = format!("{}  {} ({})  {}", h.at, h.actor, h.role, h.action);
            if let (Some(from), Some(to)) = (&h.from, &h.to) {
                line.push_str(&format!(" {from} → {to}"));
            }
            if let Some(d) = &h.detail {
                line.push_str(&format!(": {d}"));
            }
            if let Some(n) = &h.note {
                line.push_str(&format!(" — “{n}”"));
            }
            println!("{line}");
        }
    }

    pub fn revisions(&self, revisions: &[Revision]) {
        if self.json {
            return print_json(&revisions);
        }
        for r in revisions {
            let field = match r.segment_no {
                Some(no) => format!("segment {no}"),
                None if r.field == "segment" => "segment (gone)".into(),
                None => r.field.clone(),
            };
            let body: String = r.body.chars().take(60).collect();
            println!(
                "{:>4}  {}  {} ({})  {:<14}  {}",
                r.number, r.at, r.actor, r.role, field, body
            );
        }
    }

    pub fn diff(&self, parts: &[DiffPart]) {
        if self.json {
            return print_json(&parts);
        }
        println!("{}", render_diff(parts));
    }

    pub fn moves(&self, moves: &[MoveOption]) {
        if self.json {
            return print_json(&moves);
        }
        for m in moves {
            match &m.reason {
                None => println!("{} ({})", m.to, m.kind),
                Some(why) => println!("{} ({}) — not now: {why}", m.to, m.kind),
            }
        }
    }

    pub fn exported(&self, files: &[Exported]) {
        if self.json {
            return print_json(&files);
        }
        if files.is_empty() {
            println!("no published stories to export");
        }
        for f in files {
            println!("{}\t{}", f.id, f.path.display());
        }
    }

    pub fn settings(&self, entries: &[SettingEntry]) {
        if self.json {
            return print_json(&entries);
        }
        for e in entries {
            let shown = if e.value.is_empty() {
                "(not set)"
            } else {
                &e.value
            };
            println!(
                "{:<24} {}{}",
                e.key,
                shown,
                if e.default { "  [default]" } else { "" }
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_output_carries_no_control_sequences() {
        let title = "News\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m end\ttab\nline";
        let shown = terminal_safe(title);
        assert!(!shown
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'));
        assert_eq!(shown, "News␛]0;pwned␇␛[2J\u{FFFD}31m end\ttab\nline");
        assert_eq!(terminal_safe("plain عربي"), "plain عربي");
    }

    #[test]
    fn json_escapes_every_control_and_reads_back_the_same() {
        let value = json!({ "headline": "a\u{1b}[2J b\u{9b}c" });
        let text = json_text(&value);
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            value
        );
    }
}
