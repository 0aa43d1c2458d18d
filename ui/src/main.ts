import { mount } from 'svelte';
import App from './App.svelte';
import { askForTheDesk } from './api';
import { installTooltips } from './lib/tooltip';

/**
 * How long the window waits for the desk's first answers before it builds the
 * page without them.
 */
const FIRST_ANSWERS_MS = 250;

// The window opens on the desk, so its questions go to the store first; the
// shell has usually answered them in the page already.
const firstAnswers = askForTheDesk();

installTooltips();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// The page is built once the answers are in, so its first frame shows the rows:
// WebKit hands the page the store's replies only between frames, so a page built
// before them draws an empty desk and the rows wait a whole frame for the next
// one. A slow store does not keep the window blank: after FIRST_ANSWERS_MS the
// page is built anyway and fills in as answers arrive.
const waited = new Promise((resolve) => setTimeout(resolve, FIRST_ANSWERS_MS));
void Promise.race([firstAnswers, waited]).then(() => mount(App, { target }));
