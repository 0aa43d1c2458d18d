// The watched inbox in the real window: a file copied into the inbox folder
// becomes a story on the desk with a New badge and moves to imported/; a copy of
// it is recognised as a duplicate; deleting the folder shows why nothing arrives,
// and making it again brings the watch back without restarting the app.
//
// The store is shared by the suites in order, and 02-autosave pastes 02.ar.txt,
// which would make that file a duplicate here; 03.ar.txt is not used elsewhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  openApp,
  byId,
  actAs,
  click,
  screenshot,
  waitForText,
  goToDesk,
  corpusFile,
  dragoman,
  waitForNotice as waitForNoticeOn,
} from '../lib/app.js';

const inbox = path.join(process.env.DRAGOMAN_E2E_WORK ?? '', 'wire', 'inbox');
// Settle (2 s), the watcher's look, the import and the desk's refresh, with room
// for a slow machine.
const ARRIVAL = 15000;

let browser;
before(async () => {
  // Seeded before the app starts, as a person would have set it; the folder does
  // not exist yet: the app makes it on start.
  // The desk's settings are an editor's to change.
  dragoman('--as', 'Omar', '--role', 'editor', 'settings', 'inbox_dir', inbox);
  assert.ok(!fs.existsSync(inbox));
  browser = await openApp();
  await byId(browser, 'new-story').then((el) => el.waitForDisplayed());
});
after(async () => {
  await browser?.deleteSession();
});

/** A notice, given the inbox's time to act. */
const waitForNotice = (pattern) => waitForNoticeOn(browser, pattern, ARRIVAL);

/** A file dropped the way a browser saves one: written under a temporary name, then renamed into the inbox. */
function drop(source, name) {
  const partial = path.join(inbox, `${name}.part`);
  fs.copyFileSync(source, partial);
  fs.renameSync(partial, path.join(inbox, name));
}

