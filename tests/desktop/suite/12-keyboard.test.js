// The keyboard flow translators bring from OmegaT: Ctrl+Enter marks the row
// done and goes to the next row not done yet, and on an empty row says so
// instead of moving on; Ctrl+S saves in Settings as it does in a story.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Key } from 'webdriverio';
import { openApp, byId, allById, actAs, click, dragoman, waitSaved, goToDesk, openStory } from '../lib/app.js';

const work = process.env.DRAGOMAN_E2E_WORK ?? '';

test('Ctrl+Enter goes to the next unfinished row and will not pass an empty one; Ctrl+S saves the settings', async () => {
  const file = path.join(work, 'keyboard.md');
  fs.writeFileSync(
    file,
    '---\nsource: al-Watan\nlanguage: ar\n---\n\n' +
      'الفقرة الأولى عن الاجتماع.\n\nالفقرة الثانية عن الوفد.\n\nالفقرة الثالثة عن العودة.\n',
  );
  const id = String(JSON.parse(dragoman('--json', 'import', file))[0].id);
  // The second row is done already.
  dragoman('--as', 'Rana', '--role', 'translator', 'translate', id, '2', 'The second paragraph, on the delegation.');

  const browser = await openApp();
  try {
    await byId(browser, 'new-story').then((el) => el.waitForDisplayed());
    await actAs(browser, 'Rana', 'translator');
    await openStory(browser, id);
    await browser.waitUntil(async () => (await allById(browser, 'segment-target')).length === 3);
    const rowOf = () =>
      browser.execute(() => document.activeElement?.closest('[data-testid="segment-row"]')?.getAttribute('data-no') ?? null);

    // On the empty first row, Ctrl+Enter says so and stays.
    const first = (await allById(browser, 'segment-target'))[0];
    await first.click();
    await browser.keys([Key.Ctrl, Key.Enter]);
    await browser.keys([Key.Ctrl]);
    const hint = await browser.$('.row-hint');
    await hint.waitForDisplayed();
    assert.match(await hint.getText(), /This row is empty/);
    assert.equal(await rowOf(), '1');

    // Typed and Ctrl+Enter: done, and on to row 3, past the done row 2.
    await first.addValue('The first paragraph, on the meeting.');
    await browser.keys([Key.Ctrl, Key.Enter]);
    await browser.keys([Key.Ctrl]);
    await browser.waitUntil(async () => (await rowOf()) === '3', { timeoutMsg: 'Ctrl+Enter did not skip the done row' });
    await waitSaved(browser);
    assert.equal(JSON.parse(dragoman('--json', 'show', id)).segments[0].state, 'done');

    // Ctrl+S in Settings, where an editor changes the desk's settings.
    await goToDesk(browser);
    await actAs(browser, 'Omar', 'editor');
    await click(browser, 'open-settings');
    const publication = await byId(browser, 'setting-publication');
    await publication.waitForDisplayed();
    await browser.waitUntil(() =>
      browser.execute(() => [...document.querySelectorAll('.settings input')].some((i) => i.value !== '')),
    );
    await publication.setValue('The Keyboard Gazette');
    await browser.waitUntil(() => byId(browser, 'settings-save').isEnabled());
    await browser.keys([Key.Ctrl, 's']);
    await browser.keys([Key.Ctrl]);
    await browser.waitUntil(
      () => dragoman('settings', 'publication').trim().endsWith('The Keyboard Gazette'),
      { timeoutMsg: 'Ctrl+S did not save the settings' },
    );
    await browser.waitUntil(async () => !(await byId(browser, 'settings-save').isEnabled()), {
      timeoutMsg: 'the settings still had changes after Ctrl+S',
    });
  } finally {
    await browser.deleteSession();
  }
});
