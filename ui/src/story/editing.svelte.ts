// One open story and everything that changes it. Components render this and call its
// methods; the rules of saving (versions, autosave, conflicts, who may act) live here
// and in the store, never in a component.

import * as api from '../api';
import { StoryWriter, type SaveState } from '../lib/autosave';
import { sentence, sourceUpdateSummary } from '../lib/format';
import { session } from '../stores/session.svelte';

export type Tab = 'translate' | 'preview' | 'history';

/** The state a segment gets when its translation is typed: done stays done. */
export function typedState(previous: api.SegmentState, text: string): api.SegmentState {
  if (!text.trim()) return 'empty';
  return previous === 'done' ? 'done' : 'draft';
}

/** Why the text cannot be changed, as core said it, or null when it can. */
export function readonlyReason(permissions: api.StoryPermissions | undefined): string | null {
  const edit = permissions?.editText;
  if (!edit || edit.allowed) return null;
  return edit.reason ? sentence(edit.reason) : 'This story cannot be changed now.';
}

/**
 * Why a move is not offered, as the workflow bar says it: nothing for a move
 * the story allows now, even if an earlier try of it was refused (the rows
 * have been translated since, say); otherwise that refusal's words, which say
 * more than the bar's short reason, or the short reason.
 */
export function moveReason(
  move: Pick<api.MoveOption, 'to' | 'allowed' | 'reason'>,
  refused: { to: api.Status; message: string } | null,
): string | null {
  if (move.allowed) return null;
  if (refused?.to === move.to) return refused.message;
  return move.reason ?? null;
}

export class StoryEditing {
  readonly id: number;
  open = $state<api.OpenStory | null>(null);
  loadError = $state<api.DeskError | null>(null);
  saveState = $state<SaveState>('saved');
  /** The last refused or failed action, for the error banner. */
  actionError = $state<api.DeskError | null>(null);
  /** The keywords line as typed, while it is not saved (the story holds the stored list). */
  typedKeywords = $state<string | null>(null);
  /** The failed save behind `actionError`, when that is what raised it. */
  private saveError: api.DeskError | null = null;
  /** A move refused on click, shown next to its button. */
  refused = $state<{ to: api.Status; message: string } | null>(null);
  published = $state<api.Published | null>(null);
  busy = $state(false);
  /**
   * Counts the times the story was read again after a save: what depends on the
   * saved text (the glossary's marks, the checks) asks again when it changes.
   */
  refreshed = $state(0);
  /** What the checks find in the story as saved; null until first read. */
  checks = $state<api.Finding[] | null>(null);
  /** A segment the checks panel asked the grid to show, by number. */
  jumpTo = $state<{ no: number; target?: string } | null>(null);
  tab = $state<Tab>('translate');
  /**
   * Rows changed elsewhere while the person had unsaved text in them: their
   * text stays in the row, held unsent, until they keep theirs or the other.
   * `editing` once they chose to edit their text with the other beside it.
   */
  conflicts = $state<Record<number, { theirs: string; editing: boolean }>>({});
  readonly writer: StoryWriter;
  /** Each text as the store last had it, by writer key: what a merge compares with. */
  private stored = new Map<string, string>();
  private syncing: Promise<void> | null = null;

  constructor(id: number) {
    this.id = id;
    this.writer = new StoryWriter(0, (w) => this.writerChanged(w));
  }

  get story(): api.Story | null {
    return this.open?.story ?? null;
  }

  get conflict(): boolean {
    return this.saveState === 'conflict';
  }

  get readonlyReason(): string | null {
    return this.open ? readonlyReason(this.open.permissions) : null;
  }

  /** Whether the text may be changed now; core decides (see `permissions`). */
  get editable(): boolean {
    return !!this.story && this.readonlyReason === null;
  }

  /** Rows done and words, as core counts them; read again after every save. */
  get progress(): api.Progress {
    return this.open?.progress ?? { done: 0, total: 0, source_words: 0, target_words: 0 };
  }

  async load(): Promise<void> {
    try {
      const open = await api.getStory(this.id);
      this.open = open;
      this.writer.reset(open.story.version);
      this.remember(open.story);
      this.conflicts = {};
      this.loadError = null;
      void this.loadChecks();
    } catch (e) {
      this.loadError = api.toDeskError(e);
    }
  }

  /** Throws away what was not saved and reads the story again. */
  async reload(): Promise<void> {
    this.actionError = null;
    this.refused = null;
    await this.load();
  }

