import { describe, expect, it } from 'vitest';
import { CloseGuard, type Unsaved } from './closing';

/** An open story whose next flush succeeds or fails as told. */
function story(saves: boolean[]): Unsaved & { flushes: number } {
  let unsaved = true;
  return {
    flushes: 0,
    reason: 'this story could not be saved.',
    get unsaved() {
      return unsaved;
    },
    async flush() {
      this.flushes++;
      unsaved = !(saves.shift() ?? true);
    },
  };
}

describe('CloseGuard', () => {
  it('closes at once with nothing open', async () => {
    expect(await new CloseGuard().answer()).toEqual({ close: true });
  });

  it('saves what is open before it lets the window close', async () => {
    const guard = new CloseGuard();
    const s = story([true]);
    guard.hold(s);
    expect(await guard.answer()).toEqual({ close: true });
    expect(s.flushes).toBe(1);
    expect(s.unsaved).toBe(false);
  });

  it('stays open once when a save fails, then closes on the second request', async () => {
    const guard = new CloseGuard();
    guard.hold(story([false, false]));
    const first = await guard.answer();
    expect(first.close).toBe(false);
    expect(first.close === false && first.why).toBe('Not closed: this story could not be saved.');
    expect(await guard.answer()).toEqual({ close: true });
  });

  it('warns again after the failed save went through later', async () => {
    const guard = new CloseGuard();
    const s = story([false, true, false]);
    guard.hold(s);
    expect((await guard.answer()).close).toBe(false);
    // "Retry saving" worked, and the window closed normally…
    expect((await guard.answer()).close).toBe(true);
    // …so a later failure is a new one and is said again.
    expect((await guard.answer()).close).toBe(false);
  });

  it('treats a flush that throws as a save that failed', async () => {
    const guard = new CloseGuard();
    guard.hold({
      unsaved: true,
      reason: 'this story could not be saved.',
      flush: () => Promise.reject(new Error('disk full')),
    });
    expect((await guard.answer()).close).toBe(false);
  });

  it('says why when something that never saves itself is unsaved', async () => {
    const guard = new CloseGuard();
    let changed = true;
    guard.hold({
      flush: () => Promise.resolve(),
      get unsaved() {
        return changed;
      },
      reason: 'the settings have changes that are not saved.',
    });
    guard.hold(story([true]));
    expect(await guard.answer()).toEqual({
      close: false,
      why: 'Not closed: the settings have changes that are not saved.',
    });
    changed = false;
    expect(await guard.answer()).toEqual({ close: true });
  });

  it('forgets a story once its screen has closed', async () => {
    const guard = new CloseGuard();
    const release = guard.hold(story([false]));
    release();
    expect(await guard.answer()).toEqual({ close: true });
  });
});
