// Windowing for the desk's list: with a fixed row height, which rows are on screen is
// arithmetic, so 100,000 stories cost as much as the 30 that are visible. Rows come
// from the store a page at a time and are kept in a bounded cache.

/** The height of a row of the desk's list, in pixels. */
export const DESK_ROW = 44;

export interface Range {
  /** First row to render (inclusive). */
  start: number;
  /** One past the last row to render. */
  end: number;
}

/**
 * The rows to render for a viewport: the visible ones plus `overscan` rows on each
 * side so a fast scroll does not show blank space before the next frame.
 */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan = 8,
): Range {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.min(total - 1, Math.floor(top / rowHeight));
  const shown = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(total, first + shown + overscan),
  };
}

/** The pages (of `pageSize` rows) a range of rows touches. */
export function pagesOf(range: Range, pageSize: number): number[] {
  if (range.end <= range.start) return [];
  const first = Math.floor(range.start / pageSize);
  const last = Math.floor((range.end - 1) / pageSize);
  const pages: number[] = [];
  for (let p = first; p <= last; p++) pages.push(p);
  return pages;
}

/** The scroll position that brings row `index` into view, or null when it is already. */
export function scrollToShow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number | null {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return null;
}

export interface Page<T> {
  total: number;
  rows: T[];
}

/**
 * Fetches `limit` rows from `offset`. `previous` is the row just before the page
 * when the cache holds it: a loader that can start after a row (the desk list's
 * keyset paging) reads a deep page as cheaply as the first.
 */
export type PageLoader<T> = (offset: number, limit: number, previous?: T) => Promise<Page<T>>;

/**
 * Rows by index, fetched a page at a time. Concurrent requests for a page share one
 * fetch; the least recently used pages are dropped beyond `maxPages` so scrolling
 * through 100,000 rows keeps memory flat. `reset` (new filter, new data) discards
 * everything, and answers to fetches started before it are ignored.
 */
export class PageCache<T> {
  private pages = new Map<number, T[]>();
  private loading = new Map<number, Promise<void>>();
  private generation = 0;
  total: number | null = null;

  constructor(
    private readonly load: PageLoader<T>,
    readonly pageSize = 100,
    readonly maxPages = 40,
    private readonly onChange: () => void = () => {},
  ) {}

  /** The row at `index` if its page is here. */
  row(index: number): T | undefined {
    const page = Math.floor(index / this.pageSize);
    const rows = this.pages.get(page);
    if (!rows) return undefined;
    // A read marks the page as recently used (Map keeps insertion order).
    this.pages.delete(page);
    this.pages.set(page, rows);
    return rows[index - page * this.pageSize];
  }

  has(page: number): boolean {
    return this.pages.has(page);
  }

  get cachedPages(): number {
    return this.pages.size;
  }

  /** Fetches the pages a range touches that are neither here nor on their way. */
  ensure(range: Range): Promise<void> {
    const wanted = pagesOf(range, this.pageSize).filter((p) => !this.pages.has(p));
    return Promise.all(wanted.map((p) => this.fetch(p))).then(() => undefined);
  }

  fetch(page: number): Promise<void> {
    return this.fetchAfter(page, this.pages.get(page - 1)?.at(-1));
  }

  /**
   * Reads the pages `range` touches again (the data changed, not the question),
   * keeping their rows on screen until the new ones arrive; every other page goes.
   * They are asked by position: the row before a page may have moved. With no
   * rows on screen (an empty list) the first page is asked, so a list that had
   * none learns it has some now.
   */
  refresh(range: Range): Promise<void> {
    this.generation++;
    this.loading.clear();
    const keep = new Set(pagesOf(range, this.pageSize));
    if (keep.size === 0) keep.add(0);
    for (const page of [...this.pages.keys()]) if (!keep.has(page)) this.pages.delete(page);
    return Promise.all([...keep].map((page) => this.fetchAfter(page, undefined))).then(() => undefined);
  }

  private fetchAfter(page: number, previous: T | undefined): Promise<void> {
    const pending = this.loading.get(page);
    if (pending) return pending;
    const generation = this.generation;
    const job = this.load(page * this.pageSize, this.pageSize, previous)
      .then((result) => {
        if (generation !== this.generation) return;
        this.total = result.total;
        this.pages.set(page, result.rows);
        this.evict();
        this.onChange();
      })
      .finally(() => {
        if (this.loading.get(page) === job) this.loading.delete(page);
      });
    this.loading.set(page, job);
    return job;
  }

  reset(): void {
    this.generation++;
    this.pages.clear();
    this.loading.clear();
    this.total = null;
  }

  private evict(): void {
    while (this.pages.size > this.maxPages) {
      const oldest = this.pages.keys().next().value as number;
      this.pages.delete(oldest);
    }
  }
}
