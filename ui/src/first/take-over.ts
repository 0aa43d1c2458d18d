// The app taking the window over from the desk boot.ts drew before it loaded.

/** What shows that the app's desk is drawn: its rows, its empty desk, or why it has neither. */
export const DESK_DRAWN =
  '[data-testid="story-row"], [data-testid="desk-empty"], [data-testid="error-banner"]';

/** How long the drawn copy may wait for the app's own desk. */
export const TAKE_OVER_MS = 2000;

/**
 * Builds the app (`mountApp`) out of sight over `copy`, and swaps them in one step
 * once the app's desk is drawn, or after `limit` ms whatever it shows, so the
 * window never shows a desk emptier than the one already on screen. The app is
 * laid out at the window's size while hidden, so its list measures its real
 * height. Resolves when the copy is gone; if mounting throws, the copy is
 * removed first.
 */
export function takeOver(copy: Element, mountApp: (target: HTMLElement) => void, limit = TAKE_OVER_MS): Promise<void> {
  const live = copy.ownerDocument.createElement('div');
  live.style.cssText = 'position: fixed; inset: 0; visibility: hidden; pointer-events: none';
  copy.after(live);
  try {
    mountApp(live);
  } catch (e) {
    // A copy that takes no input must not outlive the app it stood in for.
    live.remove();
    copy.remove();
    throw e;
  }
  const started = performance.now();
  return new Promise((resolve) => {
    const check = () => {
      if (live.querySelector(DESK_DRAWN) === null && performance.now() - started < limit) {
        requestAnimationFrame(check);
        return;
      }
      copy.remove();
      live.style.cssText = 'height: 100%';
      resolve();
    };
    check();
  });
}
