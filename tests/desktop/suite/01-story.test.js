// A story from paste to published page, through the window only: the translator
// types every row, the editor polishes, the reviewer decides, the editor publishes
// and exports; the exported file carries the disclaimer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Key } from 'webdriverio';
import { openApp, byId, allById, click, screenshot, waitForText, actAs, typeInto, waitSaved, goToDesk, corpus, keystrokes } from '../lib/app.js';

const arabic = corpus('01.ar.txt').trim();
// The English file is line-aligned with the Arabic: the headline, then one line
// per paragraph, which is one segment per line.
const [englishHeadline, ...englishRows] = corpus('01.en.txt').trim().split('\n');

let browser;
before(async () => {
  browser = await openApp();
});
after(async () => {
  await browser?.deleteSession();
});

test('first start on an empty store shows an empty desk with a way to add a story', async () => {
  const empty = await byId(browser, 'desk-empty');
  await empty.waitForDisplayed();
  assert.ok(await (await byId(browser, 'new-story')).isDisplayed());
  await screenshot(browser, 'desk-empty');
});

test('the publication is set in settings, with a live disclaimer preview', async () => {
  await actAs(browser, 'Omar', 'editor');
  await click(browser, 'open-settings');
  const publication = await byId(browser, 'setting-publication');
  await publication.waitForDisplayed();
  await publication.clearValue();
  await publication.setValue('The Syrian Observer');
  await waitForText(browser, 'disclaimer-preview', /translated and edited by The Syrian Observer/);
  await screenshot(browser, 'settings');
  await click(browser, 'settings-save');
  await browser.waitUntil(async () => !(await byId(browser, 'settings-save').isEnabled()), {
    timeoutMsg: 'the settings were never saved',
  });
  await goToDesk(browser);
});

let storyId;
test('a pasted Arabic story opens as rows, right to left', async () => {
  await click(browser, 'new-story');
  const source = await byId(browser, 'paste-source');
  await source.waitForDisplayed();
  await source.setValue(keystrokes(arabic));
  await screenshot(browser, 'new-story');
  await click(browser, 'paste-import');

  await browser.waitUntil(async () => (await allById(browser, 'segment-row')).length > 0, {
    timeoutMsg: 'the story never opened after the paste',
  });
  const rows = await allById(browser, 'segment-row');
  assert.equal(rows.length, englishRows.length);
  const sources = await allById(browser, 'segment-source');
  assert.equal(await sources[0].getAttribute('dir'), 'rtl');
  assert.equal(await waitForText(browser, 'status', /draft/i).then(() => true), true);
  await screenshot(browser, 'story-translate');
});

test('a refused move shows its reason', async () => {
  await actAs(browser, 'Rana', 'translator');
  const move = await byId(browser, 'move-translated');
  await move.waitForDisplayed();
  const reason = await waitForText(browser, 'move-reason', /untranslated/i);
  assert.match(reason, new RegExp(`${englishRows.length} segment`));
  // The refusal leaves the story where it was.
  if (await move.isEnabled()) await move.click();
  assert.match(await byId(browser, 'status').getText(), /draft/i);
  await screenshot(browser, 'refused-move');
});

test('the translator types every row, marks each done, and marks the story translated', async () => {
  const targets = await allById(browser, 'segment-target');
  assert.equal(targets.length, englishRows.length);
  for (const [i, line] of englishRows.entries()) {
    const target = (await allById(browser, 'segment-target'))[i];
    await target.click();
    await target.addValue(line);
    await waitSaved(browser);
    await browser.keys([Key.Ctrl, Key.Enter]);
    const state = (await allById(browser, 'segment-state'))[i];
    await browser.waitUntil(async () => /done/i.test((await state.getText()) || (await state.getAttribute('data-state')) || ''), {
      timeoutMsg: `row ${i + 1} never became done`,
    });
  }
  await waitSaved(browser);
  await waitForText(browser, 'progress', new RegExp(`${englishRows.length}\\s*/\\s*${englishRows.length}`));
  await screenshot(browser, 'story-translated-rows');
  await click(browser, 'move-translated');
  await waitForText(browser, 'status', /translated/i);
});

test('the editor sets headline, standfirst and keywords and marks it edited', async () => {
  await actAs(browser, 'Omar', 'editor');
  await typeInto(browser, await byId(browser, 'headline'), englishHeadline);
  await typeInto(browser, await byId(browser, 'standfirst'), 'Macedonians vote on renaming their country, according to al-Watan.');
  await typeInto(browser, await byId(browser, 'keywords'), 'Macedonia, Greece, referendum');
  await screenshot(browser, 'story-edited');
  await click(browser, 'move-edited');
  // Marking edited asks first, in one line; Enter confirms.
  await waitForText(browser, 'confirm-line', /edited: the translation is final/);
  await browser.keys(['Enter']);
  await waitForText(browser, 'status', /edited/i);
  // Publishing waits for the reviewer.
  await waitForText(browser, 'move-reason', /verification/i);
});

test('the reviewer marks it not verified', async () => {
  await actAs(browser, 'Lina', 'reviewer');
  await click(browser, 'verify-not-verified');
  // The reviewer says what was checked; Enter confirms.
  const note = await byId(browser, 'verify-note');
  await note.waitForDisplayed();
  await note.setValue('Called the agency; the casualty figures are unconfirmed');
  await browser.keys(['Enter']);
  await waitForText(browser, 'verification', /not.verified/i);
  await screenshot(browser, 'reviewed');
});

test('the editor previews, publishes and exports; the page holds the disclaimer', async () => {
  await actAs(browser, 'Omar', 'editor');
  await click(browser, 'tab-preview');
  const frame = await byId(browser, 'preview-frame');
  await frame.waitForDisplayed();
  const sandbox = await frame.getAttribute('sandbox');
  assert.ok(sandbox !== null && !sandbox.includes('allow-scripts'), `preview sandbox: ${sandbox}`);
  const srcdoc = await frame.getAttribute('srcdoc');
  assert.match(srcdoc, /has not verified the content of this story/);
  // A rounded or shadowed frame is clipped through a layer WebKitGTK leaves
  // unpainted while the page scrolls (strips along the left edge).
  const look = await browser.execute((el) => {
    const s = getComputedStyle(el);
    return { radius: s.borderTopLeftRadius, shadow: s.boxShadow };
  }, frame);
  assert.deepEqual(look, { radius: '0px', shadow: 'none' });
  await screenshot(browser, 'preview');

  await click(browser, 'publish-export');
  await waitForText(browser, 'confirm-line', /^Publish “.+” as not verified: its page is written/);
  await screenshot(browser, 'publish-confirm');
  await click(browser, 'confirm-move');
  const shown = await waitForText(browser, 'export-path', /\.html/, 20000);
  const file = shown.match(/(\/\S+\.html)/)[1];
  await waitForText(browser, 'status', /published/i);
  await screenshot(browser, 'published');
  const page = fs.readFileSync(file, 'utf8');
  assert.ok(file.startsWith(process.env.DRAGOMAN_E2E_WORK), `exported under the test's home: ${file}`);
  assert.match(page, /This article was translated and edited by The Syrian Observer\./);
  assert.match(page, /The Syrian Observer has not verified the content of this story\. Responsibility for the information and views set out in this article lies entirely with the author\./);
  assert.ok(page.includes(englishRows[0]), 'the exported page holds the typed translation');

  await click(browser, 'tab-history');
  await browser.pause(300);
  await screenshot(browser, 'history');
});
