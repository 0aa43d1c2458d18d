// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import Snippet from './Snippet.svelte';

let target: HTMLElement;
let app: ReturnType<typeof mount> | null = null;

afterEach(() => {
  if (app) unmount(app);
  app = null;
  target?.remove();
});

function render(parts: { text: string; hit?: boolean }[]) {
  target = document.createElement('div');
  document.body.appendChild(target);
  app = mount(Snippet, { target, props: { parts } });
  flushSync();
  return target;
}

describe('Snippet', () => {
  it('marks the hits and keeps the rest as plain text', () => {
    const el = render([{ text: '…talks in ' }, { text: 'Tehran', hit: true }, { text: ' on Monday…' }]);
    expect(el.textContent).toBe('…talks in Tehran on Monday…');
    const marks = el.querySelectorAll('mark');
    expect(marks.length).toBe(1);
    expect(marks[0]!.textContent).toBe('Tehran');
  });

  it('shows markup in a story as text, never as elements', () => {
    const el = render([
      { text: '<img src=x onerror=alert(1)>' },
      { text: '<script>alert(1)</script>', hit: true },
      { text: '<b>bold</b>' },
    ]);
    expect(el.querySelector('img, script, b')).toBeNull();
    expect(el.textContent).toBe('<img src=x onerror=alert(1)><script>alert(1)</script><b>bold</b>');
    expect(el.querySelector('mark')!.textContent).toBe('<script>alert(1)</script>');
  });

  it('renders Arabic runs in their own direction', () => {
    const el = render([{ text: 'التقى ' }, { text: 'مملوك', hit: true }]);
    expect(el.querySelector('.snippet')!.getAttribute('dir')).toBe('auto');
    expect(el.querySelector('mark')!.textContent).toBe('مملوك');
  });
});
