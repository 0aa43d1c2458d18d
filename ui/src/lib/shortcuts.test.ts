import { describe, expect, it } from 'vitest';
import { actionFor, SHORTCUTS, type KeyLike } from './shortcuts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...mods,
});

describe('actionFor', () => {
  it('maps the translator’s everyday keys', () => {
    expect(actionFor(key('Enter', { ctrlKey: true }), true)).toBe('done-next');
    expect(actionFor(key('ArrowUp', { altKey: true }), true)).toBe('prev-row');
    expect(actionFor(key('ArrowDown', { altKey: true }), true)).toBe('next-row');
    expect(actionFor(key('S', { ctrlKey: true, shiftKey: true }), true)).toBe('split');
    expect(actionFor(key('m', { ctrlKey: true, shiftKey: true }), true)).toBe('merge');
    expect(actionFor(key('Enter', { ctrlKey: true, shiftKey: true }), true)).toBe('insert');
    expect(actionFor(key('s', { ctrlKey: true }), true)).toBe('save');
    expect(actionFor(key('Enter', { metaKey: true }), true)).toBe('done-next');
    for (const n of ['1', '2', '3', '4', '5']) {
      expect(actionFor(key(n, { ctrlKey: true }), true)).toBe('insert-match');
    }
    expect(actionFor(key('6', { ctrlKey: true }), true)).toBeNull();
    expect(actionFor(key('G', { ctrlKey: true, shiftKey: true }), true)).toBe('add-term');
    expect(actionFor(key('k', { ctrlKey: true }), true)).toBe('concordance');
    expect(actionFor(key('k', { ctrlKey: true, shiftKey: true }), true)).toBeNull();
    expect(actionFor(key('1'), true)).toBeNull();
  });

  it('needs the exact modifiers, so similar chords never collide', () => {
    expect(actionFor(key('ArrowUp', { altKey: true, shiftKey: true }), true)).toBe('move-up');
    expect(actionFor(key('ArrowDown', { altKey: true, shiftKey: true }), true)).toBe('move-down');
    expect(actionFor(key('Enter'), true)).toBeNull();
    expect(actionFor(key('Enter', { shiftKey: true }), true)).toBeNull();
    expect(actionFor(key('ArrowUp'), true)).toBeNull();
    expect(actionFor(key('s'), true)).toBeNull();
    expect(actionFor(key('Enter', { ctrlKey: true, altKey: true }), true)).toBeNull();
  });

  it('leaves "?" to be typed in a field, and opens the help outside one', () => {
    expect(actionFor(key('?', { shiftKey: true }), true)).toBeNull();
    expect(actionFor(key('?', { shiftKey: true }), false)).toBe('help');
    expect(actionFor(key('?'), false)).toBe('help');
    expect(actionFor(key('F1'), true)).toBe('help');
    expect(actionFor(key('Escape'), true)).toBe('close');
  });

  it('has no two shortcuts on the same chord', () => {
    const chords = SHORTCUTS.flatMap((s) =>
      [s.key, ...(s.alsoKeys ?? [])].map((k) => [k.toLowerCase(), !!s.ctrl, !!s.alt, !!s.shift].join('+')),
    );
    expect(new Set(chords).size).toBe(chords.length);
  });
});
