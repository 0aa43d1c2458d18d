import { describe, expect, it } from 'vitest';
import { CloseGuard, WARNING_MS, type Unsaved } from './closing';

/** An open story whose flushes succeed or fail as told, in turn. */
function story(saves: boolean[], reason = 'this story could not be saved'): Unsaved & { flushes: number } {
  let unsaved = true;
  return {
    flushes: 0,
    reason,
    get unsaved() {
      return unsaved;
    },
    async flush() {
      this.flushes++;
      unsaved = !(saves.shift() ?? true);
    },
  };
}

/** Settings changed without Save: flushing saves nothing. */
function settings(): Unsaved & { changed: boolean } {
  return {
    changed: true,
    reason: 'the settings have changes that are not saved',
    get unsaved() {
      return this.changed;
    },
    flush: () => Promise.resolve(),
  };
}

/** A clock the test moves. */
function clock() {
  let t = 1_000_000;
  return { now: () => t, pass: (ms: number) => (t += ms) };
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

  it('stays open when a save fails, then closes on the next request', async () => {
    const guard = new CloseGuard();
    guard.hold(story([false, false]));
    expect(await guard.answer()).toEqual({ close: false, why: 'Not closed: this story could not be saved, or close again to discard them.' });
    expect(await guard.answer()).toEqual({ close: true });
  });

  it('treats a flush that throws as a save that failed', async () => {
    const guard = new CloseGuard();
    guard.hold({ unsaved: true, reason: 'disk full', flush: () => Promise.reject(new Error('disk full')) });
    expect((await guard.answer()).close).toBe(false);
  });

  it('says why when something that never saves itself is unsaved', async () => {
    const guard = new CloseGuard();
    const s = settings();
    guard.hold(s);
    guard.hold(story([true]));
    expect(await guard.answer()).toEqual({
      close: false,
      why: 'Not closed: the settings have changes that are not saved, or close again to discard them.',
    });
    s.changed = false;
    expect(await guard.answer()).toEqual({ close: true });
  });

  it('asks again about the same work once the warning is old', async () => {
    const time = clock();
    const guard = new CloseGuard(time.now);
    guard.hold(story([false, false, false]));
    expect((await guard.answer()).close).toBe(false);
    time.pass(WARNING_MS + 1);
    expect((await guard.answer()).close).toBe(false);
    time.pass(1000);
    expect((await guard.answer()).close).toBe(true);
  });

  it('a warning about one thing does not let another go unsaid', async () => {
    const time = clock();
    const guard = new CloseGuard(time.now);
    const s = settings();
    guard.hold(s);
    expect(await guard.answer()).toMatchObject({ close: false });
    // The settings are saved, and a story's save fails before the next close.
    s.changed = false;
    guard.hold(story([false], 'the story could not be saved'));
    time.pass(1000);
    expect(await guard.answer()).toEqual({ close: false, why: 'Not closed: the story could not be saved, or close again to discard them.' });
  });

  it('a warning is used once: after a close that went through, the next failure is said again', async () => {
    const guard = new CloseGuard();
    guard.hold(story([false, true, false]));
    expect((await guard.answer()).close).toBe(false);
    // "Retry saving" worked, and the window closed normally…
    expect((await guard.answer()).close).toBe(true);
    // …so a later failure is a new one and is said again.
    expect((await guard.answer()).close).toBe(false);
  });

  it('words a held move inside the window as leaving', async () => {
    const guard = new CloseGuard(undefined, 'leave');
    guard.hold(story([false]));
    expect(await guard.answer()).toEqual({
      close: false,
      why: 'Not left: this story could not be saved, or leave again to discard them.',
    });
  });

  it('forgets a story once its screen has closed', async () => {
    const guard = new CloseGuard();
    const release = guard.hold(story([false]));
    release();
    expect(await guard.answer()).toEqual({ close: true });
  });
});
