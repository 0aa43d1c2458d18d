import { describe, expect, it } from 'vitest';
import type { Revision } from '../api';
import { fieldKey, latestPair } from './revisions';

const rev = (number: number, field: string, segment_no?: number): Revision => ({
  number,
  at: '2026-11-29T10:00:00Z',
  actor: 'Rana',
  role: 'translator',
  field,
  segment_no,
  body: `text ${number}`,
});

describe('latestPair', () => {
  it('pairs the newest revision with the previous one of the same text', () => {
    // Newest first: segment 2, the headline, segment 1, segment 2 again.
    const list = [rev(9, 'segment', 2), rev(8, 'headline'), rev(7, 'segment', 1), rev(6, 'segment', 2)];
    expect(latestPair(list)).toEqual({ a: 6, b: 9 });
  });

  it('pairs nothing when the newest text has no earlier revision', () => {
    expect(latestPair([rev(3, 'headline'), rev(2, 'segment', 1), rev(1, 'standfirst')])).toEqual({ a: null, b: null });
    expect(latestPair([])).toEqual({ a: null, b: null });
  });

  it('names segments by number, and a deleted one as deleted', () => {
    expect(fieldKey(rev(1, 'segment', 4))).toBe('segment 4');
    expect(fieldKey(rev(1, 'segment'))).toBe('segment (deleted)');
    expect(fieldKey(rev(1, 'keywords'))).toBe('keywords');
  });
});
