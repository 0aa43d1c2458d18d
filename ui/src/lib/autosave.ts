// Autosave for one open story. Every write to a story carries the version it was read
// at and returns the next one, so writes must go one at a time, each with the version
// the last one returned. Typing schedules an edit under a key (a segment, the headline…);
// a new keystroke under the same key replaces the unsent edit, and `delay` ms after the
// last keystroke everything unsent goes out. A conflict stops all writing until the
// person reloads: a stale version means someone else changed the story, and writing on
// would overwrite them.

import { toDeskError, type DeskError } from '../api';

export type SaveState = 'saved' | 'pending' | 'saving' | 'failed' | 'conflict';

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
      return 'Not saved';
  }
}

export class StoryWriter {
  version: number;
  /** The failure behind a failed or conflict state. */
  error: DeskError | null = null;
  private pending = new Map<string, Write>();
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
    if (this.pending.size > 0 || this.timer !== null) return 'pending';
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
    const batch = [...this.pending.entries()];
    this.pending.clear();
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

  /** After a reload: the story as it is now, nothing unsent, no error. */
  reset(version: number): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
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
