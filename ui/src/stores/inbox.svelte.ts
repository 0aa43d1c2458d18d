// The watched inbox (issue 5) as window state: the folder watched, why it cannot be
// watched (if it cannot), the batch in progress, and the stories that arrived this
// session. The shell emits core's inbox events as "inbox"; this is their one
// listener, and screens read from here rather than listening themselves.

import { SvelteSet } from 'svelte/reactivity';
import * as api from '../api';
import { session } from './session.svelte';

/**
 * While a batch is being imported the desk is refreshed at most this often: a
 * thousand files dropped at once refresh it a few times, not a thousand. The end
 * of the batch refreshes it at once.
 */
export const REFRESH_MS = 500;

/** Failures and unmoved files shown one notice each per batch; the rest are counted in one. */
export const NOTICES_PER_BATCH = 3;

const NOTICE_MS = 10_000;

/** The last part of a path, whichever separator the system uses. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

/**
 * Core's messages begin with what they are about (`PATH: reason`, `inbox FOLDER:
 * reason`); where the screen already names it, the reason alone reads better.
 */
export function reason(message: string, about: string): string {
  const prefix = `${about}: `;
  return about && message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

export class Inbox {
  /** The folder watched (or waited for); null until the shell has said. */
  folder = $state<string | null>(null);
  /** Why the folder cannot be watched now; null while it is watched. */
  error = $state<api.InboxError | null>(null);
  /** The batch being imported, when it has more than one file. */
  batch = $state<{ done: number; total: number } | null>(null);
  /** Stories that came in through the inbox this session and are not opened yet. */
  readonly arrived = new SvelteSet<number>();
  /** True once an event came, so a late status reply does not overwrite it. */
  private heard = false;
  private refresh: ReturnType<typeof setTimeout> | null = null;
  /** The batch in hand has more than one file: its duplicates are summed up at its end. */
  private many = false;
  private shown = 0;
  private unshown = 0;

  handle(event: api.InboxEvent): void {
    this.heard = true;
    switch (event.event) {
      case 'watching':
        this.watching(event.folder, event.resumed);
        break;
      case 'batch_started':
        this.many = event.files > 1;
        this.batch = this.many ? { done: 0, total: event.files } : null;
        this.shown = 0;
        this.unshown = 0;
        break;
      case 'batch_progress':
        this.batch = event.total > 1 && event.done < event.total ? { done: event.done, total: event.total } : null;
        break;
      case 'file':
        this.file(event);
        break;
      case 'batch_finished':
        this.batch = null;
        this.refreshNow();
        if (this.unshown > 0) {
          const more = this.unshown === 1 ? '1 more file' : `${this.unshown} more files`;
          session.notify(`${more} could not be imported; each is in failed/ in the inbox with its reason beside it.`, 'error', NOTICE_MS);
        }
        if (this.many && event.duplicates > 0) {
          const files = event.duplicates === 1 ? '1 file was' : `${event.duplicates} files were`;
          session.notify(`${files} already on the desk; moved to imported/ in the inbox.`, 'info');
        }
        this.many = false;
        break;
      case 'watch_error':
        if (event.folder) this.folder = event.folder;
        this.error = event.error;
        break;
      case 'desk_error':
        session.notify(
          `The inbox could not import: ${event.error.message}. The files stay in the inbox and are tried again.`,
          'error',
          NOTICE_MS,
        );
        break;
      case 'stopped':
        this.batch = null;
        break;
    }
  }

  /** The story was opened: it is no longer new. */
  seen(id: number): void {
    this.arrived.delete(id);
  }

  /** Where the inbox stands when the window starts listening (events before that are gone). */
  status(status: api.InboxStatus): void {
    if (this.heard) return;
    this.folder = status.folder;
    this.error = status.error;
  }

  private watching(folder: string, resumed: boolean): void {
    const before = this.folder;
    const wasFailing = this.error !== null;
    this.folder = folder;
    this.error = null;
    if (resumed && wasFailing) {
      session.notify(`The inbox folder is back; watching ${folder} again.`, 'success');
    } else if (!resumed && before !== null && before !== folder) {
      session.notify(`Now watching ${folder} for new source articles.`, 'success');
    }
  }

  private file(event: api.InboxFile): void {
    const name = fileName(event.file);
    switch (event.outcome) {
      case 'imported':
        this.arrived.add(event.id);
        this.refreshSoon();
        break;
      case 'duplicate':
        // A batch of duplicates is summed up at its end; a single one is said here.
        if (!this.many) session.notify(`${name} is already on the desk (story ${event.id}); moved to imported/.`, 'info');
        break;
      case 'new_version':
        session.notify(
          `${name} is a newer version of story ${event.id}’s article; it is in imported/. Open the story and use “Update from file…” to take it in.`,
          'info',
          NOTICE_MS,
        );
        break;
      case 'failed':
        this.say(`${name} could not be imported: ${reason(event.error.message, event.file)}. It is in failed/ in the inbox.`);
        break;
    }
    if (event.move_error) {
      this.say(`${name} stays in the inbox: ${event.move_error.message}`);
    }
  }

  /** A problem with one file, unless its batch has already shown enough of them. */
  private say(text: string): void {
    if (this.shown < NOTICES_PER_BATCH) {
      this.shown++;
      session.notify(text, 'error', NOTICE_MS);
    } else {
      this.unshown++;
    }
  }

  private refreshSoon(): void {
    if (this.refresh !== null) return;
    this.refresh = setTimeout(() => {
      this.refresh = null;
      session.deskChanged();
    }, REFRESH_MS);
  }

  private refreshNow(): void {
    if (this.refresh !== null) {
      clearTimeout(this.refresh);
      this.refresh = null;
    }
    session.deskChanged();
  }
}

export const inbox = new Inbox();

/**
 * Listens to the shell's inbox events, then asks where the inbox stands; the
 * listener is registered first so nothing falls between the two.
 */
export async function watchInbox(target: Inbox = inbox): Promise<() => void> {
  const stop = await api.onInbox((event) => target.handle(event));
  try {
    target.status(await api.inboxStatus());
  } catch {
    // Not fatal: the next watching or watch_error event sets the state anyway.
  }
  return stop;
}
