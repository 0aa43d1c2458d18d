// Generated from the Rust types by src-tauri/src/bindings.rs; do not edit.
// DRAGOMAN_WRITE_BINDINGS=1 cargo test -p dragoman-desktop bindings writes it again.

export type Status = "draft" | "translated" | "edited" | "published";

export type Verification = "unreviewed" | "not_verified" | "verified";

export type Role = "translator" | "editor" | "reviewer";

export type SegmentState = "empty" | "draft" | "done";

export type Actor = { name: string, role: Role, };

export type Source = { 
/**
 * The outlet, e.g. "al-Watan".
 */
name: string, url: string, language: string, headline: string, 
/**
 * The original publication date as the source gave it.
 */
date: string, author: string, };

export type Credits = { translator: string, editor: string, reviewer: string, };

export type Segment = { 
/**
 * Stable identity; survives reordering.
 */
id: number, 
/**
 * 1-based position in the story.
 */
no: number, source: string, 
/**
 * The translation, in Markdown.
 */
target: string, state: SegmentState, 
/**
 * For a "Read Also" line: the story it points to.
 */
related?: number, 
/**
 * The source the translation was made from, when an updated article has
 * changed it since (`Desk::update_source`); saving the translation again
 * clears it.
 */
previous_source?: string, 
/**
 * How the source changed from `previous_source`, word by word: computed
 * here so every shell shows the same difference.
 */
source_change?: Array<DiffPart>, };

export type HistoryEntry = { at: string, actor: string, role: string, action: string, from?: string, to?: string, note?: string, detail?: string, };

export type Correction = { note: string, opened_at: string, opened_by: string, published_at: string | null, };

export type RelatedStory = { id: number, slug: string, headline: string, status: Status, };

export type Story = { id: number, slug: string, status: Status, verification: Verification, headline: string, standfirst: string, keywords: Array<string>, language: string, related: Array<RelatedStory>, source: Source, credits: Credits, created_at: string, updated_at: string, first_published_at: string | null, published_at: string | null, version: number, 
/**
 * Who the story is assigned to; nobody when `None`.
 */
assignee: string | null, 
/**
 * When it is due (RFC 3339, UTC), if it has a deadline.
 */
due: string | null, segments: Array<Segment>, corrections: Array<Correction>, history: Array<HistoryEntry>, };

export type Progress = { done: number, total: number, source_words: number, target_words: number, };

export type StorySummary = { id: number, slug: string, status: Status, verification: Verification, headline: string, source_headline: string, source_name: string, source_language: string, translator: string, updated_at: string, version: number, assignee: string | null, 
/**
 * When it is due (RFC 3339, UTC), if it has a deadline.
 */
due: string | null, 
/**
 * The deadline still stands: the story is not published yet, so a deadline
 * in the past means it is overdue.
 */
pending: boolean, progress: Progress, };

export type SearchHit = { 
/**
 * The best passage, as runs of text, matched runs marked.
 */
snippet: Array<SnippetPart>, rank: number, id: number, slug: string, status: Status, verification: Verification, headline: string, source_headline: string, source_name: string, source_language: string, translator: string, updated_at: string, version: number, assignee: string | null, 
/**
 * When it is due (RFC 3339, UTC), if it has a deadline.
 */
due: string | null, 
/**
 * The deadline still stands: the story is not published yet, so a deadline
 * in the past means it is overdue.
 */
pending: boolean, progress: Progress, };

export type SnippetPart = { text: string, 
/**
 * Sent only when true.
 */
hit?: boolean, };

export type MoveOption = { to: Status, 
/**
 * "forward" or "back".
 */
kind: "forward" | "back", allowed: boolean, 
/**
 * Why not, in words, when it is not allowed (the note a back move needs is not
 * counted: the bar asks for it).
 */
reason: string | null, code: ErrorCode | null, };

