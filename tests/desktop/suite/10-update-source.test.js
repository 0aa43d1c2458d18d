// An updated source in the window: the outlet revised NTREX article 02 after the
// desk translated it. Dropped on the window, the revision is offered as a newer
// version of the story, not a new story; taking it keeps every translation and
// shows exactly the changed row with the change word by word, and saving that
// row again takes the change in.
//
// The store is shared by the suites in order, and 02-autosave pasted 02.ar.txt
// as it is; here the headline carries its number in Arabic-Indic digits (as
// al-Watan writes it), so this is another article with its own address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, byId, allById, actAs, screenshot, corpus, dragoman, waitForNotice, waitSaved } from '../lib/app.js';

const folder = path.join(process.env.DRAGOMAN_E2E_WORK ?? '', 'updated');
const URL = 'https://alwatan.sy/archives/ntrex-02-update';

/** The article as the outlet's feed gives it: front matter with its address, then the text. */
function article(name, arabic) {
  const [headline, ...paragraphs] = arabic.trim().split('\n');
  const file = path.join(folder, name);
  fs.writeFileSync(file, `---\nsource: al-Watan\nlanguage: ar\nurl: ${URL}\n---\n\n# ${headline}\n\n${paragraphs.join('\n\n')}\n`);
  return file;
}

function dropOnWindow(...files) {
  const script = path.join(import.meta.dirname, '../lib/drop-files.py');
  const run = spawnSync('python3', [script, 'Dragoman', ...files, '--timeout', '10'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the window did not take the drop (drop-files.py: ${run.status}) ${run.stderr ?? ''}`);
}

test('a revised article dropped on the window updates its story and marks exactly the changed row', async () => {
  fs.mkdirSync(folder, { recursive: true });
  const arabic = corpus('02.ar.txt').replace('إلى 832', 'إلى ٨٣٢');
  const english = corpus('02.en.txt').trim().split('\n').slice(1);
  const first = article('palu.md', arabic);
  const imported = JSON.parse(dragoman('--json', 'import', first))[0];
  assert.equal(imported.created, true);
  const id = String(imported.id);
  english.forEach((line, i) => dragoman('--as', 'Rana', '--role', 'translator', 'translate', id, String(i + 1), line));

  const revisedText = arabic.replace('أكثر من 380,000 شخص', 'أكثر من 400,000 نسمة');
  assert.notEqual(revisedText, arabic);
  const revised = article('palu-revised.md', revisedText);

  const browser = await openApp();
  try {
    await byId(browser, 'new-story').then((el) => el.waitForDisplayed());
    await actAs(browser, 'Rana', 'translator');
    const stories = JSON.parse(dragoman('--json', 'list')).length;
    dropOnWindow(revised);
    await waitForNotice(browser, /One file is a newer version of a story on the desk/);
    const offer = await byId(browser, 'new-version');
    await offer.waitForDisplayed();
    assert.match(await offer.getText(), new RegExp(`A newer version of story ${id}`));
    assert.equal(JSON.parse(dragoman('--json', 'list')).length, stories, 'the offer adds no story');
    await screenshot(browser, '10-update-offered');

    await (await byId(browser, 'take-update')).click();
    await waitForNotice(browser, /Source changed in row 3, translation kept/);
    await browser.waitUntil(async () => (await allById(browser, 'segment-row')).length === 3, {
      timeoutMsg: 'the story did not open with its three rows',
    });
    const targets = await allById(browser, 'segment-target');
    for (const [i, line] of english.entries()) {
      assert.equal(await targets[i].getValue(), line, `row ${i + 1} keeps its translation`);
    }
    const marked = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="segment-row"]')]
        .filter((r) => r.querySelector('[data-testid="source-change"]'))
        .map((r) => r.dataset.no),
    );
    assert.deepEqual(marked, ['3'], 'exactly the changed row is marked');
    const change = await browser.execute(() => {
      const box = document.querySelector('[data-testid="source-change"]');
      const runs = (tag) => [...(box?.querySelectorAll(tag) ?? [])].map((e) => e.textContent.trim()).join(' ');
      return { removed: runs('del'), added: runs('ins') };
    });
    assert.deepEqual(change, { removed: '380,000 شخص', added: '400,000 نسمة' });
    await (await byId(browser, 'source-change')).scrollIntoView({ block: 'center' });
    await screenshot(browser, '10-update-source-changed');

    // The translator follows the change and saves the row: the marker goes.
    const row3 = targets[2];
    await row3.click();
    const old = await row3.getValue();
    await row3.clearValue();
    await row3.addValue(old.replace('380,000', '400,000'));
    await waitSaved(browser);
    await browser.waitUntil(async () => !(await (await byId(browser, 'source-change')).isExisting()), {
      timeoutMsg: 'the source-changed marker stayed after the row was saved',
    });
    const story = JSON.parse(dragoman('--json', 'show', id));
    assert.equal(story.segments[2].target, old.replace('380,000', '400,000'));
    assert.equal(story.segments[2].source_change, undefined);
    assert.ok(story.history.some((h) => h.action === 'update_source' && /source changed in segment 3/.test(h.detail)));
  } finally {
    await browser.deleteSession();
  }
});
