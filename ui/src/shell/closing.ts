// Closing the window, or leaving a screen, with work not yet saved. The shell holds
// a close request and asks the window first (src-tauri/src/closing.rs); the window
// says at once that it is saving, saves what saves itself (a story's typing) and
// answers. If something is still unsaved (a save failed, settings changed without
// Save), the window stays open and says why; closing again soon after closes, and
// what was not saved is lost knowingly. Leaving a screen inside the window is held
// the same way (`session.guardLeave`).

import * as api from '../api';
import { session } from '../stores/session.svelte';

/** Something open that may hold work the store has not got yet. */
export interface Unsaved {
  /** Saves what saves itself; resolves when done, whether it worked or not. */
  flush(): Promise<void>;
  /** True while something has not reached the store. */
  readonly unsaved: boolean;
  /**
   * What is unsaved and what to do about it, as the middle of "Not closed: REASON,
   * or close again to discard them."
   */
  readonly reason: string;
}

export type Answer = { close: true } | { close: false; why: string };

/**
 * How long a "Not closed" stands: a second close within it discards what it named.
 * Later, the same unsaved work is asked about again.
 */
export const WARNING_MS = 30_000;

/** What is held: closing the window, or leaving a screen. */
export type Holding = 'close' | 'leave';

const WORDS: Record<Holding, [string, string]> = {
  close: ['Not closed', 'close again'],
  leave: ['Not left', 'leave again'],
};

export class CloseGuard {
  private readonly open = new Set<Unsaved>();
  private warning: { about: Unsaved; at: number } | null = null;

  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly holding: Holding = 'close',
  ) {}

  /** Holds the close (or the move) for `u` until it is saved; returns the release. */
  hold(u: Unsaved): () => void {
    this.open.add(u);
    return () => {
      this.open.delete(u);
    };
  }

  /** What to answer a close request (or a move away). */
  async answer(): Promise<Answer> {
    const open = [...this.open];
    await Promise.all(open.map((u) => u.flush().catch(() => undefined)));
    const warned = this.warning;
    this.warning = null;
    // Doing it again right after being told goes ahead; anything not named then,
    // or named too long ago, is said first.
    const told = warned !== null && this.now() - warned.at <= WARNING_MS ? warned.about : null;
    const about = open.find((u) => u.unsaved && u !== told);
    if (about === undefined) return { close: true };
    this.warning = { about, at: this.now() };
    const [lead, again] = WORDS[this.holding];
    return { close: false, why: `${lead}: ${about.reason}, or ${again} to discard them.` };
  }
}

export const closeGuard = new CloseGuard();

/** Answers every close request the shell sends; returns the stop. */
export async function watchClose(guard: CloseGuard = closeGuard): Promise<() => void> {
  return api.onCloseRequested(() => {
    void (async () => {
      try {
        // Heard: the shell gives a window that is saving longer than a silent one.
        await api.answerClose('saving');
        const answer = await guard.answer();
        if (!answer.close) session.notify(answer.why, 'error', 10_000);
        await api.answerClose(answer.close ? 'close' : 'stay');
      } catch (e) {
        session.notify(api.toDeskError(e).message, 'error');
      }
    })();
  });
}

/**
 * Holds leaving the screen that holds `u`: the route changes only once it is saved,
 * or when leaving again soon after being told why not. Returns the release.
 */
export function holdLeave(u: Unsaved): () => void {
  const guard = new CloseGuard(undefined, 'leave');
  guard.hold(u);
  return session.guardLeave(async () => {
    const answer = await guard.answer();
    if (!answer.close) session.notify(answer.why, 'error', 10_000);
    return answer.close;
  });
}
