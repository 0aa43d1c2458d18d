// The answers the shell writes into the page it serves (src-tauri/src/first_answers.rs):
// the desk's first questions, answered before any script runs. api.ts hands them
// to the components' first calls instead of asking over IPC, so the app mounts
// with its desk's rows at hand.

/** The id of the data block in the served page. */
export const FIRST_ANSWERS_ID = 'dragoman-first-answers';

import { DESK_PAGE } from '../bindings';

export { DESK_PAGE };

/** A command and the arguments `invoke` takes with it. */
export type Question = readonly [command: string, args?: Record<string, unknown>];

/**
 * What the desk's first screen asks, as the shell answers it in the page
 * (`commands::first_answers`): who is acting, the counts and the first page of
 * the unfiltered list.
 */
export const DESK_QUESTIONS = {
  info: ['desk_info'],
  counts: ['desk_counts'],
  page: ['list_stories', { filter: { offset: 0, limit: DESK_PAGE } }],
} as const satisfies Record<string, Question>;

/** A command and its arguments as one string, whatever order the fields came in. */
export function questionKey(command: string, args?: Record<string, unknown>): string {
  const sorted = (_key: string, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value;
  return `${command} ${JSON.stringify(args ?? {}, sorted)}`;
}

interface ServedAnswer {
  command: string;
  args: Record<string, unknown>;
  answer: unknown;
}

let served: Map<string, unknown> | null = null;
let readAt = 0;

/**
 * The served answers by `questionKey`. The block is read once and removed, so a
 * later start of the bundle (a reload) does not take answers that are old by
 * then. Empty outside the app window, or when the block is missing or is not
 * what the shell writes.
 */
export function servedAnswers(doc: Document | undefined = globalThis.document): Map<string, unknown> {
  if (served) return served;
  served = new Map();
  readAt = Date.now();
  const block = doc?.getElementById(FIRST_ANSWERS_ID);
  if (!block) return served;
  block.remove();
  let parsed: unknown;
  try {
    parsed = JSON.parse(block.textContent ?? '');
  } catch {
    return served;
  }
  if (!Array.isArray(parsed)) return served;
  for (const item of parsed as Partial<ServedAnswer>[]) {
    if (typeof item?.command !== 'string' || item.args === null || typeof item.args !== 'object') continue;
    if (!('answer' in item)) continue;
    served.set(questionKey(item.command, item.args), item.answer);
  }
  return served;
}

/**
 * When the served answers were read: the page's first script reads them as soon
 * as the page is parsed, so this is within a few milliseconds of their being
 * computed, and callers age them from here.
 */
export function servedAnswersReadAt(): number {
  return readAt;
}

/** Forgets what was read, for tests that serve a new page. */
export function forgetServedAnswers(): void {
  served = null;
}
