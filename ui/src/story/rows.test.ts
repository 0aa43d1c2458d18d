import { describe, expect, it } from 'vitest';
import { nextUnfinished } from './rows';

const row = (state: 'empty' | 'draft' | 'done', related?: number) => ({ state, related });

describe('nextUnfinished', () => {
  it('skips done rows and Read Also lines, then wraps to the top', () => {
    const rows = [row('empty'), row('done'), row('draft', 4), row('done'), row('draft')];
    expect(nextUnfinished(rows, 0)).toBe(4);
    expect(nextUnfinished(rows, 4)).toBe(0);
  });

  it('says there is none when every other row is done', () => {
    expect(nextUnfinished([row('done'), row('empty'), row('done')], 1)).toBeNull();
    expect(nextUnfinished([row('draft')], 0)).toBeNull();
  });
});
