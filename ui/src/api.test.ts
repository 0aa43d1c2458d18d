// @vitest-environment happy-dom
// The api module against Tauri's own IPC mock: the real @tauri-apps/api invoke runs,
// only the shell on the other side of the boundary is replaced.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import * as api from './api';
import { forgetServedAnswers, servedAnswers } from './lib/first-answers';

afterEach(() => {
  forgetServedAnswers();
  clearMocks();
  vi.useRealTimers();
});

describe('commands', () => {
  it('sends the contract’s argument names (camelCase where the shell maps them)', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'import_text') return { id: 7, created: true };
      if (cmd === 'disclaimer_preview') return '<p>x</p>';
      if (cmd === 'list_stories') return { total: 0, stories: [] };
      return { id: 7, version: 3 };
    });
    expect(await api.importText('نص', { sourceName: 'al-Watan', language: 'ar' })).toEqual({ id: 7, created: true });
    await api.disclaimerPreview('The Syrian Observer', 'a {publication}', 'b {publication}');
    await api.listStories({ status: 'draft', offset: 100, limit: 50 });
    await api.saveTranslation(7, 2, 3, 'text', 'done');
    await api.changeSegments(7, 3, { kind: 'split', no: 2, at: 14 });
    expect(calls).toEqual([
      ['import_text', { text: 'نص', sourceName: 'al-Watan', language: 'ar' }],
      ['disclaimer_preview', { publication: 'The Syrian Observer', translated: 'a {publication}', notVerified: 'b {publication}' }],
      ['list_stories', { filter: { status: 'draft', offset: 100, limit: 50 } }],
      ['save_translation', { id: 7, version: 2, no: 3, text: 'text', state: 'done' }],
      ['change_segments', { id: 7, version: 3, op: { kind: 'split', no: 2, at: 14 } }],
    ]);
  });
});

describe('the desk’s first questions', () => {
  function countingShell(fail: string | null = null) {
    const asked: string[] = [];
    mockIPC((cmd) => {
      asked.push(cmd);
      if (cmd === fail) throw { code: 'locked', message: 'the store is busy; try again' };
      // Each answer to the list says which list question it answers.
      if (cmd === 'list_stories') return { total: asked.filter((c) => c === cmd).length, stories: [] };
      if (cmd === 'desk_info') return { db_path: '/tmp/d.db', identity: null, version: '1' };
      return {};
    });
    return asked;
  }

  it('asks each once, and the desk’s own calls take those answers', async () => {
    const asked = countingShell();
    await api.askForTheDesk();
    expect([...asked].sort()).toEqual(['desk_counts', 'desk_info', 'list_stories']);
    // The list asks with its filter's fields in another order: the same question.
    const page = await api.listStories({ limit: api.DESK_PAGE, offset: 0 });
    await api.deskInfo();
    await api.deskCounts();
    expect(asked).toHaveLength(3);
    expect(page.total).toBe(1);
    // An answer is handed out once: asking again goes to the store.
    const again = await api.listStories({ offset: 0, limit: api.DESK_PAGE });
    expect(asked).toHaveLength(4);
    expect(again.total).toBe(2);
  });

  it('leaves the inbox’s state to be asked when its listener is ready', async () => {
    const asked = countingShell();
    await api.askForTheDesk();
    expect(asked).not.toContain('inbox_status');
    await api.inboxStatus();
    expect(asked.filter((c) => c === 'inbox_status')).toHaveLength(1);
  });

  it('does not hand an answer to a different question', async () => {
    const asked = countingShell();
    await api.askForTheDesk();
    await api.listStories({ status: 'draft', offset: 0, limit: api.DESK_PAGE });
    expect(asked).toHaveLength(4);
  });

  it('drops an answer nobody took in time, so a later caller gets a fresh one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const asked = countingShell();
    await api.askForTheDesk();
    vi.setSystemTime(Date.now() + api.EARLY_MS + 1);
    await api.deskCounts();
    expect(asked.filter((c) => c === 'desk_counts')).toHaveLength(2);
  });

  it('settles when one fails, and the failure reaches the caller as a DeskError', async () => {
    countingShell('desk_counts');
    await expect(api.askForTheDesk()).resolves.toBeUndefined();
    const err = (await api.deskCounts().catch((e: unknown) => e)) as api.DeskError;
    expect(err).toBeInstanceOf(api.DeskError);
    expect(err.code).toBe('locked');
  });

  /** Puts a data block in the page as the shell serves it (src-tauri/src/first_answers.rs). */
  function serve(json: string) {
    forgetServedAnswers();
    const block = document.createElement('script');
    block.type = 'application/json';
    block.id = api.FIRST_ANSWERS_ID;
    block.textContent = json;
    document.head.append(block);
  }

  it('takes the answers the shell served in the page, and asks only the rest', async () => {
    const asked = countingShell();
    const page = { total: 120, stories: [{ id: 9, headline: '</script><b>x</b>' }] };
    serve(
      JSON.stringify([
        { command: 'desk_info', args: {}, answer: { dbPath: '/srv/desk.db', identity: null, version: '1' } },
        { command: 'list_stories', args: { filter: { limit: api.DESK_PAGE, offset: 0 } }, answer: page },
      ]),
    );
    await api.askForTheDesk();
    expect(asked).toEqual(['desk_counts']);
    expect(document.getElementById(api.FIRST_ANSWERS_ID)).toBeNull();
    expect(await api.listStories({ offset: 0, limit: api.DESK_PAGE })).toEqual(page);
    expect((await api.deskInfo()).dbPath).toBe('/srv/desk.db');
    await api.deskCounts();
    // The inbox's state is never served: its store asks once it listens.
    await api.inboxStatus();
    expect(asked).toEqual(['desk_counts', 'inbox_status']);
    // Served answers are handed out once, like asked ones.
    await api.deskInfo();
    expect(asked).toEqual(['desk_counts', 'inbox_status', 'desk_info']);
  });

  it('ages served answers from when the page read them', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const asked = countingShell();
    serve(JSON.stringify([{ command: 'desk_info', args: {}, answer: { dbPath: '/srv/desk.db', identity: null, version: '1' } }]));
    servedAnswers();
    vi.setSystemTime(Date.now() + api.EARLY_MS + 1);
    await api.askForTheDesk();
    await api.deskInfo();
    expect(asked.filter((c) => c === 'desk_info')).toHaveLength(1);
  });

  it('asks everything over IPC when the served block is not the shell’s', async () => {
    for (const json of ['{not json', '{"command":"desk_info"}', '[{"command":"desk_info","args":{}}]']) {
      const asked = countingShell();
      serve(json);
      await api.askForTheDesk();
      expect([...asked].sort()).toEqual(['desk_counts', 'desk_info', 'list_stories']);
      expect(document.getElementById(api.FIRST_ANSWERS_ID)).toBeNull();
      await Promise.all([api.deskInfo(), api.deskCounts(), api.listStories({ offset: 0, limit: api.DESK_PAGE })]);
    }
  });

  it('keys a question by command and arguments, whatever their order', () => {
    expect(api.questionKey('list_stories', { filter: { offset: 0, limit: 5 } })).toBe(
      api.questionKey('list_stories', { filter: { limit: 5, offset: 0 } }),
    );
    expect(api.questionKey('desk_info')).not.toBe(api.questionKey('desk_counts'));
    expect(api.questionKey('list_stories', { filter: { offset: 0 } })).not.toBe(
      api.questionKey('list_stories', { filter: { offset: 100 } }),
    );
  });
});

