// Assignments and deadlines in the window: an editor gives a story to Rana with
// a deadline that has passed; Rana, at the same desk, finds it under "Assigned to
// me", marked overdue, and takes another story nobody has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, byId, allById, actAs, click, dragoman, goToDesk, openStory, screenshot } from '../lib/app.js';

const work = process.env.DRAGOMAN_E2E_WORK ?? '';

function importStory(name, text) {
  const file = path.join(work, name);
  fs.writeFileSync(file, `---\nsource: al-Watan\nlanguage: ar\n---\n\n${text}\n`);
  return String(JSON.parse(dragoman('--json', 'import', file))[0].id);
}

/** The ids of the desk's rows, top to bottom. */
const rowIds = (browser) =>
  browser.execute(() => [...document.querySelectorAll('[data-testid="story-row"]')].map((r) => r.getAttribute('data-id')));

test('an editor assigns with a deadline; the translator sees it under "Assigned to me", overdue, and takes another', async () => {
  const late = importStory('assign-late.md', '# اجتماع الوفد في دمشق\n\nوصل الوفد صباح اليوم.\n\nبدأ الاجتماع ظهراً.');
  const free = importStory('assign-free.md', '# افتتاح السوق القديم\n\nأعيد افتتاح السوق بعد الترميم.');
  const third = importStory('assign-third.md', '# أسعار الخبز في حماة\n\nارتفعت أسعار الخبز هذا الأسبوع.');

  const browser = await openApp();
  try {
    await byId(browser, 'new-story').then((el) => el.waitForDisplayed());
    await actAs(browser, 'Omar', 'editor');
    await openStory(browser, late);
    const line = await byId(browser, 'assignment-line');
    await line.waitForDisplayed();
    assert.match(await line.getText(), /Nobody has it yet/);

    await click(browser, 'assign-open');
    // The name field offers the people the desk knows, so a name is typed as they give it.
    await browser.waitUntil(() =>
      browser.execute(() => [...document.querySelectorAll('#assign-people option')].some((o) => o.value === 'Omar')),
    );
    await byId(browser, 'assign-name').then((el) => el.setValue('Rana'));
    // Yesterday at nine, in the window's own time zone: a deadline already missed.
    // A date-and-time field takes its value as text; WebKit's driver cannot type
    // into its segments, so the value is set as the field would set it.
    await browser.execute(() => {
      const d = new Date(Date.now() - 86_400_000);
      const p = (n) => String(n).padStart(2, '0');
      const field = document.querySelector('[data-testid="assign-due"]');
      field.value = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T09:00`;
      field.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(browser, 'assign-save');
    await browser.waitUntil(async () => /Assigned to Rana, due yesterday 09:00 \(overdue\)/.test(await line.getText()), {
      timeoutMsg: 'the assignment line never named Rana and the missed deadline',
    });
    const shown = JSON.parse(dragoman('--json', 'show', late));
    assert.equal(shown.assignee, 'Rana');
    assert.ok(shown.due, 'the deadline is stored');
    const history = JSON.parse(dragoman('--json', 'history', late));
    assert.equal(history.at(-1).action, 'assign');
    assert.match(history.at(-1).detail, /^to Rana, due /);
    await screenshot(browser, 'story-assigned');

    // Rana at the desk: "Assigned to me" shows her story alone, overdue.
    await goToDesk(browser);
    await actAs(browser, 'Rana', 'translator');
    await byId(browser, 'filter-assignment').then((el) => el.selectByAttribute('value', 'mine'));
    await browser.waitUntil(async () => JSON.stringify(await rowIds(browser)) === JSON.stringify([late]), {
      timeoutMsg: '"Assigned to me" did not show exactly Rana’s story',
    });
    await screenshot(browser, 'desk-assigned-to-me');

    // The desk chief assigns another story to Rana from the command line: her
    // desk shows it within two seconds, where she is, without a reload.
    dragoman('--as', 'Omar', '--role', 'editor', 'assign', third, '--to', 'Rana', '--due', 'tomorrow');
    await browser.waitUntil(async () => (await rowIds(browser)).includes(third), {
      timeout: 2500,
      timeoutMsg: 'an assignment made elsewhere did not reach the desk within 2 s',
    });
    const row = await browser.$(`[data-testid="story-row"][data-id="${late}"]`);
    const due = await row.$('[data-testid="story-due"]');
    assert.match(await due.getText(), /yesterday 09:00\s*overdue/i);
    const assignee = await row.$('[data-testid="story-assignee"]');
    assert.ok(await assignee.isDisplayed(), 'the assignee column is on screen');
    assert.equal(await browser.execute((el) => el.textContent, assignee), 'Rana');
    assert.ok(await due.$('.late').isDisplayed(), 'the overdue mark is on screen');

    // Unassigned: the other story; Rana takes it.
    await byId(browser, 'filter-assignment').then((el) => el.selectByAttribute('value', 'unassigned'));
    // (Earlier suites' stories share the store: none of them is assigned.)
    await browser.waitUntil(
      async () => {
        const ids = await rowIds(browser);
        return ids.includes(free) && !ids.includes(late) && !ids.includes(third);
      },
      { timeoutMsg: '"Unassigned" did not show the free story without Rana’s' },
    );
    // Due today reaches the missed deadline too: it is still to be done.
    await byId(browser, 'filter-assignment').then((el) => el.selectByAttribute('value', 'due_today'));
    await browser.waitUntil(async () => JSON.stringify(await rowIds(browser)) === JSON.stringify([late]), {
      timeoutMsg: '"Due today" did not show the overdue story alone (the other is due tomorrow)',
    });
    // Deadline first: the overdue story, then tomorrow's.
    await byId(browser, 'filter-assignment').then((el) => el.selectByAttribute('value', 'mine'));
    await byId(browser, 'sort-order').then((el) => el.selectByAttribute('value', 'due'));
    await browser.waitUntil(async () => JSON.stringify(await rowIds(browser)) === JSON.stringify([late, third]), {
      timeoutMsg: 'Deadline first did not put the overdue story before tomorrow’s',
    });
    await byId(browser, 'sort-order').then((el) => el.selectByAttribute('value', 'updated'));
    await byId(browser, 'filter-assignment').then((el) => el.selectByAttribute('value', ''));

    await openStory(browser, free);
    await click(browser, 'take-story');
    await browser.waitUntil(async () => /Assigned to Rana/.test(await (await byId(browser, 'assignment-line')).getText()), {
      timeoutMsg: 'taking the story did not assign it to Rana',
    });
    assert.equal(JSON.parse(dragoman('--json', 'show', free)).assignee, 'Rana');
    // A translator is not offered the editor's form.
    assert.equal(await (await byId(browser, 'assign-open')).isExisting(), false);

    // Nor may she change the desk's settings: she sees them, read-only.
    await goToDesk(browser);
    await click(browser, 'open-settings');
    await byId(browser, 'settings-readonly').then((el) => el.waitForDisplayed());
    assert.match(await (await byId(browser, 'settings-readonly')).getText(), /editor/);
    const publication = await byId(browser, 'setting-publication');
    assert.equal(await publication.isEnabled(), false, 'the publication field is read-only');
    assert.equal(await (await byId(browser, 'setting-four_eyes')).isEnabled(), false, 'four eyes is the editors’');
    assert.equal(await (await byId(browser, 'settings-save')).isEnabled(), false);
    await screenshot(browser, 'settings-read-only');
  } finally {
    await browser.deleteSession();
  }
});

test('a tooltip goes away when its button opens a dialog, instead of sitting over it', async () => {
  const browser = await openApp();
  try {
    const button = await byId(browser, 'identity-button');
    await button.waitForDisplayed();
    await button.moveTo();
    const tip = await byId(browser, 'tooltip');
    await browser.waitUntil(async () => (await tip.isDisplayed()) && /Who is acting/.test(await tip.getText()), {
      timeoutMsg: 'resting on the identity button showed no tooltip',
    });
    await button.click();
    await byId(browser, 'identity-name').then((el) => el.waitForDisplayed());
    assert.equal(await tip.isDisplayed(), false, 'the tooltip stayed over the dialog');
    await screenshot(browser, 'dialog-without-tooltip');
    await browser.keys(['Escape']);
  } finally {
    await browser.deleteSession();
  }
});
