// The translation memory in the window: a story whose paragraphs resemble an
// earlier published one shows that story's translations under the row being
// edited, and Ctrl+1 puts the first into the row, numbers adapted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, byId, allById, actAs, screenshot, waitSaved, dragoman, openStory } from '../lib/app.js';
import { Key } from 'webdriverio';

const work = process.env.DRAGOMAN_E2E_WORK ?? '';

function importStory(name, paragraphs) {
  const file = path.join(work, name);
  fs.writeFileSync(file, `---\nsource: al-Watan\nlanguage: ar\n---\n\n${paragraphs.join('\n\n')}\n`);
  return JSON.parse(dragoman('--json', 'import', file))[0].id;
}

test('a published story’s translation is offered for a like paragraph and Ctrl+1 puts it in', async () => {
  const earlier = importStory('earlier.md', ['قتل 832 شخصا في عام 2019 بحسب التقرير الأممي', 'وصل الوفد إلى دمشق صباح اليوم']);
  const as = (name, role) => ['--as', name, '--role', role];
  dragoman(...as('Rana', 'translator'), 'translate', String(earlier), '1', '832 people were killed in 2019, according to the UN report');
  dragoman(...as('Rana', 'translator'), 'translate', String(earlier), '2', 'The delegation arrived in Damascus this morning');
  dragoman(...as('Omar', 'editor'), 'edit', String(earlier), '--headline', 'A UN report', '--standfirst', 'The report counts the dead.');
  dragoman(...as('Rana', 'translator'), 'move', String(earlier), '--to', 'translated');
  dragoman(...as('Omar', 'editor'), 'move', String(earlier), '--to', 'edited');
  dragoman(...as('Lina', 'reviewer'), 'verify', String(earlier), '--verified', '--note', 'Checked the UN report');
  dragoman('--as', 'Omar', '--role', 'editor', 'settings', 'publication', 'The Syrian Observer');
  dragoman(...as('Omar', 'editor'), 'move', String(earlier), '--to', 'published');

  const later = importStory('later.md', ['قتل ٥٠٠ شخصا في عام ٢٠٢٠ بحسب التقرير الأممي', 'فقرة أخرى لا تشبه شيئا']);

  const browser = await openApp();
  try {
    await byId(browser, 'new-story').then((el) => el.waitForDisplayed());
    await actAs(browser, 'Rana', 'translator');
    await openStory(browser, later);
    await browser.waitUntil(async () => (await allById(browser, 'segment-target')).length === 2);
    const target = (await allById(browser, 'segment-target'))[0];
    await target.click();

    const match = await byId(browser, 'memory-match');
    await match.waitForDisplayed({ timeoutMsg: 'no memory match was shown under the row' });
    const shown = await (await byId(browser, 'memory-matches')).getText();
    assert.match(shown, /100%/);
    assert.match(shown, /500 people were killed in 2020, according to the UN report/);
    assert.match(shown, /numbers adapted/);
    assert.match(shown, new RegExp(`story ${earlier}`));
    await screenshot(browser, '07-memory-matches');

    await browser.keys([Key.Control, '1']);
    await browser.keys([Key.Control]);
    await browser.waitUntil(
      async () => (await target.getValue()) === '500 people were killed in 2020, according to the UN report',
      { timeoutMsg: 'Ctrl+1 did not fill the row' },
    );
    await waitSaved(browser);
    const saved = JSON.parse(dragoman('--json', 'show', String(later)));
    assert.equal(saved.segments[0].target, '500 people were killed in 2020, according to the UN report');

    // The second row resembles nothing: no matches under it.
    await (await allById(browser, 'segment-target'))[1].click();
    await browser.waitUntil(async () => !(await (await byId(browser, 'memory-matches')).isExisting()), {
      timeoutMsg: 'matches stayed under a row they do not belong to',
    });
  } finally {
    await browser.deleteSession();
  }
});
