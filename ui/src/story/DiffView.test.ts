// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import DiffView from './DiffView.svelte';
import type { DiffPart } from '../api';

let app: ReturnType<typeof mount> | null = null;

afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

function render(parts: DiffPart[]) {
  const target = document.createElement('div');
  document.body.appendChild(target);
  app = mount(DiffView, { target, props: { parts } });
  flushSync();
  return target;
}

describe('DiffView', () => {
  it('shows removed and added words in place, in order', () => {
    const el = render([
      { kind: 'same', text: 'Mamlouk met ' },
      { kind: 'added', text: 'Ali ' },
      { kind: 'same', text: 'Shamkhani in ' },
      { kind: 'removed', text: 'Damascus' },
      { kind: 'added', text: 'Tehran' },
    ]);
    expect(el.querySelector('.diff')!.textContent).toBe('Mamlouk met Ali Shamkhani in DamascusTehran');
    expect([...el.querySelectorAll('ins')].map((n) => n.textContent)).toEqual(['Ali ', 'Tehran']);
    expect([...el.querySelectorAll('del')].map((n) => n.textContent)).toEqual(['Damascus']);
    expect(el.querySelector('.same-note')).toBeNull();
  });

  it('keeps markup in a revision as text', () => {
    const el = render([{ kind: 'added', text: '<img src=x onerror=alert(1)>' }]);
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('ins')!.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('says so when nothing changed', () => {
    const el = render([{ kind: 'same', text: 'unchanged' }]);
    expect(el.querySelector('.same-note')!.textContent).toMatch(/same text/);
  });
});
