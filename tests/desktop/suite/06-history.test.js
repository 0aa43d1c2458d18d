// History in the real window: two saved versions of a row compared word by word,
// and the older one restored, which becomes the row's text and a new revision.
//
// The story is set up with the command line before the app starts; the store is
// shared by the suites in order, and 06.ar.txt is not used elsewhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, byId, allById, click, screenshot, corpusFile, dragoman } from '../lib/app.js';

const FIRST = 'The volcano sent ash over the south of the capital.';
const SECOND = 'The volcano sent a cloud of ash over the southern districts of the capital.';

let browser;
let id;
before(async () => {
  id = String(JSON.parse(dragoman('--json', 'import', corpusFile('06.ar.txt')))[0].id);
  dragoman('--as', 'Rana', '--role', 'translator', 'translate', id, '1', FIRST);
  dragoman('--as', 'Rana', '--role', 'translator', 'translate', id, '1', SECOND);
  dragoman('settings', 'identity_name', 'Rana');
  dragoman('settings', 'identity_role', 'translator');
  browser = await openApp();
});
after(async () => {
  await browser?.deleteSession();
});

test('the last two versions of a row are compared word by word, and the older one restored', async () => {
  const row = await browser.$(`[data-testid="story-row"][data-id="${id}"]`);
  await row.waitForClickable();
  await row.click();
  await click(browser, 'tab-history');
  await browser.waitUntil(async () => (await allById(browser, 'revision')).length >= 2, {
    timeoutMsg: 'the History tab never listed the revisions',
  });
  await click(browser, 'compare-revisions');
  const diff = await browser.$('.diff');
  await diff.waitForDisplayed();
  const removed = await browser.execute(() => [...document.querySelectorAll('.diff del')].map((d) => d.textContent).join('|'));
  const added = await browser.execute(() => [...document.querySelectorAll('.diff ins')].map((d) => d.textContent).join('|'));
  assert.match(removed, /south/, `struck out: ${removed}`);
  assert.match(added, /cloud of/, `added: ${added}`);
  assert.match(added, /southern districts/, `added: ${added}`);
  await screenshot(browser, 'history-compared');

  // Restore the first version (the oldest row of the list, newest first): the
  // row asks first, and "Keep" leaves everything as it was.
  const before = (await allById(browser, 'revision')).length;
  const restoreButtons = await allById(browser, 'restore-revision');
  await restoreButtons[restoreButtons.length - 1].click();
  const confirm = await byId(browser, 'confirm-restore');
  await confirm.waitForDisplayed();
  assert.equal(JSON.parse(dragoman('--json', 'show', id)).segments[0].target, SECOND, 'nothing restored before the confirmation');
  await screenshot(browser, 'history-restore-asked');
  await confirm.click();
  await browser.waitUntil(async () => (await allById(browser, 'revision')).length === before + 1, {
    timeoutMsg: 'the restore never became a new revision',
  });
  const story = JSON.parse(dragoman('--json', 'show', id));
  assert.equal(story.segments[0].target, FIRST);
  await click(browser, 'tab-translate');
  const text = await browser.$('[data-testid="segment-row"] textarea');
  await text.waitForDisplayed();
  assert.equal(await text.getValue(), FIRST);
});

test('deleting a row asks first, in the row menu', async () => {
  const rowsBefore = JSON.parse(dragoman('--json', 'show', id)).segments.length;
  // The menu button shows on the current row: go to the second row first.
  const areas = await browser.$$('[data-testid="segment-row"] textarea');
  await areas[1].click();
  const menus = await browser.$$('[data-testid="segment-row"] .menu-button');
  await menus[1].waitForClickable();
  await menus[1].click();
  await click(browser, 'delete-row');
  const confirm = await byId(browser, 'confirm-delete');
  await confirm.waitForDisplayed();
  assert.equal(JSON.parse(dragoman('--json', 'show', id)).segments.length, rowsBefore, 'nothing deleted before the confirmation');
  await screenshot(browser, 'delete-row-asked');
  await confirm.click();
  await browser.waitUntil(async () => (await allById(browser, 'segment-row')).length === rowsBefore - 1, {
    timeoutMsg: 'the row was never deleted',
  });
  assert.equal(JSON.parse(dragoman('--json', 'show', id)).segments.length, rowsBefore - 1);
});
