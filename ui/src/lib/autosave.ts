// Autosave for one open story. Every write to a story carries the version it was read
// at and returns the next one, so writes must go one at a time, each with the version
// the last one returned. Typing schedules an edit under a key (a segment, the headline…);
// a new keystroke under the same key replaces the unsent edit, and `delay` ms after the
// last keystroke everything unsent goes out. A conflict stops all writing until the
// person reloads: a stale version means someone else changed the story, and writing on
// would overwrite them, until the editor merges the story as it now is (`rebase`).
// An edit whose row was changed elsewhere too is held, unsent, until the person
// chooses which text to keep (`hold`, `release`, `drop`).

import { toDeskError, type DeskError } from '../api';

export type SaveState = 'saved' | 'pending' | 'saving' | 'failed' | 'conflict' | 'held';

/** A write: gets the version to carry, returns the story's new version. */
export type Write = (version: number) => Promise<{ version: number }>;

export interface Timers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The words the save indicator shows for each state. */
export function saveLabel(state: SaveState): 'Saved' | 'Saving…' | 'Not saved' {
  switch (state) {
    case 'saved':
      return 'Saved';
    case 'pending':
    case 'saving':
      return 'Saving…';
    case 'failed':
    case 'conflict':
    case 'held':
      return 'Not saved';
  }
}

export class StoryWriter {
  version: number;
  /** The failure behind a failed or conflict state. */
  error: DeskError | null = null;
  private pending = new Map<string, Write>();
  /** Keys whose edits wait for the person to choose between two texts. */
  private held = new Set<string>();
  private timer: unknown = null;
  private inFlight = 0;
  /** Writes handed to the queue that have not started: already "saving". */
  private queued = 0;
  private failed = false;
  private conflict = false;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    version: number,
    private readonly onChange: (writer: StoryWriter) => void = () => {},
    readonly delay = 600,
    private readonly timers: Timers = realTimers,
  ) {
    this.version = version;
  }

  get state(): SaveState {
    if (this.conflict) return 'conflict';
    if (this.inFlight > 0 || this.queued > 0) return 'saving';
    if (this.failed) return 'failed';
    if (this.pending.size > this.held.size || this.timer !== null) return 'pending';
    if (this.held.size > 0) return 'held';
    return 'saved';
  }

  /** Keys with edits that have not reached the store. */
  get unsaved(): string[] {
    return [...this.pending.keys()];
  }

  /** Schedules `write` under `key`, replacing an unsent one, and restarts the delay. */
  edit(key: string, write: Write): void {
    this.pending.set(key, write);
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.conflict ? null : this.timers.setTimeout(() => void this.flush(), this.delay);
    this.onChange(this);
  }

  /** Sends everything unsent now; resolves when it and all writes before it are done. */
  flush(): Promise<void> {
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.conflict) return Promise.resolve();
    const batch = [...this.pending.entries()].filter(([key]) => !this.held.has(key));
    for (const [key] of batch) this.pending.delete(key);
    const runs = batch.map(([key, write]) => this.enqueue(key, write).catch(() => undefined));
    this.onChange(this);
    return Promise.all([this.tail.catch(() => undefined), ...runs]).then(() => undefined);
  }

  /**
   * Runs a write that must not wait for the delay (a workflow move, a split): unsent
   * edits go first so the write sees them. Rejects with the DeskError on failure;
   * only a conflict changes the save state, since nothing typed was lost.
   */
  async run(write: Write): Promise<{ version: number }> {
    await this.flush();
    if (this.conflict && this.error) throw this.error;
    return this.enqueue(null, write);
  }

  /** Whether an edit under `key` has not reached the store. */
  has(key: string): boolean {
    return this.pending.has(key);
  }

  /** Keeps the edit under `key` unsent until `release` or `drop`. */
  hold(key: string): void {
    if (this.pending.has(key)) this.held.add(key);
    this.onChange(this);
  }

  /** Lets a held edit go out with the next flush, which starts after the delay. */
  release(key: string): void {
    this.held.delete(key);
    if (this.pending.has(key)) this.edit(key, this.pending.get(key)!);
    else this.onChange(this);
  }

  /** Forgets the unsent edit under `key`: the store's text is the one kept. */
  drop(key: string): void {
    this.pending.delete(key);
    this.held.delete(key);
    this.onChange(this);
  }

  /** Settles when every write handed over so far has finished. */
  settled(): Promise<void> {
    return this.tail.then(
      () => undefined,
      () => undefined,
    );
  }

  /**
   * After the story was merged with a newer version from the store: writes go on
   * from that version, and unsent edits that are not held go out after the delay.
   */
  rebase(version: number): void {
    this.version = version;
    this.conflict = false;
    this.error = null;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.pending.size > this.held.size ? this.timers.setTimeout(() => void this.flush(), this.delay) : null;
    this.onChange(this);
  }

  /** After a reload: the story as it is now, nothing unsent, no error. */
  reset(version: number): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
    this.held.clear();
    this.version = version;
    this.failed = false;
    this.conflict = false;
    this.error = null;
    this.onChange(this);
  }

  private enqueue(key: string | null, write: Write): Promise<{ version: number }> {
    // Counted at once: between a flush handing its edits over and the first of
    // them starting, the story read "Saved" for a moment, and whatever reacts to
    // "Saved" (the moves being read again, a failed save's banner going) ran early.
    this.queued++;
    const job = this.tail
      .catch(() => undefined)
      .then(async () => {
        this.queued--;
        if (this.conflict) {
          this.keep(key, write);
          throw this.error;
        }
        this.inFlight++;
        this.onChange(this);
        try {
          const saved = await write(this.version);
          this.version = saved.version;
          this.failed = false;
          this.error = null;
          return saved;
        } catch (raw) {
          const error = toDeskError(raw);
          if (error.code === 'conflict') {
            this.error = error;
            this.conflict = true;
          } else if (key !== null) {
            this.error = error;
            this.failed = true;
          }
          // A refused action (a move before the publication is named, a restore
          // that no longer fits) leaves everything typed as saved as it was: its
          // caller says why, and the story must not read "Not saved" and hold the
          // person on the screen for text that is safe in the store.
          // An edit that did not reach the store stays unsent (unless a newer one for
          // the same key came meanwhile), so the next flush or a retry sends it.
          this.keep(key, write);
          throw error;
        } finally {
          this.inFlight--;
          this.onChange(this);
        }
      });
    this.tail = job;
    return job;
  }

  private keep(key: string | null, write: Write): void {
    if (key !== null && !this.pending.has(key)) this.pending.set(key, write);
  }
}
