// Closing the window with work not yet saved. The shell holds a close request and
// asks the window first (src-tauri/src/closing.rs); the window saves what saves
// itself (a story's typing) and answers. If something is still unsaved (a save
// failed, or settings changed without Save), the window stays open once and says
// why: closing again closes, and what was not saved is lost knowingly.

import * as api from '../api';
import { session } from '../stores/session.svelte';

/** Something open that may hold work the store has not got yet. */
export interface Unsaved {
  /** Saves what saves itself; resolves when done, whether it worked or not. */
  flush(): Promise<void>;
  /** True while something has not reached the store. */
  readonly unsaved: boolean;
  /** What is unsaved and what to do about it, after "Not closed: ". */
  readonly reason: string;
}

export type Answer = { close: true } | { close: false; why: string };

export class CloseGuard {
  private readonly open = new Set<Unsaved>();
  private warned = false;

  /** Holds the window's close for `u` until it is saved; returns the release. */
  hold(u: Unsaved): () => void {
    this.open.add(u);
    return () => {
      this.open.delete(u);
    };
  }

  /** What to answer the shell's close request. */
  async answer(): Promise<Answer> {
    const open = [...this.open];
    await Promise.all(open.map((u) => u.flush().catch(() => undefined)));
    const unsaved = open.find((u) => u.unsaved);
    if (!unsaved) {
      this.warned = false;
      return { close: true };
    }
    if (this.warned) return { close: true };
    this.warned = true;
    return { close: false, why: `Not closed: ${unsaved.reason}` };
  }
}

export const closeGuard = new CloseGuard();

/** Answers every close request the shell sends; returns the stop. */
export async function watchClose(guard: CloseGuard = closeGuard): Promise<() => void> {
  return api.onCloseRequested(() => {
    void guard.answer().then(async (answer) => {
      if (!answer.close) session.notify(answer.why, 'error', 10_000);
      try {
        await api.answerClose(answer.close);
      } catch (e) {
        session.notify(api.toDeskError(e).message, 'error');
      }
    });
  });
}
