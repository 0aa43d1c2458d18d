import { describe, expect, it } from 'vitest';
import { session } from './session.svelte';

describe('session.go', () => {
  it('goes at once when no screen holds the move', () => {
    session.go({ name: 'settings' });
    expect(session.route).toEqual({ name: 'settings' });
    session.go({ name: 'desk' });
    expect(session.route).toEqual({ name: 'desk' });
  });

  it('asks the screen being left, and stays when it says no', async () => {
    session.go({ name: 'story', id: 7 });
    let answer = false;
    let asked = 0;
    const release = session.guardLeave(async () => {
      asked++;
      return answer;
    });
    session.go({ name: 'desk' });
    await Promise.resolve();
    await Promise.resolve();
    expect(asked).toBe(1);
    expect(session.route).toEqual({ name: 'story', id: 7 });

    answer = true;
    session.openStory(8);
    await Promise.resolve();
    await Promise.resolve();
    expect(session.route).toEqual({ name: 'story', id: 8 });
    release();
  });

  it('does not ask to go where it already is', async () => {
    session.go({ name: 'story', id: 3 });
    let asked = 0;
    const release = session.guardLeave(async () => {
      asked++;
      return false;
    });
    session.openStory(3);
    await Promise.resolve();
    expect(asked).toBe(0);
    release();
    session.go({ name: 'desk' });
    expect(session.route).toEqual({ name: 'desk' });
  });

  it('a released hold asks nothing', () => {
    session.go({ name: 'settings' });
    const release = session.guardLeave(async () => false);
    release();
    session.go({ name: 'desk' });
    expect(session.route).toEqual({ name: 'desk' });
  });
});
