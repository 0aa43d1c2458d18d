// Starting and driving the real Dragoman window through tauri-driver. run.sh
// provides the environment: DRAGOMAN_APP (the debug binary), DRAGOMAN_WD_PORT
// (tauri-driver), DRAGOMAN_DB (a temporary store), DRAGOMAN_ARTIFACTS, DRAGOMAN_CLI
// (the `dragoman` command, for seeding the store).
import { remote, Key } from 'webdriverio';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const need = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run the suite through tests/desktop/run.sh`);
  return value;
};

/** The path of an NTREX article of the repository's fixtures (tests/fixtures/ntrex). */
export const corpusFile = (file) => {
  const dir = path.resolve(import.meta.dirname, '../../fixtures/ntrex');
  const full = path.join(dir, file);
  if (!fs.existsSync(full)) throw new Error(`the test fixture is missing: ${full}`);
  return full;
};

export const corpus = (file) => fs.readFileSync(corpusFile(file), 'utf8');

/** Opens the app: a new process on the same store each time. */
export async function openApp() {
  const browser = await remote({
    hostname: '127.0.0.1',
    port: Number(need('DRAGOMAN_WD_PORT')),
    logLevel: 'warn',
    connectionRetryCount: 0,
    waitforTimeout: 15000,
    capabilities: {
      // WebKitWebDriver speaks classic WebDriver only.
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application: need('DRAGOMAN_APP') },
    },
  });
  // The app mounts once the desk's first answers are in (ui/src/main.ts).
  await browser.waitUntil(() => browser.execute(() => !!document.querySelector('.app')), {
    timeout: 15000,
    timeoutMsg: 'the app never mounted',
  });
  return browser;
}

/**
 * Clicks the window's close button, as far as the app can tell: the window
 * manager's WM_DELETE_WINDOW (lib/close-window.py). Returns once the window is
 * gone, or with `staysOpen`, once it has stayed open for 2 s; throws otherwise.
 * 2 s is less than the shell waits for a window that does not answer (GRACE in
 * src-tauri/src/closing.rs), so a window that closes in time has answered.
 */
export function closeWindow(title, { staysOpen = false } = {}) {
  const script = path.join(import.meta.dirname, 'close-window.py');
  const run = spawnSync('python3', [script, title, '2'], { encoding: 'utf8' });
  if (run.status !== (staysOpen ? 1 : 0)) {
    const what = staysOpen ? 'closed, but should have stayed open' : 'did not close';
    throw new Error(`the window ${what} (close-window.py: ${run.status}) ${run.stderr ?? ''}`);
  }
}

/** Ends a session whose app may already have exited (closed by `closeWindow`). */
export async function quit(browser) {
  try {
    await browser.deleteSession();
  } catch {
    // The app is gone already; there is nothing left to end.
  }
}

export const byId = (browser, id) => browser.$(`[data-testid="${id}"]`);
export const allById = (browser, id) => browser.$$(`[data-testid="${id}"]`);

// node --test runs each suite file in its own process: the file names the series.
const series = path.basename(process.argv[1] ?? 'suite').replace(/\.test\.js$/, '');
let shot = 0;
/** Saves a screenshot of the current screen as a numbered artifact. */
export async function screenshot(browser, name) {
  shot += 1;
  const dir = need('DRAGOMAN_ARTIFACTS');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${series}-${String(shot).padStart(2, '0')}-${name}.png`);
  // WebKitWebDriver takes a screenshot after the page's next presentation
  // update. The app draws without GPU compositing (src-tauri/src/lib.rs), and
  // then a page where nothing changes (no caret, no timer) never presents again
  // and the screenshot waits forever. An invisible outline toggled every 50 ms
  // until the screenshot is back gives WebKit those updates, however long the
  // request takes to arrive.
  await browser.execute(() => {
    const root = document.documentElement;
    window.__dragomanNudge = setInterval(() => {
      if (root.style.outline) root.style.removeProperty('outline');
      else root.style.outline = '1px solid transparent';
    }, 50);
  });
  try {
    await browser.saveScreenshot(file);
  } finally {
    await browser.execute(() => {
      clearInterval(window.__dragomanNudge);
      document.documentElement.style.removeProperty('outline');
    });
  }
  return file;
}

export async function click(browser, id) {
  const el = await byId(browser, id);
  await el.waitForClickable();
  await el.click();
  return el;
}

/** Waits until an element's text matches. */
export async function waitForText(browser, id, pattern, timeout = 15000) {
  const el = await byId(browser, id);
  await el.waitForDisplayed({ timeout });
  await browser.waitUntil(async () => pattern.test(await el.getText()), {
    timeout,
    timeoutMsg: `${id} never matched ${pattern}`,
  });
  return el.getText();
}

/** Waits until one of the notices on screen matches `pattern`. */
export async function waitForNotice(browser, pattern, timeout = 15000) {
  const notices = () => browser.execute(() => [...document.querySelectorAll('.notice')].map((n) => n.textContent ?? ''));
  await browser.waitUntil(async () => (await notices()).some((t) => pattern.test(t)), {
    timeout,
    timeoutMsg: `no notice matched ${pattern}`,
  });
}

/** Says who is at the keyboard, through the title bar's identity control. */
export async function actAs(browser, name, role) {
  const nameInput = await byId(browser, 'identity-name');
  // The dialog may be open already (the app asks when it needs to know).
  if (!(await nameInput.isDisplayed())) await click(browser, 'identity-button');
  await nameInput.waitForDisplayed();
  await nameInput.clearValue();
  await nameInput.setValue(name);
  const roleSelect = await byId(browser, 'identity-role');
  await roleSelect.selectByAttribute('value', role);
  await click(browser, 'identity-save');
  await browser.waitUntil(async () => (await byId(browser, 'identity-button').getText()).includes(name), {
    timeoutMsg: `the title bar never showed ${name}`,
  });
}

/** Replaces a field's text by typing, then waits for the autosave to report Saved. */
export async function typeInto(browser, element, text) {
  await element.waitForClickable();
  await element.click();
  await element.clearValue();
  await element.addValue(text);
  await waitSaved(browser);
}

export async function waitSaved(browser) {
  await waitForText(browser, 'save-state', /^Saved$/);
}

/** Opens story `id` from the desk list, once its row is shown. */
export async function openStory(browser, id) {
  const row = await browser.$(`[data-testid="story-row"][data-id="${id}"]`);
  await row.waitForDisplayed();
  await row.click();
}

/** Back to the desk from any screen, through the title bar. */
export async function goToDesk(browser) {
  const byTestId = await byId(browser, 'open-desk');
  const button = (await byTestId.isExisting()) ? byTestId : await browser.$('nav').$('button=Desk');
  await button.waitForClickable();
  await button.click();
  await byId(browser, 'new-story').then((el) => el.waitForDisplayed());
}

/**
 * Text as WebDriver keystrokes: a line break is the Enter key (WebDriver sends a
 * bare "\n" as no key at all).
 */
export const keystrokes = (text) => text.split('\n').join(Key.Enter);

/**
 * Runs the `dragoman` command on the suite's store (DRAGOMAN_DB is inherited),
 * as a way to set up what the window will find when it starts.
 */
export function dragoman(...args) {
  return execFileSync(need('DRAGOMAN_CLI'), args, { encoding: 'utf8' });
}
