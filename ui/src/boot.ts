// The page's first script: draws the desk from the answers the shell served with
// the page (first/first-desk.ts), then loads the app, which takes it over
// (main.ts). Kept small: everything here runs before the window's first frame.
import './styles/app.css';
import { applyTheme, loadTheme } from './lib/theme';
import { servedAnswers } from './first/first-answers';
import { FIRST_PAINT, firstDeskFrom, firstDeskHtml } from './first/first-desk';

// The theme is applied before the first paint so a dark desk never flashes white.
applyTheme(loadTheme());

// Set only by `make bench-desktop` (the shell's bench feature), to time the window
// with the app mounted at once and no copy drawn first.
const direct = (window as { __dragomanBootDirect?: boolean }).__dragomanBootDirect === true;

const target = document.getElementById('app');
const desk = direct ? null : firstDeskFrom(servedAnswers());
if (target && desk) {
  // Inert: the copy takes no clicks or keys, which the app would not see; it is
  // on screen for the moment the app needs to start. `display: contents` keeps
  // the wrapper out of the layout, so the copy sits exactly where the app will.
  // Its list is drawn for the whole window's height, which is more than the list
  // can show, and without the rows the app keeps ready below the fold: every row
  // drawn is text laid out before the first frame.
  target.innerHTML =
    `<div ${FIRST_PAINT} inert style="display: contents">` +
    firstDeskHtml(desk, new Date(), window.innerHeight, 0) +
    `</div>`;
}

// The app loads once the copy is on screen: the frame that draws it, and the next
// one, which shows it has been presented. The app's script would otherwise
// compete with drawing the copy for the page's one thread.
// If the app cannot load, the copy goes too: a desk that looks ready but takes no
// input would be worse than an empty window.
function loadApp(): void {
  import('./main').catch((e: unknown) => {
    document.querySelector(`[${FIRST_PAINT}]`)?.remove();
    throw e;
  });
}

if (direct) loadApp();
else requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(loadApp, 0)));
