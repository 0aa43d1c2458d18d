// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type * as api from '../api';
import { moveReason, readonlyReason, StoryEditing, typedState } from './editing.svelte';
import { sampleStory } from './sample-story';

afterEach(() => clearMocks());

describe('story editing rules', () => {
  it('keeps a done row done while it is corrected, and empties an emptied one', () => {
    expect(typedState('empty', 'M')).toBe('draft');
    expect(typedState('draft', 'Mamlouk')).toBe('draft');
    expect(typedState('done', 'Mamlouk met')).toBe('done');
    expect(typedState('done', '   ')).toBe('empty');
  });

  it('gives a move its reason from the story as it is now', () => {
    const refused = { to: 'translated' as const, message: '2 segment(s) with source text are not done yet' };
    // Refused a moment ago, allowed now (the rows were done since): no stale reason.
    expect(moveReason({ to: 'translated', allowed: true, reason: null }, refused)).toBeNull();
    // Still not allowed: the refusal's fuller words.
    expect(moveReason({ to: 'translated', allowed: false, reason: '2 segment(s) untranslated' }, refused)).toBe(refused.message);
    // Another move keeps its own short reason.
    expect(moveReason({ to: 'edited', allowed: false, reason: 'no headline yet' }, refused)).toBe('no headline yet');
    expect(moveReason({ to: 'edited', allowed: false, reason: null }, null)).toBeNull();
  });

  it("says why text is read-only in core's words", () => {
    const yes = { allowed: true, code: null, reason: null };
    const no = (reason: string | null): api.Allowance => ({ allowed: false, code: 'frozen', reason });
    const permissions = (editText: api.Allowance): api.StoryPermissions => ({
      editText,
      verify: yes,
      correct: yes,
      exportAgain: yes,
      updateSource: yes,
      assign: yes,
      take: yes,
      release: yes,
    });
    expect(readonlyReason(permissions(yes))).toBeNull();
    expect(readonlyReason(undefined)).toBeNull();
    expect(readonlyReason(permissions(no('this story is published and frozen')))).toMatch(/frozen/);
    expect(readonlyReason(permissions(no(null)))).toMatch(/cannot be changed/);
  });
});

describe('an open story against the shell', () => {
  it('reads the moves again as soon as a save lands, so a button is never stale', async () => {
    let version = 1;
    let done = false;
    // Resolved when the story is read again after the save.
    let reread: () => void = () => {};
    const reread_ = new Promise<void>((r) => (reread = r));
    mockIPC((cmd, args) => {
      if (cmd === 'get_story') {
        if (done) queueMicrotask(reread);
        return sampleStory({ version, state: done ? 'done' : 'draft' });
      }
      if (cmd === 'save_translation') {
        done = (args as { state?: string }).state === 'done';
        version++;
        return { id: 7, version };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const editing = new StoryEditing(7);
    await editing.load();
    expect(editing.open?.moves[0]?.allowed).toBe(false);

    // With the clock stopped, a refresh put off by a timer (as the moves once
    // were, 300 ms after a save) never happens and the wait below never ends.
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval'] });
    try {
      editing.setSegmentState(editing.story!.segments[0]!, 'done');
      await reread_;
      await vi.waitUntil(() => editing.open?.moves[0]?.allowed === true);
    } finally {
      vi.useRealTimers();
    }
    expect(editing.saveState).toBe('saved');
    expect(editing.open?.progress.done).toBe(1);
  });

  it('a refused publish says why and leaves the typed text saved', async () => {
    let version = 1;
    const saved: string[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'get_story') return sampleStory({ version, state: 'done' });
      if (cmd === 'save_translation') {
        saved.push((args as { text: string }).text);
        version++;
        return { id: 7, version };
      }
      if (cmd === 'publish_and_export') {
        throw { code: 'publication_not_set', message: 'Name the publication in Settings before publishing.' };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const editing = new StoryEditing(7);
    await editing.load();
    editing.typeTranslation(editing.story!.segments[0]!, 'Mamlouk met Shamkhani in Tehran.');
    expect(await editing.publish()).toBe(false);
    expect(saved).toEqual(['Mamlouk met Shamkhani in Tehran.']);
    expect(editing.actionError?.code).toBe('publication_not_set');
    expect(editing.refused).toEqual({ to: 'published', message: 'Name the publication in Settings before publishing.' });
    // Nothing typed is unsaved, so nothing holds the person on the screen.
    expect(editing.saveState).toBe('saved');
    expect(editing.writer.unsaved).toEqual([]);
  });

  it('the banner of a failed save goes once the text is saved after all', async () => {
    let version = 1;
    let busy = true;
    mockIPC((cmd) => {
      if (cmd === 'get_story') return sampleStory({ version, state: 'draft' });
      if (cmd === 'save_translation') {
        if (busy) throw { code: 'busy', message: 'Another program is writing to the store; try again in a moment.' };
        version++;
        return { id: 7, version };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const editing = new StoryEditing(7);
    await editing.load();
    editing.typeTranslation(editing.story!.segments[0]!, 'Mamlouk');
    await editing.flush();
    expect(editing.saveState).toBe('failed');
    expect(editing.actionError?.code).toBe('busy');
    busy = false;
    await editing.flush();
    expect(editing.saveState).toBe('saved');
    expect(editing.actionError).toBeNull();
  });

  it('a story published without its page shows as published, with the error', async () => {
    let status = 'edited';
    mockIPC((cmd) => {
      if (cmd === 'get_story') {
        const open = sampleStory({ version: status === 'published' ? 9 : 8, state: 'done' });
        open.story.status = status as typeof open.story.status;
        return open;
      }
      if (cmd === 'publish_and_export') {
        status = 'published';
        throw { code: 'published_not_written', message: 'story 7 is published, but its page could not be written (disk full)' };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const editing = new StoryEditing(7);
    await editing.load();
    expect(await editing.publish()).toBe(false);
    expect(editing.story?.status).toBe('published');
    expect(editing.writer.version).toBe(9);
    expect(editing.actionError?.code).toBe('published_not_written');
    expect(editing.refused).toBeNull();
  });

  it('a change of identity keeps text that could not be saved, and reads the moves again', async () => {
    let version = 1;
    let busy = true;
    let role = 'translator';
    mockIPC((cmd) => {
      if (cmd === 'get_story') {
        const open = sampleStory({ version, state: 'draft' });
        open.moves = open.moves.map((m) => ({ ...m, reason: `as ${role}` }));
        return open;
      }
      if (cmd === 'edit_story' || cmd === 'save_translation') {
        if (busy) throw { code: 'busy', message: 'the store is busy' };
        version++;
        return { id: 7, version };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const editing = new StoryEditing(7);
    await editing.load();
    editing.editKeywords('Syria, Iran');
    editing.typeTranslation(editing.story!.segments[0]!, 'Mamlouk met');
    await editing.flush();
    expect(editing.saveState).toBe('failed');

    role = 'editor';
    await editing.identityChanged();
    expect(editing.writer.unsaved.sort()).toEqual(['keywords', `seg:${editing.story!.segments[0]!.id}`]);
    expect(editing.typedKeywords).toBe('Syria, Iran');
    expect(editing.open?.moves[0]?.reason).toBe('as editor');

    // Once saved, a change of identity reads the whole story again.
    busy = false;
    await editing.flush();
    expect(editing.saveState).toBe('saved');
    expect(editing.typedKeywords).toBeNull();
    role = 'reviewer';
    await editing.identityChanged();
    expect(editing.open?.moves[0]?.reason).toBe('as reviewer');
  });
});
