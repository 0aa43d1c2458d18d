// Moving between rows the way translators expect from OmegaT.

import type { Segment } from '../api';

/**
 * The row Ctrl+Enter goes to after `from`: the next one not done yet (a Read
 * Also line is never one to translate), wrapping round to the top; null when
 * every other row is done.
 */
export function nextUnfinished(segments: readonly Pick<Segment, 'state' | 'related'>[], from: number): number | null {
  for (let step = 1; step < segments.length; step++) {
    const i = (from + step) % segments.length;
    const seg = segments[i]!;
    if (!seg.related && seg.state !== 'done') return i;
  }
  return null;
}
