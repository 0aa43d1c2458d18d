// @vitest-environment happy-dom
// The inbox store against core's event shapes (crates/core/src/inbox/mod.rs,
// InboxEvent serialised with its "event" tag), as the shell forwards them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import type { ErrorReport, InboxEvent, InboxFile } from '../api';
import { Inbox, NOTICES_PER_BATCH, REFRESH_MS, fileName, reason, watchInbox } from './inbox.svelte';
import { session } from './session.svelte';

const FOLDER = '/home/rana/Dragoman/Inbox';

function file(name: string, outcome: 'imported' | 'duplicate', id: number, batch?: number): InboxFile;
function file(name: string, outcome: 'failed', message: string, batch?: number): InboxFile;
function file(name: string, outcome: InboxFile['outcome'], idOrMessage: number | string, batch = 1): InboxFile {
  const path = `${FOLDER}/${name}`;
  const common = { event: 'file' as const, batch, file: path, move_error: null };
  if (outcome === 'failed') {
    return {
      ...common,
      outcome,
      error: { code: 'binary_file', message: `${path}: ${idOrMessage}` },
      moved_to: `${FOLDER}/failed/${name}`,
    };
  }
  return { ...common, outcome, id: idOrMessage as number, moved_to: `${FOLDER}/imported/${name}` };
}

const started = (files: number, batch = 1): InboxEvent => ({ event: 'batch_started', batch, files });
const progress = (done: number, total: number, batch = 1): InboxEvent => ({ event: 'batch_progress', batch, done, total });
const finished = (counts: { imported?: number; duplicates?: number; failed?: number }, batch = 1): InboxEvent => ({
  event: 'batch_finished',
  batch,
  imported: counts.imported ?? 0,
  duplicates: counts.duplicates ?? 0,
  failed: counts.failed ?? 0,
  deferred: 0,
});
const gone: ErrorReport = {
  code: 'inbox_missing',
  message: `inbox ${FOLDER}: the folder does not exist (deleted, renamed, or its drive is not mounted); create it again or choose another inbox (setting inbox_dir). Watching resumes by itself when it is back`,
};
const missing: InboxEvent = { event: 'watch_error', folder: FOLDER, error: gone };

let inbox: Inbox;
beforeEach(() => {
  vi.useFakeTimers();
  session.notices = [];
  inbox = new Inbox();
});
afterEach(() => {
  vi.useRealTimers();
  clearMocks();
});

describe('the watched folder', () => {
  it('is known from the first watching event, without a notice', () => {
    inbox.handle({ event: 'watching', folder: FOLDER, resumed: false });
    expect(inbox.folder).toBe(FOLDER);
    expect(inbox.error).toBeNull();
    expect(session.notices).toEqual([]);
  });

  it('shows a watch error until watching resumes, then says so', () => {
    inbox.handle({ event: 'watching', folder: FOLDER, resumed: false });
    inbox.handle(missing);
    expect(inbox.error?.code).toBe('inbox_missing');
    expect(reason(inbox.error!.message, `inbox ${inbox.folder}`)).toMatch(/^the folder does not exist/);
    expect(session.notices).toEqual([]);
    inbox.handle({ event: 'watching', folder: FOLDER, resumed: true });
    expect(inbox.error).toBeNull();
    expect(session.notices).toEqual([
      expect.objectContaining({ kind: 'success', text: `The inbox folder is back; watching ${FOLDER} again.` }),
    ]);
  });

  it('a folder replaced under the same name resumes quietly', () => {
    inbox.handle({ event: 'watching', folder: FOLDER, resumed: false });
    inbox.handle({ event: 'watching', folder: FOLDER, resumed: true });
    expect(session.notices).toEqual([]);
  });

  it('a new inbox chosen in settings is confirmed', () => {
    inbox.handle({ event: 'watching', folder: FOLDER, resumed: false });
    inbox.handle({ event: 'stopped' });
    inbox.handle({ event: 'watching', folder: '/srv/wire', resumed: false });
    expect(inbox.folder).toBe('/srv/wire');
    expect(session.notices.at(-1)?.text).toBe('Now watching /srv/wire for new source articles.');
  });

  it('takes the status the shell kept, unless events have already told more', () => {
    inbox.status({ folder: FOLDER, error: gone });
    expect(inbox.folder).toBe(FOLDER);
    expect(inbox.error?.code).toBe('inbox_missing');

    const later = new Inbox();
    later.handle({ event: 'watching', folder: FOLDER, resumed: true });
    later.status({ folder: FOLDER, error: { code: 'inbox_missing', message: 'stale' } });
    expect(later.error).toBeNull();
  });
});

