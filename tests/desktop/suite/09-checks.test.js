// The checks in the window: a story whose translation changed a number shows the
// error in the Checks panel, on its row and on the bar; publishing is held, a click
// on the finding shows the row, and an editor publishes over the checks with a
// reason that the history keeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, byId, allById, actAs, screenshot, waitForText, dragoman, openStory } from '../lib/app.js';

const work = process.env.DRAGOMAN_E2E_WORK ?? '';

test('a changed number holds publishing until an editor goes over the checks with a reason', async () => {
  const file = path.join(work, 'palu.md');
  fs.writeFileSync(
    file,
    '---\nsource: al-Watan\nlanguage: ar\n---\n\n' +
      'ارتفاع عدد الوفيات جراء تسونامي إندونيسيا إلى ٨٣٢\n\n' +
      'وقد تمت تغطية مدينة بالو والتي يعيش بها أكثر من 380,000 شخص بالحطام الناتج عن انهيار المباني.\n',
  );
  const id = String(JSON.parse(dragoman('--json', 'import', file))[0].id);
  const as = (name, role) => ['--as', name, '--role', role];
  dragoman(...as('Rana', 'translator'), 'translate', id, '1', 'Death toll from Indonesia tsunami rises to 832');
  dragoman(...as('Rana', 'translator'), 'translate', id, '2', 'The city of Palu, home to more than 38,000 people, was strewn with debris.');
  dragoman(...as('Rana', 'translator'), 'move', id, '--to', 'translated');
  dragoman(...as('Omar', 'editor'), 'edit', id, '--headline', 'Indonesia tsunami toll rises', '--standfirst', 'The toll rose to 832, the agency said.');
  dragoman(...as('Omar', 'editor'), 'move', id, '--to', 'edited');
  dragoman(...as('Lina', 'reviewer'), 'verify', id, '--verified', '--note', 'Called the disaster agency');
  dragoman('--as', 'Omar', '--role', 'editor', 'settings', 'publication', 'The Syrian Observer');

  const browser = await openApp();
  try {
    await byId(browser, 'new-story').then((el) => el.waitForDisplayed());
    await actAs(browser, 'Omar', 'editor');
    await openStory(browser, id);

    await waitForText(browser, 'checks-badge', /^1 check error$/);
    const finding = await byId(browser, 'check-finding');
    await finding.waitForDisplayed();
    assert.match(await finding.getText(), /Row 2\s*380,000 in the source is 38,000 in the translation/);
    const rows = await allById(browser, 'segment-row');
    assert.match(await (await rows[1].$('[data-testid="row-findings"]')).getText(), /380,000 in the source is 38,000/);
    // The problem is marked in the source pane.
    const flagged = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="segment-row"][data-no="2"] [data-testid="flag-mark"]')].map((m) => m.textContent),
    );
    assert.deepEqual(flagged, ['380,000']);
    const publish = await byId(browser, 'publish-export');
    assert.equal(await publish.isEnabled(), false, 'publishing is held while an error remains');
    await screenshot(browser, '09-checks-held');

    // A click on the finding puts the caret in that row's translation.
    await finding.click();
    await browser.waitUntil(
      async () => (await browser.execute(() => document.activeElement?.closest('[data-testid="segment-row"]')?.dataset.no)) === '2',
      { timeoutMsg: 'the finding did not show its row' },
    );
    // ...and selected in the translation.
    const selected = await browser.execute(() => {
      const area = document.activeElement;
      return area instanceof HTMLTextAreaElement ? area.value.slice(area.selectionStart, area.selectionEnd) : '';
    });
    assert.equal(selected, '38,000');

    await (await byId(browser, 'publish-over-checks')).click();
    const reason = await byId(browser, 'over-checks-reason');
    await reason.waitForDisplayed();
    await reason.setValue('The agency revised the figure; confirmed by phone');
    await (await byId(browser, 'over-checks-confirm')).click();
    await waitForText(browser, 'status', /Published/);
    await screenshot(browser, '09-checks-published-over');

    const history = JSON.parse(dragoman('--json', 'history', id));
    const last = history[history.length - 1];
    assert.equal(last.note, 'The agency revised the figure; confirmed by phone');
    assert.match(last.detail, /published over 1 check error: segment 2: 380,000 in the source is 38,000/);
  } finally {
    await browser.deleteSession();
  }
});
