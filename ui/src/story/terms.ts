// The glossary's terms as the editor shows them: the source text cut into plain
// pieces and marked ones, and what each mark and row problem says.
import type { TermHit } from '../api';

export interface Piece {
  text: string;
  /** The terms found at this piece of the source; empty for plain text. */
  hits: TermHit[];
  /** A check's finding is about these words (a number, a name): shown marked. */
  flagged?: boolean;
}

/**
 * Splits the plain pieces (those with no term) where the words a check found
 * fault with occur, marking them, so the problem shows in the source itself.
 * Every occurrence is marked: a number said twice is the same number.
 */
export function flagPieces(pieces: readonly Piece[], words: readonly string[]): Piece[] {
  const needles = [...new Set(words.map((w) => w.trim()).filter((w) => w.length > 0))];
  if (needles.length === 0) return [...pieces];
  const out: Piece[] = [];
  for (const piece of pieces) {
    if (piece.hits.length > 0) {
      out.push(piece);
      continue;
    }
    let rest = piece.text;
    while (rest.length > 0) {
      // The earliest occurrence of any needle, the longest at a tie.
      let best: { at: number; len: number } | null = null;
      for (const n of needles) {
        const at = rest.indexOf(n);
        if (at >= 0 && (best === null || at < best.at || (at === best.at && n.length > best.len))) best = { at, len: n.length };
      }
      if (best === null) {
        out.push({ text: rest, hits: [] });
        break;
      }
      if (best.at > 0) out.push({ text: rest.slice(0, best.at), hits: [] });
      out.push({ text: rest.slice(best.at, best.at + best.len), hits: [], flagged: true });
      rest = rest.slice(best.at + best.len);
    }
  }
  return out;
}

/**
 * `source` cut at the terms found in it. Spans are UTF-16 offsets, as JavaScript
 * strings count. Where terms overlap, the one that starts first (and, at the
 * same start, the longer) is marked; terms of the very same span share a mark.
 */
export function markPieces(source: string, hits: readonly TermHit[]): Piece[] {
  const spans = hits
    .filter((h): h is TermHit & { source_span: [number, number] } => h.source_span !== null)
    .slice()
    .sort((a, b) => a.source_span[0] - b.source_span[0] || b.source_span[1] - a.source_span[1]);
  const pieces: Piece[] = [];
  let at = 0;
  for (let i = 0; i < spans.length; i++) {
    const [start, end] = spans[i].source_span;
    if (start < at || end > source.length) continue;
    const same = [spans[i]];
    while (i + 1 < spans.length && spans[i + 1].source_span[0] === start && spans[i + 1].source_span[1] === end) {
      same.push(spans[++i]);
    }
    if (start > at) pieces.push({ text: source.slice(at, start), hits: [] });
    pieces.push({ text: source.slice(start, end), hits: same });
    at = end;
  }
  if (at < source.length || pieces.length === 0) pieces.push({ text: source.slice(at), hits: [] });
  return pieces;
}

/** What hovering a mark says: each rendering, agreed or not to use, with its note. */
export function markTitle(hits: readonly TermHit[]): string {
  return hits
    .map((h) => {
      const line = h.term.forbidden ? `Not to use: ${h.term.target}` : `Agreed: ${h.term.target} (click to insert)`;
      return h.term.note ? `${line} — ${h.term.note}` : line;
    })
    .join('\n');
}

/** The rendering a click on a mark puts in: the first agreed one. */
export function agreedRendering(hits: readonly TermHit[]): string | null {
  return hits.find((h) => !h.term.forbidden)?.term.target ?? null;
}
