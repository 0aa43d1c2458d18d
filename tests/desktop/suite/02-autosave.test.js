// An autosaved edit survives closing the window and starting the app again on the
// same store: nothing typed is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  openApp,
  byId,
  allById,
  click,
  screenshot,
  actAs,
  waitSaved,
  corpus,
  keystrokes,
  closeWindow,
  quit,
  openStory,
} from '../lib/app.js';

const typed = 'The first row, typed before the window closed.';

/** Waits for an error notice that matches `pattern`. */
async function noticeSays(browser, pattern) {
  await browser.waitUntil(
    async () => {
      for (const notice of await browser.$$('.notice.error')) {
        if (pattern.test(await notice.getText())) return true;
      }
      return false;
    },
    { timeoutMsg: `no notice said ${pattern}` },
  );
}

/** Starts the app again, opens story `id` and checks the translation of row `index`. */
async function expectRow(id, index, text, shot) {
  const browser = await openApp();
  try {
    await openStory(browser, id);
    await browser.waitUntil(async () => (await allById(browser, 'segment-target')).length > index);
    assert.equal(await (await allById(browser, 'segment-target'))[index].getValue(), text);
    await screenshot(browser, shot);
  } finally {
    await browser.deleteSession();
  }
}

test('an autosaved edit survives closing and reopening the app', async () => {
  const browser = await openApp();
  let id;
  try {
    await byId(browser, 'new-story').then((el) => el.waitForDisplayed());
    await actAs(browser, 'Rana', 'translator');
    await click(browser, 'new-story');
    const source = await byId(browser, 'paste-source');
    await source.waitForDisplayed();
    await source.setValue(keystrokes(corpus('02.ar.txt').trim()));
    await click(browser, 'paste-import');
    await browser.waitUntil(async () => (await allById(browser, 'segment-row')).length > 0);
    const target = (await allById(browser, 'segment-target'))[0];
    await target.click();
    await target.addValue(typed);
    await waitSaved(browser);
    await click(browser, 'back-to-desk');
    // The desk lists the most recently changed story first: this one.
    const first = await byId(browser, 'story-row');
    await first.waitForDisplayed();
    id = await first.getAttribute('data-id');
    assert.ok(id, 'the desk row carries its story id');
  } finally {
    await browser.deleteSession();
  }

  await expectRow(id, 0, typed, 'reopened');
});

// Closed the moment the typing ends, before the autosave's delay is over: the
// window holds the close until it has saved (src-tauri/src/closing.rs).
test('typing is saved when the window is closed right after it', async () => {
  const late = 'Typed a moment before the close button was clicked.';
  const browser = await openApp();
  let id;
  try {
    const row = await byId(browser, 'story-row');
    await row.waitForDisplayed();
    id = await row.getAttribute('data-id');
    await row.click();
    await browser.waitUntil(async () => (await allById(browser, 'segment-target')).length > 1);
    const target = (await allById(browser, 'segment-target'))[1];
    await target.click();
    await target.addValue(late);
    closeWindow('Dragoman');
  } finally {
    await quit(browser);
  }

  await expectRow(id, 1, late, 'saved-on-close');
});

// Settings are saved with Save: leaving the screen or closing the window with a
// change not saved is held once, with a notice; closing again discards it.
test('leaving or closing with settings not saved is held once', async () => {
  const browser = await openApp();
  let before;
  try {
    // The desk's settings are an editor's to change.
    await actAs(browser, 'Omar', 'editor');
    await click(browser, 'open-settings');
    const publication = await byId(browser, 'setting-publication');
    await publication.waitForDisplayed();
    // Loaded once the folders show (they always have a value).
    await browser.waitUntil(() =>
      browser.execute(() => [...document.querySelectorAll('.settings input')].some((i) => i.value !== '')),
    );
    before = await publication.getValue();
    await publication.setValue('The Unsaved Gazette');
    await browser.waitUntil(() => byId(browser, 'settings-save').isEnabled());
    // Leaving the screen is held the same way as closing the window.
    await click(browser, 'open-desk');
    await noticeSays(browser, /Not left: the settings have changes that are not saved/);
    assert.equal(await publication.getValue(), 'The Unsaved Gazette', 'still on the settings, change in hand');
    closeWindow('Dragoman', { staysOpen: true });
    await noticeSays(browser, /Not closed: the settings have changes that are not saved/);
    await screenshot(browser, 'close-refused');
    closeWindow('Dragoman');
  } finally {
    await quit(browser);
  }

  const again = await openApp();
  try {
    await click(again, 'open-settings');
    const publication = await byId(again, 'setting-publication');
    await again.waitUntil(async () => (await publication.getValue()) === before, {
      timeoutMsg: 'the change closed away was saved after all',
    });
  } finally {
    await again.deleteSession();
  }
});
