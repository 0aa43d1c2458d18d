import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce } from './debounce';

describe('debounce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls once with the last arguments after the quiet period', () => {
    const seen: string[] = [];
    const d = debounce((q: string) => seen.push(q), 250);
    d('s');
    vi.advanceTimersByTime(100);
    d('sy');
    vi.advanceTimersByTime(249);
    expect(seen).toEqual([]);
    expect(d.waiting).toBe(true);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['sy']);
    expect(d.waiting).toBe(false);
  });

  it('cancels and flushes', () => {
    const seen: string[] = [];
    const d = debounce((q: string) => seen.push(q), 250);
    d('a');
    d.cancel();
    vi.advanceTimersByTime(500);
    expect(seen).toEqual([]);
    d('b');
    d.flush();
    expect(seen).toEqual(['b']);
    d.flush();
    expect(seen).toEqual(['b']);
  });
});