  // Typing: debounced through the writer.

  typeTranslation(seg: api.Segment, text: string): void {
    seg.target = text;
    seg.state = typedState(seg.state, text);
    this.saveRow(seg);
  }

  /** Marks a row done (or back to draft) and saves it at once. */
  setSegmentState(seg: api.Segment, state: 'draft' | 'done'): void {
    if (!seg.target.trim()) return;
    seg.state = state;
    this.saveRow(seg);
    void this.writer.flush();
  }

  /** Schedules the row's text as it stands, under its id, written to its number now. */
  private saveRow(seg: api.Segment): void {
    const key = `seg:${seg.id}`;
    const { id, no, target } = seg;
    const state = seg.state === 'done' ? 'done' : 'draft';
    this.writer.edit(key, async (v) => {
      const saved = await api.saveTranslation(this.id, v, no, target, state);
      this.stored.set(key, target);
      // The person's text is in: a row they were editing beside the other text is settled.
      if (this.conflicts[id]?.editing) delete this.conflicts[id];
      return saved;
    });
    if (this.conflicts[id] && !this.conflicts[id].editing) this.writer.hold(key);
  }

  /** Notes each text as the store has it. */
  private remember(story: api.Story): void {
    this.stored.clear();
    for (const seg of story.segments) this.stored.set(`seg:${seg.id}`, seg.target);
    this.stored.set('headline', story.headline);
    this.stored.set('standfirst', story.standfirst);
  }

  /**
   * The story was changed elsewhere (the command line, the inbox, another
   * window) or a save found a newer version: reads it and merges it in. A row
   * the person has not touched takes the new text; a row with their unsaved
   * text keeps it, and if the other side changed that row too, both texts are
   * shown and theirs is held until they choose. Nothing typed is thrown away.
   */
  syncExternal(): Promise<void> {
    this.syncing ??= this.sync().finally(() => (this.syncing = null));
    return this.syncing;
  }

  private async sync(): Promise<void> {
    if (!this.open) return;
    await this.writer.settled();
    let fresh: api.OpenStory;
    try {
      fresh = await api.getStory(this.id);
    } catch {
      return; // The next change or save tries again.
    }
    if (!this.open) return;
    if (fresh.story.version === this.writer.version && this.writer.state !== 'conflict') return;
    this.merge(fresh);
  }

  private merge(fresh: api.OpenStory): void {
    const open = this.open!;
    const mine = new Map(open.story.segments.map((s) => [s.id, s]));
    const conflicts: Record<number, { theirs: string; editing: boolean }> = {};
    const segments = fresh.story.segments.map((theirs) => {
      const key = `seg:${theirs.id}`;
      const local = mine.get(theirs.id);
      const before = this.stored.get(key);
      this.stored.set(key, theirs.target);
      if (!local || !this.writer.has(key)) return theirs;
      if (local.target === theirs.target) {
        this.writer.drop(key);
        return theirs;
      }
      const kept = { ...theirs, target: local.target, state: local.state };
      if (before !== undefined && before !== theirs.target) {
        conflicts[theirs.id] = { theirs: theirs.target, editing: false };
      }
      return kept;
    });
    for (const [id, local] of mine) {
      if (!segments.some((s) => s.id === id) && this.writer.has(`seg:${id}`)) {
        this.writer.drop(`seg:${id}`);
        session.notify(`A row you were typing in was removed elsewhere. Your text: ${local.target}`, 'error', 30000);
      }
    }
    const story = { ...fresh.story, segments };
    for (const field of ['headline', 'standfirst'] as const) {
      const before = this.stored.get(field);
      this.stored.set(field, fresh.story[field]);
      if (this.writer.has(field)) {
        story[field] = open.story[field];
        if (before !== fresh.story[field]) {
          session.notify(`The ${field} was changed elsewhere too; yours is kept, and theirs is in the history.`, 'info');
        }
      }
    }
    this.open = { ...fresh, story };
    this.conflicts = conflicts;
    // Every unsent row is written again to its number now (rows may have moved),
    // and held where the person must choose first.
    for (const seg of segments) if (this.writer.has(`seg:${seg.id}`)) this.saveRow(seg);
    this.writer.rebase(fresh.story.version);
    this.refreshed++;
    void this.loadChecks();
  }

