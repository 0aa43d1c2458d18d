// Which revisions the History tab compares when it opens or a field is picked.

import type { Revision } from '../api';

/** The text a revision belongs to: a field, or a segment by its number. */
export function fieldKey(r: Revision): string {
  return r.field === 'segment' ? `segment ${r.segment_no ?? '(deleted)'}` : r.field;
}

/**
 * The newest revision and the one before it of the same text, the usual
 * question being "what changed last". `newestFirst` may mix fields (the "every
 * text" view); two revisions of different texts are never paired, since a word
 * diff between a headline and a paragraph says nothing.
 */
export function latestPair(newestFirst: Revision[]): { a: number | null; b: number | null } {
  const newest = newestFirst[0];
  if (!newest) return { a: null, b: null };
  const before = newestFirst.slice(1).find((r) => fieldKey(r) === fieldKey(newest));
  return before ? { a: before.number, b: newest.number } : { a: null, b: null };
}
