import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeskError } from '../api';
import { saveLabel, StoryWriter, type SaveState } from './autosave';

/** A fake store: records each write with the version it carried. */
function store(startVersion: number) {
  let version = startVersion;
  const writes: { key: string; text: string; carried: number }[] = [];
  let refuse: DeskError | null = null;
  const write = (key: string, text: string) => async (carried: number) => {
    if (refuse) throw { code: refuse.code, message: refuse.message };
    if (carried !== version) throw { code: 'conflict', message: `had ${carried}, is ${version}` };
    writes.push({ key, text, carried });
    version++;
    return { version };
  };
  return {
    writes,
    write,
    bumpElsewhere: () => version++,
    refuse: (e: DeskError | null) => (refuse = e),
    get version() {
      return version;
    },
  };
}

describe('StoryWriter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves 600 ms after the last keystroke, once per key, carrying each new version', async () => {
    const s = store(5);
    const states: SaveState[] = [];
    const w = new StoryWriter(5, (x) => states.push(x.state), 600);
    w.edit('seg:1', s.write('seg:1', 'H'));
    await vi.advanceTimersByTimeAsync(300);
    w.edit('seg:1', s.write('seg:1', 'He'));
    w.edit('headline', s.write('headline', 'Title'));
    await vi.advanceTimersByTimeAsync(599);
    expect(s.writes).toEqual([]);
    expect(w.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    await vi.runAllTimersAsync();
    expect(s.writes).toEqual([
      { key: 'seg:1', text: 'He', carried: 5 },
      { key: 'headline', text: 'Title', carried: 6 },
    ]);
    expect(w.version).toBe(7);
    expect(w.state).toBe('saved');
    expect(states).toContain('saving');
    // The first save lands within a second of the last keystroke.
    expect(w.delay).toBeLessThan(1000);
  });

  it('flush sends at once and run waits for unsent edits first', async () => {
    const s = store(1);
    const w = new StoryWriter(1);
    w.edit('seg:2', s.write('seg:2', 'draft'));
    const saved = await w.run(s.write('move', 'translated'));
    expect(s.writes.map((x) => x.key)).toEqual(['seg:2', 'move']);
    expect(saved.version).toBe(3);
    expect(w.state).toBe('saved');
  });

  it('stops on a conflict, keeps the unsent text and never writes over the other change', async () => {
    const s = store(1);
    const w = new StoryWriter(1);
    s.bumpElsewhere();
    w.edit('seg:1', s.write('seg:1', 'mine'));
    await vi.runAllTimersAsync();
    expect(w.state).toBe('conflict');
    expect(w.error?.code).toBe('conflict');
    expect(w.unsaved).toEqual(['seg:1']);
    w.edit('seg:2', s.write('seg:2', 'more'));
    await vi.runAllTimersAsync();
    await w.flush();
    await expect(w.run(s.write('move', 'x'))).rejects.toMatchObject({ code: 'conflict' });
    expect(s.writes).toEqual([]);
    expect(saveLabel(w.state)).toBe('Not saved');
    // Reloading takes the store's version and starts clean.
    w.reset(s.version);
    expect(w.state).toBe('saved');
    w.edit('seg:1', s.write('seg:1', 'again'));
    await vi.runAllTimersAsync();
    expect(s.writes).toEqual([{ key: 'seg:1', text: 'again', carried: 2 }]);
  });

  it('after a merge goes on from the newer version, holding a row until the person chooses', async () => {
    const s = store(1);
    const w = new StoryWriter(1);
    s.bumpElsewhere();
    w.edit('seg:1', s.write('seg:1', 'mine, other row'));
    w.edit('seg:2', s.write('seg:2', 'mine, contested'));
    await vi.runAllTimersAsync();
    expect(w.state).toBe('conflict');
    // The editor merged the story: row 2 was changed on both sides.
    w.hold('seg:2');
    w.rebase(s.version);
    await vi.runAllTimersAsync();
    expect(s.writes).toEqual([{ key: 'seg:1', text: 'mine, other row', carried: 2 }]);
    expect(w.state).toBe('held');
    expect(saveLabel(w.state)).toBe('Not saved');
    expect(w.has('seg:2')).toBe(true);
    // Keeping mine lets it go out.
    w.release('seg:2');
    await vi.runAllTimersAsync();
    expect(s.writes.at(-1)).toEqual({ key: 'seg:2', text: 'mine, contested', carried: 3 });
    expect(w.state).toBe('saved');
    // Keeping theirs forgets mine.
    w.edit('seg:3', s.write('seg:3', 'not wanted'));
    w.hold('seg:3');
    w.drop('seg:3');
    await vi.runAllTimersAsync();
    expect(s.writes.length).toBe(2);
    expect(w.state).toBe('saved');
  });

  it('shows a failure, keeps the edit and sends it with the next keystroke', async () => {
    const s = store(1);
    const w = new StoryWriter(1);
    s.refuse(new DeskError('busy', 'the store is busy'));
    w.edit('seg:1', s.write('seg:1', 'a'));
    await vi.runAllTimersAsync();
    expect(w.state).toBe('failed');
    expect(w.error?.code).toBe('busy');
    expect(w.unsaved).toEqual(['seg:1']);
    s.refuse(null);
    w.edit('seg:3', s.write('seg:3', 'c'));
    await vi.runAllTimersAsync();
    expect(s.writes.map((x) => x.key).sort()).toEqual(['seg:1', 'seg:3']);
    expect(w.state).toBe('saved');
    expect(w.error).toBeNull();
  });

  it('a refused action leaves the typed text saved, and the next action is not held back', async () => {
    const s = store(1);
    const w = new StoryWriter(1);
    w.edit('seg:1', s.write('seg:1', 'typed'));
    s.refuse(null);
    const refusedMove = async (carried: number) => {
      void carried;
      throw { code: 'publication_not_set', message: 'name the publication first' };
    };
    await expect(w.run(refusedMove)).rejects.toMatchObject({ code: 'publication_not_set' });
    // The typed text went out first and is in the store; nothing is unsaved.
    expect(s.writes).toEqual([{ key: 'seg:1', text: 'typed', carried: 1 }]);
    expect(w.state).toBe('saved');
    expect(w.error).toBeNull();
    expect(w.unsaved).toEqual([]);
    const moved = await w.run(s.write('move', 'translated'));
    expect(moved.version).toBe(3);
    // A conflict from an action is still a conflict: the story changed elsewhere.
    s.bumpElsewhere();
    await expect(w.run(s.write('move', 'edited'))).rejects.toMatchObject({ code: 'conflict' });
    expect(w.state).toBe('conflict');
  });

  it('reads "saving", never "saved", from the moment a flush hands its edits over', async () => {
    const s = store(1);
    const states: SaveState[] = [];
    const w = new StoryWriter(1, (x) => states.push(x.state));
    w.edit('seg:1', s.write('seg:1', 'a'));
    states.length = 0;
    const flushed = w.flush();
    expect(w.state).toBe('saving');
    await flushed;
    expect(states).not.toContain('pending');
    expect(states.indexOf('saved')).toBe(states.length - 1);
  });

  it('labels every state', () => {
    expect(saveLabel('saved')).toBe('Saved');
    expect(saveLabel('pending')).toBe('Saving…');
    expect(saveLabel('saving')).toBe('Saving…');
    expect(saveLabel('failed')).toBe('Not saved');
  });
});