  /** Settles a row changed on both sides with the person's text, saved now. */
  keepMine(seg: api.Segment): void {
    delete this.conflicts[seg.id];
    this.writer.release(`seg:${seg.id}`);
    void this.writer.flush();
  }

  /** Settles a row changed on both sides with the other text, already in the store. */
  keepTheirs(seg: api.Segment): void {
    const theirs = this.conflicts[seg.id]?.theirs;
    if (theirs === undefined) return;
    this.writer.drop(`seg:${seg.id}`);
    seg.target = theirs;
    delete this.conflicts[seg.id];
  }

  /** Lets the person rework their text with the other beside it; saved as they type. */
  editConflict(seg: api.Segment): void {
    const c = this.conflicts[seg.id];
    if (!c) return;
    c.editing = true;
    this.writer.release(`seg:${seg.id}`);
  }

  editField(field: 'headline' | 'standfirst', value: string): void {
    if (!this.story) return;
    this.story[field] = value;
    this.writer.edit(field, async (v) => {
      const saved = await api.editStory(this.id, v, { [field]: value });
      this.stored.set(field, value);
      return saved;
    });
  }

  /** Keywords go to core as typed; core splits and folds them (one rule). */
  editKeywords(text: string): void {
    this.typedKeywords = text;
    this.writer.edit('keywords', (v) => api.editStory(this.id, v, { keywords: [text] }));
  }

  /**
   * The person is now someone else: the moves they may make change. A full
   * reload would drop text that could not be saved (a failed save, a conflict),
   * so then only the moves are read again and the text stays for the person to
   * save or copy.
   */
  async identityChanged(): Promise<void> {
    await this.flush();
    if (this.writer.state === 'saved') {
      await this.reload();
      return;
    }
    try {
      const fresh = await api.getStory(this.id);
      if (this.open) {
        this.open.moves = fresh.moves;
        this.open.permissions = fresh.permissions;
      }
    } catch {
      // The moves stay as they were; the next action is checked by the store anyway.
    }
  }

  editSource(fields: api.StoryEdit): Promise<boolean> {
    return this.act((v) => api.editStory(this.id, v, fields));
  }

  setRelated(ids: number[]): Promise<boolean> {
    return this.act((v) => api.editStory(this.id, v, { related: ids }));
  }

  /** Saves everything typed so far, now. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  // Actions that change the story's shape or state: saved at once, then reloaded.

  segmentOp(op: api.SegmentOp): Promise<boolean> {
    return this.act((v) => api.changeSegments(this.id, v, op));
  }

  async move(to: api.Status, note?: string): Promise<boolean> {
    this.refused = null;
    const ok = await this.act((v) => api.moveStory(this.id, v, to, note));
    if (!ok && this.actionError) this.refused = { to, message: this.actionError.message };
    return ok;
  }

  verify(verification: api.Verification, note = ''): Promise<boolean> {
    return this.act((v) => api.setVerification(this.id, v, verification, note));
  }

  /** Gives the story to `to` (nobody with null); `due` as the date field has it, '' for none, undefined to keep it. */
  assign(to: string | null, due?: string): Promise<boolean> {
    return this.act((v) => api.assignStory(this.id, v, to, due));
  }

  /** The person at the keyboard takes the story. */
  take(): Promise<boolean> {
    return this.act((v) => api.takeStory(this.id, v));
  }

  correct(note: string): Promise<boolean> {
    return this.act((v) => api.openCorrection(this.id, v, note));
  }

  /**
   * Asks for the file of a newer version of the story's article and takes it
   * in; says what changed. False when nothing was taken.
   */
  async updateSourceFromFile(): Promise<boolean> {
    let paths: string[];
    try {
      paths = await api.pickSourceFiles();
    } catch (e) {
      this.handleError(api.toDeskError(e));
      return false;
    }
    if (paths.length === 0) return false;
    if (paths.length > 1) {
      session.notify('Choose one file: the newer version of this story’s article.', 'error');
      return false;
    }
    return this.updateSource(paths[0]!);
  }

  /** Takes `path` (a file the shell granted) as the newer version of the article. */
  async updateSource(path: string): Promise<boolean> {
    let summary = '';
    const ok = await this.act(async () => {
      const update = await api.updateSource(this.id, path);
      summary = sourceUpdateSummary(update);
      return update.saved;
    });
    if (ok) session.notify(summary, 'success');
    return ok;
  }

  restore(number: number): Promise<boolean> {
    return this.act((v) => api.restoreRevision(this.id, v, number));
  }