test('the app makes the inbox folder it was given and says it watches it', async () => {
  await browser.waitUntil(async () => fs.existsSync(inbox), { timeout: 10000, timeoutMsg: `${inbox} was never made` });
  await click(browser, 'open-settings');
  await waitForText(browser, 'inbox-status', new RegExp(`Watching ${inbox.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await screenshot(browser, 'settings-inbox-watched');
  await goToDesk(browser);
});

let storyId;
test('an Arabic article copied into the inbox appears on the desk as new and moves to imported/', async () => {
  const started = Date.now();
  drop(corpusFile('03.ar.txt'), 'sana-03.ar.txt');
  const badge = await browser.$('[data-testid="story-row"] [data-testid="story-new-badge"]');
  await badge.waitForDisplayed({ timeout: ARRIVAL, timeoutMsg: 'no story with a New badge came to the desk' });
  const seconds = (Date.now() - started) / 1000;
  assert.ok(seconds < ARRIVAL / 1000, `arrived after ${seconds} s`);
  storyId = await browser.execute(
    () => document.querySelector('[data-testid="story-new-badge"]')?.closest('[data-testid="story-row"]')?.getAttribute('data-id') ?? null,
  );
  assert.match(storyId ?? '', /^\d+$/);
  // The headline is the article's first line, in Arabic. (WebDriver's own text
  // leaves out what sits in clipped, ellipsised cells; the DOM's does not.)
  const rowText = await browser.execute(
    (id) => document.querySelector(`[data-testid="story-row"][data-id="${id}"]`)?.textContent ?? '',
    storyId,
  );
  const headline = fs.readFileSync(corpusFile('03.ar.txt'), 'utf8').split('\n')[0].trim();
  assert.ok(rowText.includes(headline), `the row shows the Arabic headline: ${rowText}`);
  await waitForText(browser, 'inbox-badge', /1\s*new/);
  assert.ok(fs.existsSync(path.join(inbox, 'imported', 'sana-03.ar.txt')), 'the file is in imported/');
  assert.ok(!fs.existsSync(path.join(inbox, 'sana-03.ar.txt')), 'the file left the inbox');
  console.log(`the story came to the desk ${seconds.toFixed(1)} s after the file was dropped`);
  await screenshot(browser, 'desk-new-from-inbox');
});

test('the same article dropped again is recognised, not imported twice', async () => {
  const rows = async () => (await browser.$$(`[data-testid="story-row"]`)).length;
  const before = await rows();
  drop(corpusFile('03.ar.txt'), 'sana-03-again.ar.txt');
  await waitForNotice(new RegExp(`sana-03-again\\.ar\\.txt is already on the desk \\(story ${storyId}\\)`));
  assert.ok(fs.existsSync(path.join(inbox, 'imported', 'sana-03-again.ar.txt')));
  assert.equal(await rows(), before);
  await waitForText(browser, 'inbox-badge', /1\s*new/);
});

test('a file that is not text ends in failed/ and its reason is shown', async () => {
  fs.writeFileSync(path.join(inbox, 'scan.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d, 0xff, 0x00]));
  await waitForNotice(/scan\.txt could not be imported: .+\. It is in failed\/ in the inbox\./);
  assert.ok(fs.existsSync(path.join(inbox, 'failed', 'scan.txt')));
  assert.ok(fs.existsSync(path.join(inbox, 'failed', 'scan.txt.error.txt')));
  await screenshot(browser, 'failed-notice');
});

test('opening the new story clears its New badge', async () => {
  const row = await browser.$(`[data-testid="story-row"][data-id="${storyId}"]`);
  await row.click();
  await browser.$('[data-testid="segment-row"]').then((el) => el.waitForDisplayed());
  await goToDesk(browser);
  await browser.$(`[data-testid="story-row"][data-id="${storyId}"]`).then((el) => el.waitForDisplayed());
  assert.equal(await browser.$('[data-testid="story-new-badge"]').isExisting(), false);
  assert.equal(await byId(browser, 'inbox-badge').isExisting(), false);
});

test('a deleted inbox shows why nothing arrives; made again, watching resumes', async () => {
  fs.rmSync(inbox, { recursive: true });
  const banner = await byId(browser, 'inbox-error');
  await banner.waitForDisplayed({ timeout: ARRIVAL, timeoutMsg: 'no banner said the inbox is gone' });
  const said = await banner.getText();
  assert.match(said, /cannot be watched/);
  assert.match(said, /does not exist/);
  assert.match(said, /Watching resumes by itself when it is back/);
  assert.ok(said.includes(inbox), `the banner names the folder: ${said}`);
  assert.ok(await byId(browser, 'inbox-error-flag').isDisplayed(), 'the title bar flags it too');
  await screenshot(browser, 'inbox-deleted');

  fs.mkdirSync(inbox, { recursive: true });
  await browser.waitUntil(async () => !(await byId(browser, 'inbox-error').isExisting()), {
    timeout: ARRIVAL,
    timeoutMsg: 'the banner stayed after the folder came back',
  });
  assert.equal(await byId(browser, 'inbox-error-flag').isExisting(), false);
  await waitForNotice(/The inbox folder is back; watching .* again\./);
  await screenshot(browser, 'inbox-back');

  // It is really watched again: a new article arrives.
  drop(corpusFile('04.ar.txt'), 'sana-04.ar.txt');
  await browser
    .$('[data-testid="story-new-badge"]')
    .then((el) => el.waitForDisplayed({ timeout: ARRIVAL, timeoutMsg: 'nothing arrived after the folder came back' }));
  assert.ok(fs.existsSync(path.join(inbox, 'imported', 'sana-04.ar.txt')));
});

test('a folder that already holds files asks before it becomes the inbox; Settings shows the last backup', async () => {
  const full = path.join(process.env.DRAGOMAN_E2E_WORK ?? '', 'wire', 'my-documents');
  fs.mkdirSync(full, { recursive: true });
  fs.writeFileSync(path.join(full, 'letter.txt'), 'Dear Rana,\nA letter, not a story.\n');
  // The desk's settings are an editor's to change.
  await actAs(browser, 'Omar', 'editor');
  await click(browser, 'open-settings');
  const field = await byId(browser, 'setting-inbox_dir');
  await field.waitForDisplayed();
  // The day's backup was made as the app started, beside the store.
  await waitForText(browser, 'last-backup', /Last backup: .*backups\/dragoman-\d{8}-\d{6}\.db/);
  await field.clearValue();
  await field.setValue(full);
  await click(browser, 'settings-save');
  const question = await byId(browser, 'inbox-question');
  await question.waitForDisplayed({ timeoutMsg: 'saving a folder with files in it did not ask' });
  assert.match(await question.getText(), /already holds 1 file/);
  await screenshot(browser, 'inbox-question');
  await browser.$('[data-testid="inbox-question"] button:last-child').then((b) => b.click());
  assert.equal(await byId(browser, 'inbox-question').isExisting(), false);
  // Nothing was saved and nothing was moved.
  assert.equal(dragoman('settings', 'inbox_dir').trim(), inbox);
  assert.ok(fs.existsSync(path.join(full, 'letter.txt')));
  await field.clearValue();
  await field.setValue(inbox);
  await goToDesk(browser);
});
