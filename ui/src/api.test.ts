// @vitest-environment happy-dom
// The api module against Tauri's own IPC mock: the real @tauri-apps/api invoke runs,
// only the shell on the other side of the boundary is replaced.
import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import * as api from './api';

afterEach(() => clearMocks());

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
