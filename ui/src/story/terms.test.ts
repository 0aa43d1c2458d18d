import { describe, expect, it } from 'vitest';
import type { Term, TermHit, TermStatus } from '../api';
import { agreedRendering, flagPieces, markPieces, markTitle } from './terms';

function hit(source: string, target: string, span: [number, number] | null, status: TermStatus, forbidden = false): TermHit {
  const term: Term = {
    id: Math.floor(Math.random() * 1e6),
    source,
    target,
    source_lang: 'ar',
    target_lang: 'en',
    note: forbidden ? 'The desk writes ISIS' : '',
    forbidden,
    author: 'Rana',
    created_at: '2026-12-04T10:00:00Z',
  };
  return { term, source_span: span, status };
}

describe('glossary marks in the source', () => {
  const source = 'قالت الحكومة إن الاستفتاء سيجري';
  const government = hit('حكومة', 'government', [5, 12], 'missing');
  const referendum = hit('استفتاء', 'referendum', [16, 25], 'used');

  it('cuts the source at each term and keeps every character', () => {
    const pieces = markPieces(source, [referendum, government]);
    expect(pieces.map((p) => p.text).join('')).toBe(source);
    expect(pieces.filter((p) => p.hits.length).map((p) => p.text)).toEqual(['الحكومة', 'الاستفتاء']);
  });

  it('marks overlapping terms once, and terms of one span together', () => {
    const wide = hit('الحكومة إن', 'x', [5, 15], 'pending');
    const forbidden = hit('حكومة', 'regime', [5, 12], 'avoided', true);
    const pieces = markPieces(source, [government, wide, forbidden]);
    expect(pieces.filter((p) => p.hits.length).map((p) => p.text)).toEqual(['الحكومة إن']);
    const same = markPieces(source, [government, forbidden]).find((p) => p.hits.length)!;
    expect(same.hits).toHaveLength(2);
    expect(agreedRendering(same.hits)).toBe('government');
    expect(markTitle(same.hits)).toContain('Not to use: regime — The desk writes ISIS');
  });

  it('leaves text without terms whole, and ignores spans outside it', () => {
    expect(markPieces(source, [])).toEqual([{ text: source, hits: [] }]);
    expect(markPieces('short', [hit('x', 'y', [3, 90], 'pending')])).toEqual([{ text: 'short', hits: [] }]);
  });
});

describe('flagPieces', () => {
  it('marks every occurrence of the words a check found fault with, outside the terms', () => {
    const pieces = flagPieces([{ text: 'أكثر من 380,000 شخص و380,000 آخرين', hits: [] }], ['380,000', '']);
    expect(pieces.map((p) => [p.text, p.flagged === true])).toEqual([
      ['أكثر من ', false],
      ['380,000', true],
      [' شخص و', false],
      ['380,000', true],
      [' آخرين', false],
    ]);
  });

  it('leaves term marks and text without findings as they are', () => {
    const term = { text: 'الأمم المتحدة', hits: [{} as never] };
    expect(flagPieces([term], ['الأمم'])).toEqual([term]);
    expect(flagPieces([{ text: 'plain', hits: [] }], [])).toEqual([{ text: 'plain', hits: [] }]);
  });
});
