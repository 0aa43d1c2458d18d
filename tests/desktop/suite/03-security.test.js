// The window's defences, checked in the real WebKit window rather than in the
// config files: the content security policy stops inline and eval'd script, and
// the capability refuses plugin calls the app never granted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, byId } from '../lib/app.js';

let browser;
before(async () => {
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