  /** Reads the checks' findings again; a failure leaves the last ones shown. */
  async loadChecks(): Promise<void> {
    try {
      this.checks = await api.checkStory(this.id);
    } catch {
      // Publishing runs the checks itself and says what stops it.
    }
  }

  /** Publishes and exports; `overChecks` is an editor's reason to go over the checks' errors. */
  async publish(overChecks: string | null = null): Promise<boolean> {
    let result: api.Published | null = null;
    this.refused = null;
    this.published = null;
    const ok = await this.act(async (v) => {
      const published = await api.publishAndExport(this.id, v, overChecks);
      result = published;
      return published.saved;
    });
    if (ok) this.published = result;
    else if (this.actionError?.code === 'published_not_written') {
      // Published, but the page could not be written: the screen shows the story
      // as it now is (and its version), with the error saying how to write it.
      await this.load();
    } else if (this.actionError) this.refused = { to: 'published', message: this.actionError.message };
    return ok;
  }

  dismissError(): void {
    this.actionError = null;
  }

  /**
   * Runs a write through the writer (after what was typed), then reads the story
   * again so numbering, moves and history are the store's. False when refused.
   */
  private async act(write: (version: number) => Promise<api.Saved>): Promise<boolean> {
    this.busy = true;
    this.actionError = null;
    try {
      await this.writer.run(write);
      await this.load();
      session.deskChanged();
      return true;
    } catch (e) {
      const error = api.toDeskError(e);
      this.handleError(error);
      if (error.code === 'conflict') {
        this.actionError = new api.DeskError(
          'conflict',
          'The story was changed elsewhere meanwhile and now shows that version; do it again if it still applies.',
        );
      }
      return false;
    } finally {
      this.busy = false;
    }
  }

  private handleError(error: api.DeskError): void {
    if (error.code === 'identity_required') {
      session.askIdentity('Say who you are acting as before changing a story: the history records it.');
    }
    // A conflict has its own banner, which offers the reload.
    if (error.code !== 'conflict') this.actionError = error;
  }

  private writerChanged(w: StoryWriter): void {
    const before = this.saveState;
    this.saveState = w.state;
    // A save found a newer version: merge it, and the held-back edits go on.
    if (w.state === 'conflict' && before !== 'conflict') void this.syncExternal();
    if (w.state === 'failed' && w.error && before !== 'failed') {
      this.handleError(w.error);
      this.saveError = this.actionError;
    }
    // The banner a failed save raised goes once the text is saved after all; one
    // raised by a refused action stays until the person acts again.
    if (w.state === 'saved') this.typedKeywords = null;
    if (w.state === 'saved' && this.saveError) {
      if (this.actionError === this.saveError) this.actionError = null;
      this.saveError = null;
    }
    // The workflow moves may have changed (a row done, a headline added): they
    // are read again at once, without touching the text being edited, so a click
    // right after the last row is saved finds "Mark translated" already allowed.
    if (w.state === 'saved' && before !== 'saved') void this.refreshMeta();
  }

  private async refreshMeta(): Promise<void> {
    if (!this.open || this.writer.state !== 'saved') return;
    const asked = this.writer.version;
    try {
      const fresh = await api.getStory(this.id);
      if (!this.open || this.writer.state !== 'saved' || this.writer.version !== asked) return;
      this.open.moves = fresh.moves;
      this.open.permissions = fresh.permissions;
      this.open.progress = fresh.progress;
      this.open.story.history = fresh.story.history;
      this.open.story.credits = fresh.story.credits;
      this.open.story.keywords = fresh.story.keywords;
      this.open.story.updated_at = fresh.story.updated_at;
      // A source change is taken in by saving the row again: its marker goes
      // then, while the text on screen stays as typed.
      const changes = new Map(fresh.story.segments.map((s) => [s.id, s.source_change]));
      for (const seg of this.open.story.segments) {
        if (changes.has(seg.id)) seg.source_change = changes.get(seg.id);
      }
      this.refreshed++;
      void this.loadChecks();
      // A newer version that is not ours: someone else wrote. Merge it before
      // the next keystroke runs into a conflict.
      if (fresh.story.version !== asked) void this.syncExternal();
    } catch {
      // The next save or action reports a lasting failure; a missed refresh is not one.
    }
  }

  /** Leaving the story: send what was typed; settles when it has gone (or failed). */
  dispose(): Promise<void> {
    return this.writer.flush();
  }
}
