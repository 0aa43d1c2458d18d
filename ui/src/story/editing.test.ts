import { describe, expect, it } from 'vitest';
import type { Segment } from '../api';
import { progressOf, readonlyReason, typedState } from './editing.svelte';

const seg = (no: number, source: string, target: string, state: Segment['state']): Segment => ({
  id: no * 10,
  no,
  source,
  target,
  state,
});

describe('story editing rules', () => {
  it('counts progress as the store does: rows with source, words on both sides', () => {
    const p = progressOf([
      seg(1, 'التقى مملوك بشمخاني', 'Mamlouk met Shamkhani', 'done'),
      seg(2, 'في طهران', 'in Tehran', 'draft'),
      seg(3, '', 'Read also: an editor’s line', 'done'),
      seg(4, 'يوم الاثنين', '', 'empty'),
    ]);
    expect(p).toEqual({ done: 1, total: 3, source_words: 7, target_words: 10 });
  });

  it('keeps a done row done while it is corrected, and empties an emptied one', () => {
    expect(typedState('empty', 'M')).toBe('draft');
    expect(typedState('draft', 'Mamlouk')).toBe('draft');
    expect(typedState('done', 'Mamlouk met')).toBe('done');
    expect(typedState('done', '   ')).toBe('empty');
  });

  it('says why text is read-only', () => {
    expect(readonlyReason('draft', 'translator')).toBeNull();
    expect(readonlyReason('edited', 'editor')).toBeNull();
    expect(readonlyReason('draft', 'reviewer')).toMatch(/Reviewers/);
    expect(readonlyReason('draft', undefined)).toMatch(/who you are/);
    expect(readonlyReason('published', 'editor')).toMatch(/frozen/);
  });
});
