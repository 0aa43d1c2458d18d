// The visual defects found walking through the app, each held by a check on what
// the screen shows (position, visibility, style or text), with a screenshot of
// each mended screen in artifacts/desktop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, byId, allById, actAs, click, dragoman, openStory, screenshot } from '../lib/app.js';

const work = process.env.DRAGOMAN_E2E_WORK ?? '';
const URL = 'https://www.alwatan.sy/archives/2026/12/05/a-very-long-address-of-an-article-about-the-delegation-visit';

let browser;
let id;

before(async () => {
  // Twenty paragraphs: enough to scroll, so the header sticks and the last row's
  // menu opens at the window's bottom edge.
  const paragraphs = Array.from({ length: 20 }, (_, i) => `الفقرة رقم ${i + 1} عن زيارة الوفد إلى دمشق.`);
  const file = path.join(work, 'screens.md');
  fs.writeFileSync(
    file,
    `---\nsource: al-Watan\nlanguage: ar\nurl: ${URL}\n---\n\n# زيارة الوفد إلى دمشق\n\n${paragraphs.join('\n\n')}\n`,
  );
  id = String(JSON.parse(dragoman('--json', 'import', file))[0].id);
  browser = await openApp();
  await byId(browser, 'new-story').then((el) => el.waitForDisplayed());
  await actAs(browser, 'Rana', 'translator');
  await openStory(browser, id);
  await browser.waitUntil(async () => (await allById(browser, 'segment-target')).length === 20);
});

after(async () => {
  await browser?.deleteSession();
});

/** The bounding box of the first element matching `selector`. */
const box = (selector) =>
  browser.execute((s) => {
    const r = document.querySelector(s)?.getBoundingClientRect();
    return r ? { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height } : null;
  }, selector);

test('the Source/Translation header sits flush with the top of the scrolled rows', async () => {
  await browser.execute(() => {
    const rows = document.querySelector('.rows');
    rows.scrollTop = 600;
  });
  await browser.waitUntil(() => browser.execute(() => document.querySelector('.rows').scrollTop > 0));
  const area = await box('.rows');
  const head = await box('.row.head');
  // No gap above the header for text to show through.
  assert.ok(Math.abs(head.top - area.top) <= 1.5, `header ${head.top}px, scroll area ${area.top}px`);
  await screenshot(browser, 'sticky-header');
});

test('the last row’s menu opens upward inside the window, with no tooltip over it', async () => {
  await browser.execute(() => {
    const rows = document.querySelector('.rows');
    rows.scrollTop = rows.scrollHeight;
  });
  const targets = await allById(browser, 'segment-target');
  await targets[19].click();
  const buttons = await browser.$$('[data-testid="segment-row"] .menu-button');
  const last = buttons[buttons.length - 1];
  await last.waitForClickable();
  await last.moveTo();
  await last.click();
  const menu = await browser.$('.row-menu');
  await menu.waitForDisplayed();
  const inner = await browser.execute(() => window.innerHeight);
  const r = await box('.row-menu');
  assert.ok(r.bottom <= inner && r.top >= 0, `menu ${r.top}–${r.bottom}px in a ${inner}px window`);
  assert.equal(await (await byId(browser, 'tooltip')).isDisplayed(), false, 'a tooltip covers the menu');
  await screenshot(browser, 'row-menu-upward');
  await browser.keys(['Escape']);
});

test('the standfirst hint is the translation’s placeholder, not text in the Source column', async () => {
  const sourceCell = await browser.execute(
    () => document.querySelectorAll('.row')[2]?.querySelector('.source')?.textContent ?? '',
  );
  assert.doesNotMatch(sourceCell, /summary line/);
  const placeholder = await browser.execute(
    () => document.querySelectorAll('.row')[2]?.querySelector('.target textarea')?.getAttribute('placeholder') ?? '',
  );
  assert.match(placeholder, /summary line/);
});

test('the source address is cut with an ellipsis on one line, not broken mid-string', async () => {
  const link = await browser.$('.url a');
  await link.scrollIntoView();
  const style = await browser.execute((el) => {
    const s = getComputedStyle(el);
    return { whiteSpace: s.whiteSpace, overflow: s.textOverflow, lines: Math.round(el.getBoundingClientRect().height / parseFloat(s.lineHeight || '18')) };
  }, link);
  assert.equal(style.whiteSpace, 'nowrap');
  assert.equal(style.overflow, 'ellipsis');
  assert.ok(style.lines <= 1, `the address takes ${style.lines} lines`);
  await screenshot(browser, 'source-url');
});

test('verification buttons look inert to a translator, and a reviewer sees no dead moves', async () => {
  const verified = await byId(browser, 'verify-verified');
  assert.equal(await verified.isEnabled(), false);
  const look = await browser.execute((el) => {
    const s = getComputedStyle(el);
    return { opacity: Number(s.opacity), cursor: s.cursor };
  }, verified);
  assert.ok(look.opacity < 1 && look.cursor === 'not-allowed', JSON.stringify(look));

  await actAs(browser, 'Lina', 'reviewer');
  await browser.waitUntil(async () => (await verified.isEnabled()) === true, {
    timeoutMsg: 'the reviewer could not set the verification',
  });
  // The moves a reviewer can never make are not on the bar at all.
  const moves = await browser.$$('[data-testid^="move-"]');
  const shown = [];
  for (const m of moves) if (await m.isDisplayed()) shown.push(await m.getAttribute('data-testid'));
  assert.deepEqual(shown.filter((t) => t !== 'move-reason'), [], `a reviewer sees ${shown}`);
  await screenshot(browser, 'reviewer-bar');

  // Setting the verification asks first, in one line; Enter confirms.
  await click(browser, 'verify-not-verified');
  const note = await byId(browser, 'verify-note');
  await note.waitForDisplayed();
  await note.setValue('Called the agency');
  await browser.keys(['Enter']);
  await browser.waitUntil(
    async () => (await (await byId(browser, 'verification')).getAttribute('data-verification')) === 'not_verified',
  );
  await click(browser, 'verify-unreviewed');
  const line = await byId(browser, 'verify-line');
  await line.waitForDisplayed();
  assert.match(await line.getText(), /goes back to unreviewed/);
  assert.equal(
    await (await byId(browser, 'verification')).getAttribute('data-verification'),
    'not_verified',
    'nothing changed before the confirmation',
  );
  await screenshot(browser, 'verify-confirm-line');
  await browser.keys(['Enter']);
  await browser.waitUntil(
    async () => (await (await byId(browser, 'verification')).getAttribute('data-verification')) === 'unreviewed',
    { timeoutMsg: 'Enter did not confirm going back to unreviewed' },
  );
});

test('the preview says when it was made in words, and sets the Arabic title upright', async () => {
  await click(browser, 'tab-preview');
  const frame = await byId(browser, 'preview-frame');
  await frame.waitForDisplayed();
  const srcdoc = await frame.getAttribute('srcdoc');
  assert.match(srcdoc, /Generated <time datetime="[^"]+">\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC<\/time>/);
  assert.doesNotMatch(srcdoc, /Generated \d{4}-\d\d-\d\dT/);
  assert.match(srcdoc, /cite\[dir="rtl"\]\s*\{\s*font-style:\s*normal;?\s*\}/);
  await screenshot(browser, 'preview-notice');
  await click(browser, 'tab-translate');
});
