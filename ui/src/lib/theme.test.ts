// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { applyTheme, loadTheme, saveTheme } from './theme';

describe('theme', () => {
  it('remembers the choice and falls back to the system', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(loadTheme(storage)).toBe('system');
    saveTheme('dark', storage);
    expect(loadTheme(storage)).toBe('dark');
    store.set('dragoman.theme', 'purple');
    expect(loadTheme(storage)).toBe('system');
  });

  it('pins light or dark on the root and leaves "system" to the media query', () => {
    const root = document.createElement('html');
    applyTheme('dark', root);
    expect(root.getAttribute('data-theme')).toBe('dark');
    applyTheme('system', root);
    expect(root.hasAttribute('data-theme')).toBe(false);
  });
});
