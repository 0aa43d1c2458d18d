// The one door from the UI to the desktop shell. Every backend command of the IPC
// contract (/work/desktop-contract.md, mirrored in ARCHITECTURE.md) has one typed
// function here, and nothing else in the UI imports @tauri-apps: components stay
// testable and a change of a command touches one file.
//
// The types are generated from the Rust types (ui/src/bindings.ts, written by
// src-tauri/src/bindings.rs and checked by its test), so they cannot drift from
// what the shell sends; this file only names a few of them in the UI's words.

import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { open as openDialog } from '@tauri-apps/plugin-dialog';
import { DESK_QUESTIONS, questionKey, servedAnswers, servedAnswersReadAt } from './lib/first-answers';
import type {
  Actor,
  Command,
  DeskInfo,
  DeskOverview,
  DiffPart,
  ErrorCode,
  ErrorReport,
  FileImport,
  FileReport,
  ImportOutcome,
  AidCounts,
  AidExport,
  AidImport,
  ConcordanceHit,
  InboxEvent,
  NewTerm,
  SegmentTerms,
  Suggestions,
  Finding,
  Term,
  InboxStatus,
  PublishedPage,
  Revision,
  Role,
  Saved,
  SourceUpdate,
  ImportProgress,
  SearchHit,
  SegmentOp,
  SettingEntry,
  ShellCode,
  Status,
  StoryEdit,
  StoryFilter,
  StoryPage,
  StoryView,
  Verification,
} from './bindings';

export type * from './bindings';

export { DESK_PAGE, FIRST_ANSWERS_ID, questionKey } from './lib/first-answers';

export type Direction = StoryView['direction'];
/** Who is at the keyboard. */
export type Identity = Actor;
/** A story as the editor opens it: with progress, moves and permissions. */
export type OpenStory = StoryView;
export type Published = PublishedPage;
/** An error as the inbox watcher reports it (core's `inbox::ErrorReport`). */
export type InboxError = ErrorReport;
/** What became of one file dropped into the inbox (core's `inbox::FileReport`). */
export type InboxFile = { event: 'file' } & FileReport;

export { STATUSES, VERIFICATIONS } from './lib/states';
export const ROLES: readonly Role[] = ['translator', 'editor', 'reviewer'];

/**
 * Every code a failure can carry: core's and the shell's (generated), and the
 * UI's own: `no_backend`, `ipc` and `clipboard` (the system clipboard refused).
 */
export type DeskErrorCode = ErrorCode | ShellCode | 'no_backend' | 'ipc' | 'clipboard';

/**
 * Every failure of a command, as the shell sends it: `code` is stable and is what
 * components branch on; `message` is for people. Failures that never reached a
 * command get codes of their own: `no_backend` (not running inside the app) and
 * `ipc` (the shell refused the call itself, e.g. a missing argument).
 */
export class DeskError extends Error {
  readonly code: DeskErrorCode;

  constructor(code: DeskErrorCode, message: string) {
    super(message);
    this.name = 'DeskError';
    this.code = code;
  }
}

/** Turns whatever a rejected call carries into a DeskError. */
export function toDeskError(raw: unknown): DeskError {
  if (raw instanceof DeskError) return raw;
  if (typeof raw === 'object' && raw !== null) {
    const { code, message } = raw as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && typeof message === 'string') {
      // The shell sends only codes of the generated enums (src-tauri/src/bindings.rs).
      return new DeskError(code as DeskErrorCode, message);
    }
    if (raw instanceof Error) return fromText(raw.message);
  }
  if (typeof raw === 'string') return fromText(raw);
  return new DeskError('ipc', String(raw));
}

function fromText(text: string): DeskError {
  return new DeskError('ipc', text);
}