export type Revision = { number: number, at: string, actor: string, role: string, field: string, 
/**
 * The segment's current position, if the revision is of a segment that still exists.
 */
segment_no?: number, body: string, };

export type DiffPart = { 
/**
 * "same", "removed" or "added".
 */
kind: "same" | "removed" | "added", text: string, };

export type SettingEntry = { key: string, value: string, 
/**
 * True when nothing was set and this is the default.
 */
default: boolean, description: string, };

export type Saved = { id: number, version: number, };

export type DeskCounts = { total: number, by_status: { [key in string]?: number }, by_verification: { [key in string]?: number }, };

export type DayCount = { 
/**
 * YYYY-MM-DD.
 */
day: string, count: number, };

export type ImportOutcome = { id: number, 
/**
 * False when the same content was already on the desk, or when the
 * article is a newer version of story `id`.
 */
created: boolean, 
/**
 * The article has the address of story `id` and other content: a newer
 * version of it. Nothing was imported; `Desk::update_source` takes it
 * into that story when the person chooses to.
 */
new_version: boolean, };

export type SourceUpdate = { saved: Saved, 
/**
 * Segments (numbers in the updated story) whose source changed: each keeps
 * its translation, marked with the change.
 */
changed: Array<number>, 
/**
 * Segments (numbers in the updated story) the new version added, empty.
 */
added: Array<number>, 
/**
 * Paragraphs the new version no longer has, with the translation each had.
 */
removed: Array<RemovedSegment>, 
/**
 * Segments the new version left as they were.
 */
unchanged: number, 
/**
 * The story was published, and the update opened a correction.
 */
correction: boolean, };

export type RemovedSegment = { 
/**
 * Its number before the update.
 */
no: number, source: string, target: string, };

export type SegmentOp = { "kind": "split", no: number, at: number, } | { "kind": "merge", no: number, } | { "kind": "insert", no: number, text: string, } | { "kind": "read_also", no: number, related: number, } | { "kind": "delete", no: number, } | { "kind": "move", no: number, to: number, };

export type StoryEdit = { headline?: string, standfirst?: string, keywords?: Array<string>, related?: Array<number>, source_name?: string, source_url?: string, source_language?: string, source_headline?: string, source_date?: string, source_author?: string, language?: string, };

export type StoryFilter = { status?: Status, verification?: Verification, limit?: number, offset?: number, 
/**
 * Start after this story (the last row of the page before); `offset` then
 * counts from there. Only in the desk's usual order, by last change.
 */
after?: ListKey, 
/**
 * Only the stories assigned to this person.
 */
assignee?: string, 
/**
 * Only the stories assigned to nobody.
 */
unassigned?: boolean, 
/**
 * Only the stories not yet published that are due at or before this moment
 * (RFC 3339), soonest first.
 */
due_before?: string, order?: ListOrder, };

export type ListOrder = "updated" | "due";

export type ListKey = { updated_at: string, id: number, };

export type PublishedPage = { saved: Saved, 
/**
 * The page in the export folder.
 */
path: string, 
/**
 * The article body, for pasting into a CMS.
 */
fragment: string, };

export type MemoryMatch = { unit: number, 
/**
 * 0–100: word-level edit distance on folded words against the longer side.
 */
score: number, 
/**
 * The unit's source and translation as stored.
 */
source: string, target: string, 
/**
 * What to insert: the translation, with the row's numbers when `adapted`.
 */
suggestion: string, 
/**
 * The numbers of the row were put into the suggestion.
 */
adapted: boolean, 
/**
 * How the row's source differs from the unit's, word by word (removed: only
 * in the unit, added: only in the row).
 */
diff: Array<DiffPart>, origin: Origin, 
/**
 * From a published story.
 */
published: boolean, 
/**
 * An exact-context match: 100%, and the paragraphs before and after the
 * unit in its story read as those before and after the row (a story
 * translated again, paragraph for paragraph). Only `suggest` knows a row's
 * neighbours; a lookup of a bare text leaves it false.
 */
context: boolean, };

