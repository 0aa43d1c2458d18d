import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inbox } from './inbox.svelte';
import { session } from './session.svelte';

describe('inbox events', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows batch progress until the batch is done, then refreshes the desk', () => {
    const epoch = session.deskEpoch;
    inbox.handle({ kind: 'batch', done: 3, total: 10 });
    expect(inbox.batch).toEqual({ done: 3, total: 10 });
    expect(session.deskEpoch).toBe(epoch);
    inbox.handle({ kind: 'batch', done: 10, total: 10 });
    expect(inbox.batch).toBeNull();
    expect(session.deskEpoch).toBe(epoch + 1);
  });

  it('refreshes the desk for each imported story and reports failures', () => {
    const epoch = session.deskEpoch;
    inbox.handle({ kind: 'imported', id: 9, file: 'a.md' });
    inbox.handle({ kind: 'duplicate', id: 9, file: 'a-copy.md' });
    expect(session.deskEpoch).toBe(epoch + 1);
    inbox.handle({ kind: 'failed', file: 'b.pdf', code: 'unsupported_format', message: 'not a text file' });
    expect(session.notices.at(-1)).toMatchObject({ kind: 'error', text: 'b.pdf: not a text file' });
    vi.advanceTimersByTime(10_000);
    expect(session.notices).toEqual([]);
    expect(inbox.recent[0]).toMatchObject({ kind: 'failed', file: 'b.pdf' });
  });
});
