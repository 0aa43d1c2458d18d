// Changes made elsewhere while a story is open: the command line writes to the
// same store. A change to another row shows in the window within two seconds,
// with no conflict and nothing typed lost; a change to the row being typed in
// shows both texts side by side, and keeping mine saves mine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, byId, allById, actAs, screenshot, dragoman, waitSaved, openStory } from '../lib/app.js';

const work = process.env.DRAGOMAN_E2E_WORK ?? '';

test('a change made elsewhere merges into the open story, and a row changed on both sides asks', async () => {
  const file = path.join(work, 'changes.md');
  fs.writeFileSync(
    file,
    '---\nsource: al-Watan\nlanguage: ar\nurl: https://alwatan.sy/archives/changes\n---\n\n' +
      'وصل الوفد الإيراني إلى دمشق صباح الأحد.\n\n' +
      'وعقد الوفد اجتماعا مع وزير الخارجية.\n\n' +
      'وغادر الوفد مساء اليوم نفسه.\n',
  );
  const id = String(JSON.parse(dragoman('--json', 'import', file))[0].id);
  const elsewhere = ['--as', 'Omar', '--role', 'editor'];

  const browser = await openApp();
  try {
    await byId(browser, 'new-story').then((el) => el.waitForDisplayed());
    await actAs(browser, 'Rana', 'translator');
    await openStory(browser, id);
    await browser.waitUntil(async () => (await allById(browser, 'segment-target')).length === 3);
    const targets = await allById(browser, 'segment-target');
    const mineOne = 'The Iranian delegation arrived in Damascus on Sunday morning.';
    await targets[0].click();
    await targets[0].addValue(mineOne);
    await waitSaved(browser);

    // Another row, changed on the command line: it shows within two seconds.
    const theirsTwo = 'The delegation met the foreign minister.';
    dragoman(...elsewhere, 'translate', id, '2', theirsTwo);
    const start = Date.now();
    await browser.waitUntil(async () => (await (await allById(browser, 'segment-target'))[1].getValue()) === theirsTwo, {
      timeout: 2000,
      interval: 50,
      timeoutMsg: 'the change made elsewhere did not show within 2 s',
    });
    const shownAfter = Date.now() - start;
    assert.ok(shownAfter <= 2000, `shown after ${shownAfter} ms`);
    assert.equal(await (await allById(browser, 'segment-target'))[0].getValue(), mineOne, 'my row is as I typed it');
    assert.equal(await (await byId(browser, 'conflict-banner')).isExisting(), false, 'no conflict for another row');
    assert.equal(await (await byId(browser, 'row-conflict')).isExisting(), false);

    // The row I am typing in, changed elsewhere before my text is saved.
    const mineThree = 'The delegation left the same evening.';
    const theirsThree = 'It left that evening.';
    const third = (await allById(browser, 'segment-target'))[2];
    await third.click();
    await third.addValue(mineThree);
    dragoman(...elsewhere, 'translate', id, '3', theirsThree);
    const both = await byId(browser, 'row-conflict');
    await both.waitForDisplayed({ timeout: 5000, timeoutMsg: 'the row changed on both sides did not ask' });
    assert.equal(await (await byId(browser, 'conflict-mine')).getText(), mineThree);
    assert.equal(await (await byId(browser, 'conflict-theirs')).getText(), theirsThree);
    assert.equal(await third.getValue(), mineThree, 'my text stays on screen until I choose');
    assert.equal(JSON.parse(dragoman('--json', 'show', id)).segments[2].target, theirsThree, 'mine is held, not written over theirs');
    await screenshot(browser, '11-both-texts');

    await (await byId(browser, 'keep-mine')).click();
    await waitSaved(browser);
    await browser.waitUntil(async () => !(await (await byId(browser, 'row-conflict')).isExisting()));
    const story = JSON.parse(dragoman('--json', 'show', id));
    assert.deepEqual(
      story.segments.map((s) => s.target),
      [mineOne, theirsTwo, mineThree],
      'nothing typed was lost, and the other change to another row stays',
    );
    await screenshot(browser, '11-kept-mine');
  } finally {
    await browser.deleteSession();
  }
});
