// A desk as the shell answers its first questions, for the tests that compare the
// first paint (first-desk.ts) with the Svelte desk.

import type { DeskInfo, DeskOverview, InboxStatus, StoryPage, StorySummary } from '../api';

export const NOW = new Date('2026-11-29T12:00:00Z');

function story(i: number, over: Partial<StorySummary> = {}): StorySummary {
  return {
    id: 1000 - i,
    slug: `story-${1000 - i}`,
    status: 'draft',
    verification: 'unreviewed',
    headline: '',
    source_headline: `خبر رقم ${i}`,
    source_name: 'al-Watan',
    source_language: 'ar',
    translator: '',
    updated_at: new Date(NOW.getTime() - i * 37 * 60_000).toISOString(),
    version: 1,
    assignee: null,
    due: null,
    pending: true,
    progress: { done: i % 4, total: 6, source_words: 120 + i, target_words: 40 },
    ...over,
  };
}

export function sampleDesk(): { info: DeskInfo; overview: DeskOverview; page: StoryPage; inbox: InboxStatus } {
  const stories = Array.from({ length: 30 }, (_, i) => story(i));
  stories[1] = story(1, {
    status: 'translated',
    headline: 'Damascus <b>reopens</b> & the "old" market',
    translator: 'Rana Haddad',
    assignee: 'Rana Haddad',
    due: '2026-11-29T10:00:00Z',
  });
  stories[2] = story(2, {
    status: 'published',
    verification: 'not_verified',
    headline: 'Verified?',
    source_name: '',
    pending: false,
    due: '2026-11-28T10:00:00Z',
  });
  stories[5] = story(5, { assignee: 'Samir', due: '2026-12-03T15:00:00Z' });
  stories[3] = story(3, { source_headline: '', slug: '', source_language: 'fa-IR', verification: 'verified' });
  stories[4] = story(4, { updated_at: '2025-03-04T10:00:00Z', status: 'edited' });
  return {
    info: { dbPath: '/home/rana/.local/share/dragoman/dragoman.db', identity: { name: 'Rana Haddad', role: 'editor' }, version: '0.1.0', lastBackup: null, changeSettings: { allowed: true, code: null, reason: null } },
    overview: {
      counts: {
        total: 123456,
        by_status: { draft: 120000, translated: 3000, edited: 456, published: 2000 },
        by_verification: { unreviewed: 123000, not_verified: 400, verified: 56 },
      },
      perDay: Array.from({ length: 30 }, (_, i) => ({
        day: new Date(NOW.getTime() - (29 - i) * 86_400_000).toISOString().slice(0, 10),
        count: (i * 7) % 5,
      })),
    },
    page: { total: 123456, stories },
    inbox: { folder: '/home/rana/Dragoman/Inbox', error: null },
  };
}