export type Suggestions = { matches: Array<MemoryMatch>, terms: Array<TermHit>, };

export type ConcordanceHit = { unit: number, source: string, target: string, origin: Origin, };

export type Term = { id: number, source: string, 
/**
 * The rendering: the agreed one, or for a forbidden term the one not to use.
 */
target: string, source_lang: string, target_lang: string, note: string, forbidden: boolean, author: string, created_at: string, };

export type NewTerm = { source: string, target: string, note: string, forbidden: boolean, source_lang: string | null, target_lang: string | null, };

export type TermStatus = "used" | "missing" | "pending" | "forbidden_used" | "avoided";

export type TermHit = { term: Term, 
/**
 * Where the term stands in the source, as `[start, end)` offsets in UTF-16
 * code units (what the window's text fields count in); `None` for a
 * forbidden rendering found in the translation alone.
 */
source_span: [number, number] | null, status: TermStatus, };

export type SegmentTerms = { 
/**
 * The segment's number (from 1).
 */
no: number, hits: Array<TermHit>, };

export type Finding = { check: CheckId, severity: Severity, where: Where, message: string, 
/**
 * The words of the source the finding is about (a number, a name), or "".
 */
source: string, 
/**
 * The words of the translation it is about, or "".
 */
target: string, };

export type CheckId = "numbers" | "spelled_number" | "number_added" | "untranslated" | "identical" | "empty_field" | "links" | "names" | "pairs" | "repeated_word" | "spacing" | "length_ratio" | "term_missing" | "term_forbidden";

export type Severity = "error" | "warning";

export type Where = { "field": string } | { "segment": number };

export type AidCounts = { units: number, terms: number, };

export type AidImport = { file: string, added: number, already: number, skipped: number, };

export type ImportProgress = { 
/**
 * Bytes read so far, of `total`.
 */
read: number, total: number, };

export type AidExport = { file: string, written: number, };

export type Origin = { story: number | null, file: string | null, 
/**
 * When the unit was last saved (RFC 3339).
 */
date: string, };

export type ErrorReport = { code: ErrorCode, message: string, };

export type FileOutcome = { "outcome": "imported", id: number, } | { "outcome": "duplicate", id: number, } | { "outcome": "new_version", id: number, } | { "outcome": "failed", error: ErrorReport, };

export type FileReport = { batch: number, 
/**
 * Its path in the inbox.
 */
file: string, 
/**
 * Its path in `imported/` or `failed/`; `None` when the move failed.
 */
moved_to: string | null, 
/**
 * Why it could not be moved; it stays in the inbox, is not imported again
 * while it is unchanged, and is moved on the next start.
 */
move_error: ErrorReport | null, } & ({ "outcome": "imported", id: number, } | { "outcome": "duplicate", id: number, } | { "outcome": "new_version", id: number, } | { "outcome": "failed", error: ErrorReport, });

export type InboxEvent = { "event": "watching", folder: string, resumed: boolean, } | { "event": "batch_started", batch: number, files: number, } | { "event": "file" } & FileReport | { "event": "batch_progress", batch: number, done: number, total: number, } | { "event": "batch_finished", batch: number, imported: number, 
/**
 * Files whose article is on the desk already, as it is or in an
 * older version.
 */
duplicates: number, failed: number, deferred: number, } | { "event": "watch_error", folder: string, error: ErrorReport, } | { "event": "desk_error", error: ErrorReport, } | { "event": "stopped" };

