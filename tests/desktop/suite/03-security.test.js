// The window's defences, checked in the real WebKit window rather than in the
// config files: the content security policy stops inline and eval'd script, the
// capability refuses plugin calls the app never granted, and web links leave for
// the system browser (run.sh puts an xdg-open on PATH that writes down what it
// was given) while the window stays on the app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, byId, dragoman } from '../lib/app.js';

const SOURCE_URL = 'https://www.example.org/news/2024/volcano?id=7';
const opened = () => (fs.existsSync(process.env.DRAGOMAN_OPENED ?? '') ? fs.readFileSync(process.env.DRAGOMAN_OPENED, 'utf8') : '');

let browser;
let linkedStory;
before(async () => {
  // A story whose source card links to the original article.
  const file = path.join(process.env.DRAGOMAN_E2E_WORK ?? '', 'linked.md');
  fs.writeFileSync(
    file,
    `---\ntitle: Ash falls on Mexico City\nsource: El Universal\nsource_url: ${SOURCE_URL}\nlanguage: es\n---\n\nThe volcano sent ash over the south of the capital.\n`,
  );
  linkedStory = JSON.parse(dragoman('--json', 'import', file))[0].id;
  browser = await openApp();
  await byId(browser, 'new-story').then((el) => el.waitForDisplayed());
});
after(async () => {
  await browser?.deleteSession();
});

test('an injected inline script does not run', async () => {
  const ran = await browser.execute(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__dragomanProbe = "ran"';
    document.body.appendChild(script);
    return window.__dragomanProbe === 'ran';
  });
  assert.equal(ran, false);
});

test('eval is refused', async () => {
  const refused = await browser.execute(() => {
    try {
      // eslint-disable-next-line no-eval
      return (0, eval)('1 + 1') !== 2;
    } catch {
      return true;
    }
  });
  assert.equal(refused, true);
});

test('the page cannot reach what the capability does not grant', async () => {
  const replies = await browser.execute(async () => {
    const call = (cmd, args) =>
      window.__TAURI_INTERNALS__.invoke(cmd, args).then(
        () => 'allowed',
        (e) => (typeof e === 'string' ? e : JSON.stringify(e)),
      );
    return {
      save: await call('plugin:dialog|save', {}),
      openPath: await call('plugin:opener|open_path', { path: '/etc' }),
      close: await call('plugin:window|close', {}),
      ours: await call('desk_info', {}),
    };
  });
  for (const key of ['save', 'openPath', 'close']) {
    assert.match(replies[key], /not allowed/, `${key}: ${replies[key]}`);
  }
  assert.match(replies.ours, /^allowed$/);
});

test('a web link opens in the system browser, and the window stays on the app', async () => {
  const row = await browser.$(`[data-testid="story-row"][data-id="${linkedStory}"]`);
  await row.waitForClickable();
  await row.click();
  const link = await browser.$(`a[href="${SOURCE_URL}"]`);
  await link.waitForClickable();
  await link.click();
  await browser.waitUntil(async () => opened().includes(SOURCE_URL), {
    timeout: 10000,
    timeoutMsg: `the system browser was never asked to open ${SOURCE_URL}; it got: ${opened()}`,
  });
  assert.equal(await browser.execute(() => location.href.startsWith('tauri:') || location.hostname === 'tauri.localhost'), true);
  assert.ok(await byId(browser, 'segment-row').isDisplayed(), 'the story is still on screen');
});
