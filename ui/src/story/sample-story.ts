// A one-row Arabic story as the shell's get_story returns it, for tests that run a
// StoryEditing against Tauri's IPC mock.

import type { MoveOption, OpenStory, SegmentState } from '../api';

export function sampleStory({
  version = 1,
  state = 'draft',
  keywords = [],
}: { version?: number; state?: SegmentState; keywords?: string[] } = {}): OpenStory {
  const done = state === 'done';
  const translated: MoveOption = {
    to: 'translated',
    kind: 'forward',
    allowed: done,
    reason: done ? null : '1 segment untranslated',
    code: done ? null : 'untranslated_segments',
  };
  return {
    story: {
      id: 7,
      slug: 'rain',
      status: 'draft',
      verification: 'unreviewed',
      headline: '',
      standfirst: '',
      keywords,
      language: 'en',
      related: [],
      source: { name: 'al-Watan', url: '', language: 'ar', headline: 'مطر', date: '', author: '' },
      credits: { translator: '', editor: '', reviewer: '' },
      created_at: '2026-11-29T10:00:00Z',
      updated_at: '2026-11-29T10:00:00Z',
      first_published_at: null,
      published_at: null,
      version,
      assignee: null,
      due: null,
      segments: [{ id: 10, no: 1, source: 'مطر في دمشق', target: 'Rain in Damascus', state }],
      corrections: [],
      history: [],
    },
    progress: { done: done ? 1 : 0, total: 1, source_words: 3, target_words: 3 },
    moves: [translated],
    permissions: {
      editText: { allowed: true, code: null, reason: null },
      verify: { allowed: false, code: 'forbidden', reason: 'setting verification needs the role reviewer; you are acting as translator' },
      correct: { allowed: false, code: 'forbidden', reason: 'opening a correction needs the role editor; you are acting as translator' },
      updateSource: { allowed: true, code: null, reason: null },
      exportAgain: { allowed: false, code: 'not_published', reason: 'story 7 is not published; only a published story can be corrected' },
      assign: { allowed: false, code: 'forbidden', reason: 'assigning stories needs the role editor; you are acting as translator' },
      take: { allowed: true, code: null, reason: null },
      release: { allowed: false, code: 'invalid_input', reason: 'the story is not assigned to anyone' },
    },
    direction: 'rtl',
    pending: true,
  };
}