describe('errors', () => {
  it('turns the shell’s {code, message} into a DeskError components branch on', async () => {
    mockIPC(() => {
      throw { code: 'conflict', message: 'story 7 changed since you read it' };
    });
    const err = await api.saveTranslation(7, 1, 1, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(api.DeskError);
    expect((err as api.DeskError).code).toBe('conflict');
    expect((err as api.DeskError).message).toBe('story 7 changed since you read it');
  });

  it('gives a refusal by the shell itself (a plain string) the code ipc', async () => {
    mockIPC(() => {
      throw 'invalid args `id` for command `get_story`: missing field';
    });
    const err = (await api.getStory(1).catch((e: unknown) => e)) as api.DeskError;
    expect(err.code).toBe('ipc');
    expect(err.message).toContain('missing field');
  });

  it('says no_backend when the page runs outside the app window', async () => {
    clearMocks();
    delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
    const err = (await api.deskInfo().catch((e: unknown) => e)) as api.DeskError;
    expect(err).toBeInstanceOf(api.DeskError);
    expect(err.code).toBe('no_backend');
  });

  it('maps odd rejections without losing them', () => {
    expect(api.toDeskError(new api.DeskError('frozen', 'm')).code).toBe('frozen');
    expect(api.toDeskError({ code: 1, message: 'x' }).code).toBe('ipc');
    expect(api.toDeskError(undefined).code).toBe('ipc');
    expect(api.toDeskError(new Error('boom')).message).toBe('boom');
  });
});

describe('inbox events', () => {
  it('hands the payload of each "inbox" event to the handler', async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const seen: api.InboxEvent[] = [];
    const stop = await api.onInbox((e) => seen.push(e));
    const imported: api.InboxEvent = {
      event: 'file',
      batch: 1,
      file: '/in/a.md',
      outcome: 'imported',
      id: 4,
      moved_to: '/in/imported/a.md',
      move_error: null,
    };
    await emit('inbox', imported);
    await emit('other', { event: 'stopped' });
    stop();
    await emit('inbox', { event: 'stopped' });
    expect(seen).toEqual([imported]);
  });
});
