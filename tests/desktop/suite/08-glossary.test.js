// The glossary in the window: terms are marked in the source row (through Arabic
// prefixes), a click puts the agreed rendering in, a missing or forbidden rendering
// shows on the row, a term is added by selecting words in both panes, and Ctrl+K
// shows how the memory translated the selected words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, byId, allById, actAs, screenshot, waitSaved, dragoman, openStory } from '../lib/app.js';
import { Key } from 'webdriverio';

const work = process.env.DRAGOMAN_E2E_WORK ?? '';

/** Selects `words` inside the source cell of row `index` (from 0), as a mouse drag would. */
async function selectInSource(browser, index, words) {
  await browser.execute(
    (i, w) => {
      const cell = document.querySelectorAll('[data-testid="segment-source"] .source-text')[i];
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent.indexOf(w);
        if (at >= 0) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + w.length);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          return;
        }
      }
      throw new Error(`"${w}" is not in source row ${i}`);
    },
    index,
    words,
  );
}

/** The checks' findings under row `index`, or '' when it has none. */
async function problems(browser, index) {
  const row = (await allById(browser, 'segment-row'))[index];
  const list = await row.$('[data-testid="row-findings"]');
  return (await list.isExisting()) ? list.getText() : '';
}

test('glossary terms are marked, put in by a click, checked on the row, and added from a selection', async () => {
  const as = ['--as', 'Omar', '--role', 'editor'];
  dragoman('glossary', 'add', 'الأمم المتحدة', 'United Nations', '--note', 'Spelled out on first mention', ...as);
  dragoman('glossary', 'add', 'الدولة الإسلامية', 'Islamic State', '--forbidden', '--note', 'The desk writes ISIS', ...as);
  const file = path.join(work, 'glossary-story.md');
  fs.writeFileSync(
    file,
    '---\nsource: al-Watan\nlanguage: ar\n---\n\n' +
      ['قال الأمين العام للأمم المتحدة إن الوضع خطير', 'هاجم مقاتلو الدولة الإسلامية القرية', 'وصل الوزير إلى بيروت أمس'].join(
        '\n\n',
      ) +
      '\n',
  );
  const id = JSON.parse(dragoman('--json', 'import', file))[0].id;

  const browser = await openApp();
  try {
    await byId(browser, 'new-story').then((el) => el.waitForDisplayed());
    await actAs(browser, 'Rana', 'translator');
    await openStory(browser, id);
    await browser.waitUntil(async () => (await allById(browser, 'term-mark')).length === 2, {
      timeoutMsg: 'the two glossary terms were not marked in the source',
    });
    const [unMark, isMark] = await allById(browser, 'term-mark');
    // The mark takes in the prefix: لل + الأمم.
    assert.equal(await unMark.getText(), 'للأمم المتحدة');
    assert.match(await unMark.getAttribute('title'), /Agreed: United Nations/);
    assert.match(await isMark.getAttribute('title'), /Not to use: Islamic State — The desk writes ISIS/);

    // A translation without the agreed rendering: the row says so once saved.
    const targets = await allById(browser, 'segment-target');
    await targets[0].click();
    await targets[0].addValue('The Secretary-General of the');
    await waitSaved(browser);
    await browser.waitUntil(async () => /“United Nations” \(for الأمم المتحدة\) is not in the translation/.test(await problems(browser, 0)), {
      timeoutMsg: 'the missing rendering was not shown on the row',
    });
    await screenshot(browser, '08-glossary-missing');

    // A click on the mark puts the rendering where the caret was.
    await unMark.click();
    await browser.waitUntil(async () => (await targets[0].getValue()) === 'The Secretary-General of the United Nations', {
      timeoutMsg: 'a click on the mark did not put the rendering in',
    });
    await waitSaved(browser);
    await browser.waitUntil(async () => (await problems(browser, 0)) === '', { timeoutMsg: 'the row still says the rendering is missing' });

    // A forbidden rendering used: the row says so.
    await targets[1].click();
    await targets[1].addValue('Islamic State fighters attacked the village');
    await waitSaved(browser);
    await browser.waitUntil(async () => /“Islamic State” is a rendering the desk does not use: The desk writes ISIS/.test(await problems(browser, 1)), {
      timeoutMsg: 'the forbidden rendering was not shown on the row',
    });

    // A new term from the words selected in both panes.
    await targets[2].click();
    await targets[2].addValue('The minister reached Beirut yesterday');
    await waitSaved(browser);
    await selectInSource(browser, 2, 'بيروت');
    await browser.execute(() => {
      const area = document.querySelectorAll('[data-testid="segment-target"]')[2];
      area.focus();
      area.setSelectionRange(21, 27);
    });
    await browser.keys([Key.Control, Key.Shift, 'g']);
    await browser.keys([Key.Control, Key.Shift]);
    const dialog = await byId(browser, 'term-dialog');
    await dialog.waitForDisplayed({ timeoutMsg: 'Ctrl+Shift+G did not open the add-term dialog' });
    assert.equal(await (await byId(browser, 'term-source')).getValue(), 'بيروت');
    assert.equal(await (await byId(browser, 'term-target')).getValue(), 'Beirut');
    await screenshot(browser, '08-glossary-add-term');
    await (await byId(browser, 'term-save')).click();
    await dialog.waitForExist({ reverse: true, timeoutMsg: 'the dialog stayed open after adding' });
    await browser.waitUntil(async () => (await allById(browser, 'term-mark')).length === 3, {
      timeoutMsg: 'the new term was not marked in the source',
    });
    const listed = JSON.parse(dragoman('--json', 'glossary', 'list'));
    assert.ok(listed.some((t) => t.source === 'بيروت' && t.target === 'Beirut' && t.source_lang === 'ar'));

    // Concordance: the first row done goes into the memory; Ctrl+K on a selection finds it.
    await targets[0].click();
    await browser.keys([Key.Control, Key.Enter]);
    await browser.keys([Key.Control]);
    await browser.waitUntil(async () => (await (await allById(browser, 'segment-state'))[0].getAttribute('data-state')) === 'done');
    await waitSaved(browser);
    await selectInSource(browser, 0, 'الأمين العام');
    await browser.keys([Key.Control, 'k']);
    await browser.keys([Key.Control]);
    const hit = await byId(browser, 'concordance-hit');
    await hit.waitForDisplayed({ timeoutMsg: 'Ctrl+K showed no concordance for the selection' });
    assert.match(await hit.getText(), /The Secretary-General of the United Nations/);
    await screenshot(browser, '08-concordance');
    await browser.keys([Key.Escape]);
    await (await byId(browser, 'concordance')).waitForExist({ reverse: true, timeoutMsg: 'Esc did not close the concordance' });
  } finally {
    await browser.deleteSession();
  }
});
