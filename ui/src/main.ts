import { mount } from 'svelte';
import App from './App.svelte';
import { askForTheDesk } from './api';
import { FIRST_PAINT } from './first/first-desk';

/**
 * How long the window waits for the desk's first answers before it builds the
 * page without them.
 */
const FIRST_ANSWERS_MS = 250;

/** How long a drawn copy of the desk (boot.ts) may wait for the app's own. */
const TAKE_OVER_MS = 2000;

// The window opens on the desk, so its questions go to the store first; the
// shell has usually answered them in the page already.
const firstAnswers = askForTheDesk();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
const copy = target.querySelector(`[${FIRST_PAINT}]`);

// The page is built once the answers are in, so its first frame shows the rows.
// Built at once, the page drew an empty desk first: WebKit answers the store's
// replies only between frames, and the rows waited a whole frame (about 50 ms at
// start) for the next one. A slow store does not keep the window blank: after
// FIRST_ANSWERS_MS the page is built anyway and fills in as answers arrive.
const waited = new Promise((resolve) => setTimeout(resolve, FIRST_ANSWERS_MS));
void Promise.race([firstAnswers, waited]).then(() => (copy ? takeOver(copy) : mount(App, { target })));

/**
 * Builds the app out of sight over the copy boot.ts drew, and swaps them in one
 * step once the app's desk has its rows, so the window never shows a desk
 * emptier than the one already on screen. The app is laid out at the window's
 * size while hidden, so the list measures its real height.
 */
function takeOver(copy: Element): void {
  const live = document.createElement('div');
  live.style.cssText = 'position: fixed; inset: 0; visibility: hidden; pointer-events: none';
  copy.after(live);
  mount(App, { target: live });
  const started = performance.now();
  const ready = () =>
    live.querySelector('[data-testid="story-row"], [data-testid="desk-empty"], [data-testid="error-banner"]') !== null;
  const check = () => {
    if (!ready() && performance.now() - started < TAKE_OVER_MS) {
      requestAnimationFrame(check);
      return;
    }
    copy.remove();
    live.style.cssText = 'height: 100%';
  };
  check();
}