export type ErrorCode = "story_not_found" | "segment_not_found" | "revision_not_found" | "term_not_found" | "conflict" | "illegal_move" | "forbidden" | "untranslated_segments" | "no_source_text" | "missing_field" | "verification_undecided" | "checks_failed" | "note_required" | "four_eyes" | "already_assigned" | "frozen" | "not_published" | "invalid_input" | "identity_required" | "store_too_new" | "too_long" | "foreign_store" | "inbox_not_empty" | "no_data_folder" | "unreadable" | "not_a_file" | "too_large" | "empty_file" | "no_text" | "binary_file" | "malformed" | "invalid_utf8" | "utf16_without_bom" | "invalid_utf16" | "inbox_missing" | "inbox_not_a_folder" | "inbox_permission_denied" | "watch_failed" | "inbox_unset" | "io" | "publication_not_set" | "published_not_written" | "template" | "busy" | "database" | "migration";

export type ShellCode = "not_chosen" | "dialog" | "open_failed" | "spelling";

export type IpcError = { 
/**
 * One of core's codes or one of the shell's own.
 */
code: ErrorCode | ShellCode, message: string, };

export type DeskInfo = { dbPath: string, identity: Actor | null, version: string, 
/**
 * The newest backup beside the store, for Settings.
 */
lastBackup: BackupInfo | null, 
/**
 * Whether the person may change the desk-wide settings (editors; anyone
 * before someone has said who they are); Settings is read-only otherwise.
 */
changeSettings: Allowance, };

export type BackupInfo = { path: string, 
/**
 * When it was taken (RFC 3339, UTC).
 */
at: string | null, };

export type StoryPage = { total: number, stories: Array<StorySummary>, };

export type DeskOverview = { counts: DeskCounts, perDay: Array<DayCount>, };

export type StoryView = { story: Story, progress: Progress, 
/**
 * The moves open to the person at the keyboard; empty until they say who
 * they are, since every move depends on the role.
 */
moves: Array<MoveOption>, 
/**
 * What else the person may do, as core decides it; the window shows it.
 */
permissions: StoryPermissions, 
/**
 * The direction of the source language, "rtl" or "ltr".
 */
direction: "rtl" | "ltr", 
/**
 * The story's deadline still stands (see `Status::awaits_deadline`).
 */
pending: boolean, };

export type Allowance = { allowed: boolean, code: ErrorCode | null, reason: string | null, };

export type StoryPermissions = { editText: Allowance, verify: Allowance, correct: Allowance, exportAgain: Allowance, updateSource: Allowance, assign: Allowance, take: Allowance, release: Allowance, };

export type FileImport = { file: string, id: number, created: boolean, 
/**
 * A newer version of story `id`'s article: not imported, offered.
 */
new_version: boolean, } | { file: string, error: IpcError, };

export type InboxStatus = { 
/**
 * The folder being watched, or waited for while it cannot be.
 */
folder: string | null, 
/**
 * Why the folder cannot be watched right now; `None` while it is watched.
 */
error: ErrorReport | null, };

/** Every command the window may call (`COMMANDS` in src-tauri/src/lib.rs). */
export const COMMANDS = [
  'desk_info',
  'list_stories',
  'desk_counts',
  'search_stories',
  'get_story',
  'suggest',
  'story_terms',
  'check_story',
  'check_segment',
  'concordance',
  'add_term',
  'list_terms',
  'delete_term',
  'aid_counts',
  'import_memory',
  'import_glossary',
  'export_memory',
  'export_glossary',
  'import_files',
  'pick_source_files',
  'import_text',
  'save_translation',
  'edit_story',
  'change_segments',
  'move_story',
  'set_verification',
  'open_correction',
  'assign_story',
  'take_story',
  'desk_people',
  'update_source',
  'list_revisions',
  'compare_revisions',
  'restore_revision',
  'preview_story',
  'publish_and_export',
  'get_settings',
  'set_setting',
  'set_identity',
  'disclaimer_preview',
  'open_export_folder',
  'inbox_status',
  'answer_close',
  'start_spelling',
] as const;

export type Command = (typeof COMMANDS)[number];

/** Rows per page of the desk's list (`DESK_PAGE` in src-tauri/src/commands.rs). */
export const DESK_PAGE = 100;