describe('arrivals', () => {
  it('a new story is marked new, and the desk refreshes when its batch ends', () => {
    const epoch = session.deskEpoch;
    inbox.handle(started(1));
    inbox.handle(file('02.ar.txt', 'imported', 9));
    expect(inbox.arrived.has(9)).toBe(true);
    inbox.handle(progress(1, 1));
    expect(inbox.batch).toBeNull();
    inbox.handle(finished({ imported: 1 }));
    expect(session.deskEpoch).toBe(epoch + 1);
    // The refresh scheduled by the import was folded into the batch's end.
    vi.advanceTimersByTime(REFRESH_MS * 2);
    expect(session.deskEpoch).toBe(epoch + 1);
    expect(session.notices).toEqual([]);
  });

  it('a long batch shows progress and refreshes the desk a few times, not once per file', () => {
    const epoch = session.deskEpoch;
    inbox.handle(started(1000));
    expect(inbox.batch).toEqual({ done: 0, total: 1000 });
    for (let i = 1; i <= 100; i++) {
      inbox.handle(file(`${i}.md`, 'imported', i));
      inbox.handle(progress(i, 1000));
    }
    expect(inbox.batch).toEqual({ done: 100, total: 1000 });
    expect(session.deskEpoch).toBe(epoch);
    vi.advanceTimersByTime(REFRESH_MS);
    expect(session.deskEpoch).toBe(epoch + 1);
    inbox.handle(file('101.md', 'imported', 101));
    vi.advanceTimersByTime(REFRESH_MS);
    expect(session.deskEpoch).toBe(epoch + 2);
    inbox.handle(progress(1000, 1000));
    expect(inbox.batch).toBeNull();
    inbox.handle(finished({ imported: 1000 }));
    expect(session.deskEpoch).toBe(epoch + 3);
    expect(inbox.arrived.size).toBe(101);
  });

  it('an opened story is no longer new', () => {
    inbox.handle(file('a.md', 'imported', 4));
    inbox.handle(file('b.md', 'imported', 5));
    inbox.seen(4);
    expect([...inbox.arrived]).toEqual([5]);
  });

  it('a duplicate is not new: alone it is said, in a batch it is counted', () => {
    inbox.handle(started(1));
    inbox.handle(file('copy.md', 'duplicate', 9));
    inbox.handle(finished({ duplicates: 1 }));
    expect(inbox.arrived.size).toBe(0);
    expect(session.notices.map((n) => [n.kind, n.text])).toEqual([
      ['info', 'copy.md is already on the desk (story 9); moved to imported/.'],
    ]);

    session.notices = [];
    inbox.handle(started(3, 2));
    for (const [i, name] of ['a.md', 'b.md', 'c.md'].entries()) inbox.handle(file(name, 'duplicate', i + 1, 2));
    inbox.handle(finished({ duplicates: 3 }, 2));
    expect(session.notices.map((n) => n.text)).toEqual(['3 files were already on the desk; moved to imported/ in the inbox.']);
  });
});

describe('problems', () => {
  it('a failed file shows its reason, without repeating its path', () => {
    inbox.handle(started(1));
    inbox.handle(file('photo.jpg', 'failed', 'this is a binary file, not text; save the article as text, Markdown or HTML'));
    expect(session.notices).toEqual([
      expect.objectContaining({
        kind: 'error',
        text: 'photo.jpg could not be imported: this is a binary file, not text; save the article as text, Markdown or HTML. It is in failed/ in the inbox.',
      }),
    ]);
    vi.advanceTimersByTime(10_000);
    expect(session.notices).toEqual([]);
  });

  it('many failures in one batch show a few notices and count the rest', () => {
    inbox.handle(started(10));
    for (let i = 0; i < 10; i++) inbox.handle(file(`${i}.bin`, 'failed', 'binary'));
    expect(session.notices).toHaveLength(NOTICES_PER_BATCH);
    inbox.handle(finished({ failed: 10 }));
    expect(session.notices.at(-1)?.text).toBe(
      `${10 - NOTICES_PER_BATCH} more files could not be imported; each is in failed/ in the inbox with its reason beside it.`,
    );
  });

  it('a file that could not be moved says it stays in the inbox', () => {
    inbox.handle(started(1));
    inbox.handle({
      ...file('a.md', 'imported', 3),
      moved_to: null,
      move_error: { code: 'io', message: `${FOLDER}/imported: permission denied` },
    });
    expect(inbox.arrived.has(3)).toBe(true);
    expect(session.notices.at(-1)?.text).toBe(`a.md stays in the inbox: ${FOLDER}/imported: permission denied`);
  });

  it('a store that refuses a batch is said, and a stop ends the progress', () => {
    inbox.handle(started(5));
    inbox.handle({ event: 'desk_error', error: { code: 'busy', message: 'the store is busy' } });
    expect(session.notices.at(-1)).toMatchObject({ kind: 'error' });
    expect(session.notices.at(-1)?.text).toMatch(/the store is busy\. The files stay in the inbox/);
    expect(inbox.batch).not.toBeNull();
    inbox.handle({ event: 'stopped' });
    expect(inbox.batch).toBeNull();
  });
});

describe('listening', () => {
  it('listens to "inbox" first, then applies the status the shell kept', async () => {
    mockIPC(
      (cmd) => {
        if (cmd === 'inbox_status') return { folder: FOLDER, error: null };
        return null;
      },
      { shouldMockEvents: true },
    );
    const stop = await watchInbox(inbox);
    expect(inbox.folder).toBe(FOLDER);
    await emit('inbox', missing);
    expect(inbox.error?.code).toBe('inbox_missing');
    stop();
    await emit('inbox', { event: 'watching', folder: FOLDER, resumed: true });
    expect(inbox.error?.code).toBe('inbox_missing');
  });
});

describe('names', () => {
  it('takes the file name from either kind of path', () => {
    expect(fileName('/a/b/c.md')).toBe('c.md');
    expect(fileName('C:\\in\\d.txt')).toBe('d.txt');
    expect(reason('x: y', 'z')).toBe('x: y');
  });
});
