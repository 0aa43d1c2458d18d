import { describe, expect, it } from 'vitest';
import { PageCache, pagesOf, scrollToShow, visibleRange } from './windowing';

describe('visibleRange', () => {
  it('renders the rows on screen plus the overscan', () => {
    // 600px viewport of 40px rows at the top: rows 0..15 visible, 16 with a partial.
    expect(visibleRange(0, 600, 40, 100_000, 5)).toEqual({ start: 0, end: 21 });
    // Scrolled to row 1000 exactly.
    expect(visibleRange(40_000, 600, 40, 100_000, 5)).toEqual({ start: 995, end: 1021 });
    // Half a row scrolled: row 1000 is partly visible and still rendered.
    expect(visibleRange(40_020, 600, 40, 100_000, 0)).toEqual({ start: 1000, end: 1016 });
  });

  it('stays inside the list at both ends and for odd input', () => {
    expect(visibleRange(4_000_000, 600, 40, 100_000, 5)).toEqual({ start: 99_994, end: 100_000 });
    expect(visibleRange(-50, 600, 40, 3, 5)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(0, 600, 40, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(0, 0, 40, 10, 0)).toEqual({ start: 0, end: 1 });
  });

  it('never renders more than a screenful and the overscan, however long the list', () => {
    for (const total of [10, 1_000, 100_000]) {
      for (const top of [0, 123, 39_999, 3_999_000]) {
        const r = visibleRange(top, 720, 44, total, 6);
        expect(r.end - r.start).toBeLessThanOrEqual(Math.ceil(720 / 44) + 1 + 12);
        expect(r.start).toBeGreaterThanOrEqual(0);
        expect(r.end).toBeLessThanOrEqual(total);
      }
    }
  });
});

describe('pagesOf and scrollToShow', () => {
  it('lists the pages a range touches', () => {
    expect(pagesOf({ start: 0, end: 100 }, 100)).toEqual([0]);
    expect(pagesOf({ start: 95, end: 121 }, 100)).toEqual([0, 1]);
    expect(pagesOf({ start: 5, end: 5 }, 100)).toEqual([]);
  });

  it('scrolls only as far as needed to show a row', () => {
    expect(scrollToShow(5, 0, 400, 40)).toBeNull();
    expect(scrollToShow(20, 0, 400, 40)).toBe(20 * 40 + 40 - 400);
    expect(scrollToShow(2, 400, 400, 40)).toBe(80);
  });
});

describe('PageCache', () => {
  function loader(total: number) {
    const calls: [number, number][] = [];
    const release: (() => void)[] = [];
    const load = (offset: number, limit: number) => {
      calls.push([offset, limit]);
      const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => offset + i);
      return new Promise<{ total: number; rows: number[] }>((resolve) => release.push(() => resolve({ total, rows })));
    };
    return { calls, release, load };
  }

  it('fetches each page once, even when asked twice while it loads', async () => {
    const l = loader(1000);
    let changes = 0;
    const cache = new PageCache(l.load, 100, 10, () => changes++);
    const a = cache.ensure({ start: 90, end: 130 });
    const b = cache.ensure({ start: 100, end: 110 });
    expect(l.calls).toEqual([
      [0, 100],
      [100, 100],
    ]);
    l.release.forEach((r) => r());
    await Promise.all([a, b]);
    expect(cache.row(95)).toBe(95);
    expect(cache.row(130)).toBe(130);
    expect(cache.row(250)).toBeUndefined();
    expect(cache.total).toBe(1000);
    expect(changes).toBe(2);
    await cache.ensure({ start: 0, end: 200 });
    expect(l.calls.length).toBe(2);
  });

  it('keeps at most maxPages, dropping the least recently read', async () => {
    const l = loader(100_000);
    const cache = new PageCache(l.load, 100, 3);
    for (const page of [0, 1, 2]) {
      const p = cache.fetch(page);
      l.release.shift()!();
      await p;
    }
    cache.row(5); // page 0 is now the most recently used
    const p = cache.fetch(3);
    l.release.shift()!();
    await p;
    expect(cache.cachedPages).toBe(3);
    expect(cache.has(0)).toBe(true);
    expect(cache.has(1)).toBe(false);
    expect(cache.has(3)).toBe(true);
  });

  it('ignores answers that arrive after a reset', async () => {
    const l = loader(500);
    const cache = new PageCache(l.load, 100);
    const stale = cache.fetch(0);
    cache.reset();
    l.release[0]();
    await stale;
    expect(cache.has(0)).toBe(false);
    expect(cache.total).toBeNull();
    const fresh = cache.fetch(0);
    l.release[1]();
    await fresh;
    expect(cache.row(3)).toBe(3);
  });

  it('refreshes the pages on screen in place, by position, and drops the rest', async () => {
    let base = 0;
    const seen: (number | undefined)[] = [];
    const cache = new PageCache<number>(async (offset, limit, previous) => {
      seen.push(previous);
      return { total: 1000, rows: Array.from({ length: limit }, (_, i) => base + offset + i) };
    }, 100);
    await cache.ensure({ start: 0, end: 300 });
    base = 1000;
    const refreshing = cache.refresh({ start: 150, end: 250 });
    // Until the new rows arrive the old ones stay on screen.
    expect(cache.row(160)).toBe(160);
    expect(cache.has(0)).toBe(false);
    await refreshing;
    expect(cache.row(160)).toBe(1160);
    expect(cache.row(240)).toBe(1240);
    expect(seen.slice(-2)).toEqual([undefined, undefined]);
  });

  it('refreshes an empty list by asking for its first page', async () => {
    let total = 0;
    const cache = new PageCache<number>(async (offset, limit) => ({
      total,
      rows: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => offset + i),
    }));
    await cache.ensure({ start: 0, end: 1 });
    expect(cache.total).toBe(0);
    total = 1;
    await cache.refresh({ start: 0, end: 0 });
    expect(cache.total).toBe(1);
    expect(cache.row(0)).toBe(0);
  });

  it('hands the loader the row before a page when it has it, so it can start after it', async () => {
    const seen: (number | undefined)[] = [];
    const cache = new PageCache<number>(async (offset, limit, previous) => {
      seen.push(previous);
      return { total: 1000, rows: Array.from({ length: limit }, (_, i) => offset + i) };
    }, 100);
    await cache.fetch(0);
    await cache.fetch(1);
    await cache.fetch(5);
    expect(seen).toEqual([undefined, 99, undefined]);
  });
});
