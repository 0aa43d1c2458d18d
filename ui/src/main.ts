import { mount } from 'svelte';
import './styles/app.css';
import App from './App.svelte';
import { applyTheme, loadTheme } from './lib/theme';
import { askForTheDesk } from './api';

/**
 * How long the window waits for the desk's first answers before it builds the
 * page without them.
 */
const FIRST_ANSWERS_MS = 250;

// The window opens on the desk, so its questions go to the store first.
const firstAnswers = askForTheDesk();

// The theme is applied before the first paint so a dark desk never flashes white.
applyTheme(loadTheme());

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// The page is built once the answers are in, so its first frame shows the rows.
// Built at once, the page drew an empty desk first: WebKit answers the store's
// replies only between frames, and the rows waited a whole frame (about 50 ms at
// start) for the next one. A slow store does not keep the window blank: after
// FIRST_ANSWERS_MS the page is built anyway and fills in as answers arrive.
const waited = new Promise((resolve) => setTimeout(resolve, FIRST_ANSWERS_MS));
void Promise.race([firstAnswers, waited]).then(() => mount(App, { target }));
