// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { takeOver } from './take-over';

afterEach(() => {
  document.body.innerHTML = '';
});

/** The page as boot.ts leaves it: the copy inside #app. */
function page(): { app: HTMLElement; copy: Element } {
  document.body.innerHTML = '<div id="app"><div data-first-paint inert><div class="row">copy</div></div></div>';
  return { app: document.getElementById('app')!, copy: document.querySelector('[data-first-paint]')! };
}

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

describe('takeOver', () => {
  it('keeps the copy on screen until the app’s desk has rows, then swaps them at once', async () => {
    const { app, copy } = page();
    let live: HTMLElement | null = null;
    const done = takeOver(copy, (target) => (live = target));
    expect(live).not.toBeNull();
    expect(live!.parentElement).toBe(app);
    // Built out of sight, at the window's size.
    expect(live!.style.visibility).toBe('hidden');
    expect(live!.style.position).toBe('fixed');

    live!.innerHTML = '<div class="desk">Counting…</div>';
    await frame();
    await frame();
    expect(copy.isConnected).toBe(true);

    live!.innerHTML = '<div data-testid="story-row">live</div>';
    await done;
    expect(copy.isConnected).toBe(false);
    expect(app.children).toHaveLength(1);
    expect(live!.style.visibility).toBe('');
    expect(live!.style.height).toBe('100%');
  });

  it('swaps for an empty desk or an error as well', async () => {
    for (const drawn of ['<div data-testid="desk-empty"></div>', '<div data-testid="error-banner"></div>']) {
      const { copy } = page();
      await takeOver(copy, (target) => (target.innerHTML = drawn));
      expect(copy.isConnected).toBe(false);
    }
  });

  it('takes the copy away if the app fails to mount, rather than leave a desk that takes no input', () => {
    const { app, copy } = page();
    expect(() =>
      takeOver(copy, () => {
        throw new Error('no app');
      }),
    ).toThrow('no app');
    expect(copy.isConnected).toBe(false);
    expect(app.children).toHaveLength(0);
  });

  it('gives up waiting after the limit, so a desk that never fills is not hidden forever', async () => {
    const { copy } = page();
    const started = performance.now();
    await takeOver(copy, () => {}, 50);
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
    expect(copy.isConnected).toBe(false);
  });
});
