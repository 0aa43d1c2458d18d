// @vitest-environment happy-dom
// The first paint against the Svelte desk: both draw the same data, and the markup
// must be the same, element for element, attribute for attribute.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushSync, mount, tick, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import App from '../App.svelte';
import { sampleDesk, NOW } from './desk-sample';
import { firstDeskFrom, firstDeskHtml, esc, type FirstDesk } from './first-desk';
import { questionKey } from './first-answers';

let app: ReturnType<typeof mount> | null = null;

afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
  clearMocks();
  vi.useRealTimers();
});

/**
 * The markup as it renders: no comments, whitespace runs as one space (how the
 * page lays them out), attributes and classes in a fixed order.
 */
function canonical(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return esc((node.textContent ?? '').replace(/\s+/g, ' '));
  if (node.nodeType !== Node.ELEMENT_NODE) return '';
  const el = node as Element;
  const attrs = [...el.attributes]
    .map((a) => [a.name, a.name === 'class' ? a.value.split(/\s+/).filter(Boolean).sort().join(' ') : a.value])
    .sort(([a], [b]) => (a! < b! ? -1 : 1))
    .map(([n, v]) => ` ${n}="${esc(v!)}"`)
    .join('');
  const name = el.tagName.toLowerCase();
  return `<${name}${attrs}>${children(el)}</${name}>`;
}

function children(el: Node): string {
  const copy = el.cloneNode(true);
  const drop: Node[] = [];
  const walk = (n: Node) => n.childNodes.forEach((c) => (c.nodeType === Node.COMMENT_NODE ? drop.push(c) : walk(c)));
  walk(copy);
  drop.forEach((c) => c.parentNode?.removeChild(c));
  copy.normalize();
  return [...copy.childNodes].map(canonical).join('');
}

async function svelteDesk(d: FirstDesk): Promise<string> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  mockIPC(
    (cmd) => {
      if (cmd === 'desk_info') return d.info;
      if (cmd === 'desk_counts') return d.overview;
      if (cmd === 'list_stories') return d.page;
      if (cmd === 'inbox_status') return d.inbox;
      return null;
    },
    { shouldMockEvents: true },
  );
  const target = document.createElement('div');
  document.body.appendChild(target);
  app = mount(App, { target });
  // Answers arrive over several turns of the event loop.
  for (let i = 0; i < 10; i++) {
    await tick();
    await new Promise((r) => setTimeout(r, 0));
  }
  flushSync();
  return children(target);
}

function firstDesk(d: FirstDesk): string {
  const target = document.createElement('div');
  // The list in this DOM has no height, as in the Svelte render.
  target.innerHTML = firstDeskHtml(d, NOW, 0);
  return children(target);
}

describe('the first paint', () => {
  it('is the Svelte desk’s markup for the same stories', async () => {
    const d = sampleDesk();
    const first = firstDesk(d);
    expect(first).toContain('Damascus &lt;b&gt;reopens&lt;/b&gt; &amp; the &quot;old&quot; market');
    expect(first.match(/data-testid="story-row"/g)).toHaveLength(9);
    // The assignment columns: one overdue story (the published one's deadline no longer counts).
    expect(first.match(/>Overdue</g)).toHaveLength(1);
    expect(first).toContain('data-testid="filter-assignment"');
    expect(first).toContain('>Rana Haddad</span>');
    expect(first).toBe(await svelteDesk(d));
  });

  it('is the Svelte desk’s markup for an empty desk and nobody acting', async () => {
    const d = sampleDesk();
    d.info.identity = null;
    d.page = { total: 0, stories: [] };
    d.overview = { counts: { total: 0, by_status: {}, by_verification: {} }, perDay: [] };
    const first = firstDesk(d);
    expect(first).toContain('The desk is empty');
    expect(first).toContain('Who are you?');
    expect(first).toBe(await svelteDesk(d));
  });

  it('is drawn only from a whole set of answers, and not over an inbox problem', () => {
    const d = sampleDesk();
    const answers = new Map<string, unknown>([
      [questionKey('desk_info'), d.info],
      [questionKey('desk_counts'), d.overview],
      [questionKey('list_stories', { filter: { limit: 100, offset: 0 } }), d.page],
      [questionKey('inbox_status'), d.inbox],
    ]);
    expect(firstDeskFrom(answers)).toEqual(d);
    for (const key of answers.keys()) {
      const partial = new Map(answers);
      partial.delete(key);
      expect(firstDeskFrom(partial)).toBeNull();
    }
    answers.set(questionKey('inbox_status'), { folder: '/gone', error: { code: 'io', message: 'no such folder' } });
    expect(firstDeskFrom(answers)).toBeNull();
  });
});