/** True inside the app window, where the shell injects its IPC bridge. */
export function inApp(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

function noBackend(): DeskError {
  return new DeskError('no_backend', 'This page is not connected to a Dragoman store; start the app with `make run`.');
}

/** How long an answer asked for early (`askEarly`) may wait for its caller. */
export const EARLY_MS = 3000;

/** Questions sent before anything asked them, by `questionKey`. */
const early = new Map<string, { asked: number; answer: Promise<unknown> }>();

/**
 * Sends a command now, before the component that needs it exists, and hands the
 * answer to the first `call` of the same command with the same arguments. The
 * desk's first questions go out this way from main.ts while the rest of the
 * bundle runs, and main.ts builds the page once they are answered, so its first
 * frame already has the rows. An answer nobody takes within EARLY_MS is dropped,
 * so a later caller never gets one older than that.
 */
function askEarly(command: string, args?: Record<string, unknown>): Promise<void> {
  if (!inApp()) return Promise.resolve();
  const answer = invoke(command, args);
  early.set(questionKey(command, args), { asked: Date.now(), answer });
  // Settles either way: a failure is the taker's to report, and nobody may ever
  // take it, so it must not surface as unhandled.
  return answer.then(
    () => {},
    () => {},
  );
}

function takeEarly(key: string): Promise<unknown> | undefined {
  const found = early.get(key);
  if (found === undefined) return undefined;
  early.delete(key);
  return Date.now() - found.asked <= EARLY_MS ? found.answer : undefined;
}

async function call<T>(command: Command, args?: Record<string, unknown>): Promise<T> {
  // Opened in a plain browser (`npm run dev`), @tauri-apps/api would fail with a
  // TypeError that says nothing useful; say what is wrong instead.
  if (!inApp()) throw noBackend();
  try {
    const asked = takeEarly(questionKey(command, args));
    return (await (asked ?? invoke<T>(command, args))) as T;
  } catch (raw) {
    throw toDeskError(raw);
  }
}

// Commands, in the order of the contract.

export const deskInfo = () => call<DeskInfo>('desk_info');

export const listStories = (filter: StoryFilter) => call<StoryPage>('list_stories', { filter });

export const deskCounts = () => call<DeskOverview>('desk_counts');

/**
 * Asks what the desk shows first (who is acting, the counts, the first page of the
 * unfiltered list) before the page is built; see `askEarly`. The shell normally
 * answers them in the page itself, and only a question it left out goes over IPC.
 * Served answers age from when the page read them. The inbox's state is not taken
 * early: its store asks for it after it listens for the inbox's events, so no
 * event falls between the answer and the listener. Settles when every answer is
 * in, failed ones included.
 */
export async function askForTheDesk(): Promise<void> {
  if (!inApp()) return;
  const served = servedAnswers();
  await Promise.all(
    Object.values(DESK_QUESTIONS).map(([command, args]) => {
      const key = questionKey(command, args);
      if (!served.has(key)) return askEarly(command, args);
      early.set(key, { asked: servedAnswersReadAt(), answer: Promise.resolve(served.get(key)) });
      return undefined;
    }),
  );
}

export const searchStories = (query: string, filter: StoryFilter = {}) =>
  call<SearchHit[]>('search_stories', { query, filter });

export const getStory = (id: number) => call<OpenStory>('get_story', { id });

/** The translation memory's best matches and the glossary's terms for segment `no` of a story. */
export const suggest = (id: number, no: number) => call<Suggestions>('suggest', { id, no });

/** The glossary's terms in every row of a story that has any. */
export const storyTerms = (id: number) => call<SegmentTerms[]>('story_terms', { id });

/** What the checks publishing runs find in a story, headline and standfirst first. */
export const checkStory = (id: number) => call<Finding[]>('check_story', { id });

/** What the checks find in segment `no` with `text` as its translation, before it is saved. */
export const checkSegment = (id: number, no: number, text: string) =>
  call<Finding[]>('check_segment', { id, no, text });

/** Memory units holding these words, in source or translation. */
export const concordance = (words: string) => call<ConcordanceHit[]>('concordance', { words });

export const addTerm = (term: NewTerm) => call<Term>('add_term', { term });
export const listTerms = () => call<Term[]>('list_terms');
export const deleteTerm = (id: number) => call<Term>('delete_term', { id });

/** How many units the memory and terms the glossary hold. */
export const aidCounts = () => call<AidCounts>('aid_counts');

/** Each opens the shell's own file dialog; null when the person cancels. */
export const importMemory = () => call<AidImport | null>('import_memory');
export const importGlossary = () => call<AidImport | null>('import_glossary');
export const exportMemory = () => call<AidExport | null>('export_memory');
export const exportGlossary = () => call<AidExport | null>('export_glossary');

export const importFiles = (paths: string[]) => call<FileImport[]>('import_files', { paths });

export const importText = (text: string, meta: { sourceName?: string; language?: string; url?: string } = {}) =>
  call<ImportOutcome>('import_text', { text, ...meta });

export const saveTranslation = (id: number, version: number, no: number, text: string, state?: 'draft' | 'done') =>
  call<Saved>('save_translation', { id, version, no, text, state });

export const editStory = (id: number, version: number, edit: StoryEdit) =>
  call<Saved>('edit_story', { id, version, edit });

export const changeSegments = (id: number, version: number, op: SegmentOp) =>
  call<Saved>('change_segments', { id, version, op });

export const moveStory = (id: number, version: number, to: Status, note?: string) =>
  call<Saved>('move_story', { id, version, to, note });

export const setVerification = (id: number, version: number, verification: Verification, note = '') =>
  call<Saved>('set_verification', { id, version, verification, note });

/** Gives the story to `to` (nobody with null); `due` as typed in a date field, '' for none, undefined to keep it. */
export const assignStory = (id: number, version: number, to: string | null, due?: string) =>
  call<Saved>('assign_story', { id, version, to, due });

/** The names the assignment form offers: the people the desk knows. */
export const deskPeople = () => call<string[]>('desk_people');

/** The person at the keyboard takes a story nobody has. */
export const takeStory = (id: number, version: number) => call<Saved>('take_story', { id, version });

export const openCorrection = (id: number, version: number, note: string) =>
  call<Saved>('open_correction', { id, version, note });

/** Takes a chosen file (from pickSourceFiles or a drop), a newer version of the story's article, into story `id`. */
export const updateSource = (id: number, path: string) => call<SourceUpdate>('update_source', { id, path });

export const listRevisions = (id: number) => call<Revision[]>('list_revisions', { id });

export const compareRevisions = (id: number, a: number, b: number) =>
  call<DiffPart[]>('compare_revisions', { id, a, b });

export const restoreRevision = (id: number, version: number, number: number) =>
  call<Saved>('restore_revision', { id, version, number });

export const previewStory = (id: number) => call<string>('preview_story', { id });

/**
 * Publishes and writes the page. `overChecks` is an editor's reason to publish
 * although the checks found errors; the history keeps it.
 */
export const publishAndExport = (id: number, version: number, overChecks: string | null = null) =>
  call<Published>('publish_and_export', { id, version, overChecks });

export const getSettings = () => call<SettingEntry[]>('get_settings');

/**
 * Sets one setting. `confirmed` says the person agreed to use a folder that already
 * holds files as the inbox; without it core refuses that with `inbox_not_empty`.
 */
export const setSetting = (key: string, value: string, confirmed = false) =>
  call<SettingEntry[]>('set_setting', { key, value, confirmed });

export const setIdentity = (name: string, role: Role) => call<Identity>('set_identity', { name, role });

export const disclaimerPreview = (publication: string, translated: string, notVerified: string) =>
  call<string>('disclaimer_preview', { publication, translated, notVerified });

export const openExportFolder = () => call<null>('open_export_folder');

/** Events sent before the window listened are gone; this is where the inbox stands now. */
export const inboxStatus = () => call<InboxStatus>('inbox_status');

/** Answers the shell's `close-requested`: saving (at once), then close or stay. */
export const answerClose = (answer: 'saving' | 'close' | 'stay') => call<null>('answer_close', { answer });

/**
 * Turns on spell checking in the window (src-tauri/src/spelling.rs), once per
 * run; asked by the story screen rather than at start, since loading the
 * dictionaries delayed the desk.
 */
export const startSpelling = () => call<null>('start_spelling');

// Native dialogs and window events: also Tauri, so also here.

/** Asks for source files; an empty list when the person cancels. */
/**
 * The file dialog for source articles. The shell opens it, so that the files
 * chosen are the only ones (with those dropped on the window) import_files takes.
 */
export const pickSourceFiles = () => call<string[]>('pick_source_files');

export async function pickFolder(title: string, start?: string): Promise<string | null> {
  if (!inApp()) throw noBackend();
  try {
    const picked = await openDialog({ directory: true, multiple: false, title, defaultPath: start || undefined });
    return typeof picked === 'string' ? picked : null;
  } catch (raw) {
    throw toDeskError(raw);
  }
}

export type DropEvent = { kind: 'over' } | { kind: 'drop'; paths: string[] } | { kind: 'leave' };

/**
 * Files dragged onto the window. The shell's webview reports paths (the browser's
 * own drag events carry none), so intake goes through import_files.
 */
export async function onFileDrop(handler: (event: DropEvent) => void): Promise<UnlistenFn> {
  if (!inApp()) throw noBackend();
  try {
    return await getCurrentWebview().onDragDropEvent((event) => {
      const p = event.payload;
      if (p.type === 'enter' || p.type === 'over') handler({ kind: 'over' });
      else if (p.type === 'drop') handler({ kind: 'drop', paths: p.paths });
      else handler({ kind: 'leave' });
    });
  } catch (raw) {
    throw toDeskError(raw);
  }
}

/**
 * The shell holds a close request until the window answers with `answerClose`
 * (src-tauri/src/closing.rs); see shell/closing.ts.
 */
export const onCloseRequested = (handler: () => void) => onShellEvent('close-requested', handler);

/** The store was changed by another connection: the command line, the inbox, another window. */
export const onStoreChanged = (handler: () => void) => onShellEvent('store-changed', handler);

/**
 * Calls `handler` at every change of the store made elsewhere until the returned
 * function is called (which also holds if the listener is still being set up);
 * outside the app, never.
 */
export function followStore(handler: () => void): () => void {
  if (!inApp()) return () => {};
  let stop: UnlistenFn | null = null;
  let gone = false;
  onStoreChanged(handler).then(
    (unlisten) => (gone ? unlisten() : (stop = unlisten)),
    () => undefined,
  );
  return () => {
    gone = true;
    stop?.();
  };
}

/** How far a memory import in Settings has read its file. */
export const onMemoryImport = (handler: (progress: ImportProgress) => void) =>
  onShellEvent<ImportProgress>('memory-import', handler);

/** The inbox watcher's events (issue 5); see stores/inbox.svelte.ts. */
export const onInbox = (handler: (event: InboxEvent) => void) => onShellEvent<InboxEvent>('inbox', handler);

/** Listens to one of the shell's events, its payload to `handler`; failures as `DeskError`. */
async function onShellEvent<T = void>(name: string, handler: (payload: T) => void): Promise<UnlistenFn> {
  if (!inApp()) throw noBackend();
  try {
    return await listen<T>(name, (event) => handler(event.payload));
  } catch (raw) {
    throw toDeskError(raw);
  }
}
