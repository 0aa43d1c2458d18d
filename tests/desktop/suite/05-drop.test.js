// Files dropped on the real window from outside it, the way a file manager drags
// them (lib/drop-files.py speaks XDND to the window): each readable article
// becomes a story, a file that is not an article is named with its reason, and
// the same article dropped again is recognised rather than copied.
//
// The store is shared by the suites in order; 05.ar.txt is not used elsewhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, byId, allById, screenshot, corpusFile, dragoman, waitForNotice } from '../lib/app.js';

const folder = path.join(process.env.DRAGOMAN_E2E_WORK ?? '', 'dragged');
const article = path.join(folder, 'volcano.ar.txt');
const scan = path.join(folder, 'scan.txt');
const headline = fs.readFileSync(corpusFile('05.ar.txt'), 'utf8').split('\n')[0].trim();

/** Drops the files on the middle of the window; throws if the window refused them. */
function dropOnWindow(...files) {
  const script = path.join(import.meta.dirname, '../lib/drop-files.py');
  const run = spawnSync('python3', [script, 'Dragoman', ...files, '--timeout', '10'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the window did not take the drop (drop-files.py: ${run.status}) ${run.stderr ?? ''}`);
}

/** The New story dialog's list of files: name and what became of each. */
const results = () =>
  browser.execute(() => [...document.querySelectorAll('[data-testid="import-result"]')].map((li) => li.textContent ?? ''));

/** Desk rows whose text holds the article's Arabic headline. */
const rowsWithHeadline = () =>
  browser.execute(
    (h) => [...document.querySelectorAll('[data-testid="story-row"]')].filter((r) => (r.textContent ?? '').includes(h)).length,
    headline,
  );

let browser;
before(async () => {
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(corpusFile('05.ar.txt'), article);
  // A PNG's first bytes under a .txt name: not an article, whatever its name says.
  fs.writeFileSync(scan, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff]));
  browser = await openApp();
  await byId(browser, 'new-story').then((el) => el.waitForDisplayed());
});
after(async () => {
  await browser?.deleteSession();
});

test('an article and a scan dropped together: the article becomes a story, the scan is named with its reason', async () => {
  const stories = JSON.parse(dragoman('--json', 'list')).length;
  dropOnWindow(article, scan);
  await waitForNotice(browser, /1 file imported, 1 not imported; the list says why/);
  await browser.waitUntil(async () => (await results()).length === 2, { timeoutMsg: 'the dialog never listed both files' });
  const listed = await results();
  const forArticle = listed.find((t) => t.includes('volcano.ar.txt'));
  const forScan = listed.find((t) => t.includes('scan.txt'));
  assert.match(forArticle ?? '', /Imported/, `the article's line: ${forArticle}`);
  assert.doesNotMatch(forScan ?? '', /Imported|Already on the desk/, `the scan's line: ${forScan}`);
  assert.match(forScan ?? '', /^scan\.txt\s*This is not a text file/, `the scan's line gives the reason once, beside its name: ${forScan}`);
  await screenshot(browser, 'dropped-article-and-scan');

  // The story is in the store, with the article's paragraphs as its segments.
  const after = JSON.parse(dragoman('--json', 'list'));
  assert.equal(after.length, stories + 1);
  const created = after.find((s) => s.source_headline === headline);
  assert.ok(created, `a story headlined ${headline} is on the desk`);
  const story = JSON.parse(dragoman('--json', 'show', String(created.id)));
  assert.equal(story.source.headline, headline);
  const paragraphs = fs.readFileSync(article, 'utf8').split('\n').slice(1).map((l) => l.trim()).filter(Boolean);
  assert.deepEqual(
    story.segments.map((s) => s.source),
    paragraphs,
  );

  // And on the desk behind the dialog.
  await browser.keys('Escape');
  await browser.waitUntil(async () => (await rowsWithHeadline()) === 1, { timeoutMsg: 'the desk never showed the story' });
});

test('the same article dropped again is recognised, not imported twice', async () => {
  dropOnWindow(article);
  await waitForNotice(browser, /1 file already on the desk/);
  await browser.waitUntil(async () => (await results()).some((t) => /volcano\.ar\.txt.*Already on the desk/.test(t)), {
    timeoutMsg: 'the dialog never said the article is already on the desk',
  });
  await browser.keys('Escape');
  await browser.waitUntil(async () => (await allById(browser, 'story-row')).length > 0);
  assert.equal(await rowsWithHeadline(), 1);
});
