// Words and dates as the desk shows them. Dates are formatted by hand rather than by
// Intl so the window and the tests agree whatever the machine's locale data.

import type { MoveOption, Status, Verification } from '../api';

const STATUS_LABELS: Record<Status, string> = {
  draft: 'Draft',
  translated: 'Translated',
  edited: 'Edited',
  published: 'Published',
};

const VERIFICATION_LABELS: Record<Verification, string> = {
  unreviewed: 'Unreviewed',
  not_verified: 'Not verified',
  verified: 'Verified',
};

export const statusLabel = (s: Status): string => STATUS_LABELS[s] ?? s;
export const verificationLabel = (v: Verification): string => VERIFICATION_LABELS[v] ?? v;

/** The words on a workflow button. */
export function moveLabel(move: Pick<MoveOption, 'to' | 'kind'>): string {
  if (move.kind === 'back') return `Send back to ${statusLabel(move.to).toLowerCase()}`;
  switch (move.to) {
    case 'translated':
      return 'Mark translated';
    case 'edited':
      return 'Mark edited';
    case 'published':
      return 'Publish and export';
    default:
      return `Move to ${statusLabel(move.to).toLowerCase()}`;
  }
}

const LANGUAGES: Record<string, string> = {
  ar: 'Arabic',
  fa: 'Persian',
  tr: 'Turkish',
  ku: 'Kurdish',
  ckb: 'Central Kurdish',
  he: 'Hebrew',
  ur: 'Urdu',
  ps: 'Pashto',
  ru: 'Russian',
  fr: 'French',
  de: 'German',
  es: 'Spanish',
  en: 'English',
};

/** "Arabic" for "ar" or "ar-SY"; the tag itself for a language not in the list. */
export function languageName(tag: string): string {
  const primary = tag.split(/[-_]/)[0]?.toLowerCase() ?? '';
  return LANGUAGES[primary] ?? (tag || 'Unknown language');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "4 Mar 2026" from an RFC 3339 stamp or a YYYY-MM-DD day (read as UTC). */
export function dayLabel(iso: string, withYear = true): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  const base = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  return withYear ? `${base} ${d.getUTCFullYear()}` : base;
}

/** "14:05, 4 Mar 2026" in UTC, the time the store records. */
export function stampLabel(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${hh}:${mm}, ${dayLabel(iso)}`;
}

/** How long ago, for the desk's "Updated" column. */
export function ago(iso: string, now: Date): string {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  return dayLabel(iso, then.getUTCFullYear() !== now.getUTCFullYear());
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The last minute of `now`'s day, in the person's time zone: what "due today" reaches. */
export function endOfDay(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate(), 23, 59, 59, 999);
}

/**
 * A deadline as the desk shows it, in the person's time zone: "today 17:00",
 * "tomorrow 09:30", "yesterday 18:00", or "6 Dec 17:00" ("6 Dec 2027 17:00" in
 * another year).
 */
export function deadlineLabel(iso: string, now: Date): string {
  const due = new Date(iso);
  if (Number.isNaN(due.getTime())) return iso;
  const time = `${pad(due.getHours())}:${pad(due.getMinutes())}`;
  const day = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const days = Math.round((day(due) - day(now)) / 86_400_000);
  if (days === 0) return `today ${time}`;
  if (days === 1) return `tomorrow ${time}`;
  if (days === -1) return `yesterday ${time}`;
  const year = due.getFullYear() !== now.getFullYear() ? ` ${due.getFullYear()}` : '';
  return `${due.getDate()} ${MONTHS[due.getMonth()]}${year} ${time}`;
}

/**
 * Whether a story has missed its deadline: core says whether the deadline still
 * stands (`pending`, not yet published); the clock moves on while the desk is
 * open, so the comparison with now is made here.
 */
export function overdue(story: { due: string | null; pending: boolean }, now: Date): boolean {
  return story.pending && story.due !== null && new Date(story.due).getTime() < now.getTime();
}

/** "RH" for "Rana Haddad": the first letters of the first two words, upper case. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

/** "1,234" without relying on the locale. */
export function count(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A message from the store as a sentence: its first letter capitalised. */
export function sentence(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

const englishNumber = new Intl.PluralRules('en');

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${englishNumber.select(n) === 'one' ? one : many}`;
}

/**
 * Why a file was not imported, for the line that already names it: the store's
 * message starts with the file's path (so that it stands alone on the command
 * line), which that line would otherwise show twice.
 */
export function reasonBesideFile(file: string, message: string): string {
  return message.startsWith(`${file}: `) ? sentence(message.slice(file.length + 2)) : message;
}

/**
 * What became of files brought in from the window (picked or dropped): how many
 * became new stories, how many were already on the desk and how many could not be
 * imported. The New story dialog lists each file with its reason; a notice that
 * reports a failure points there.
 */
export function importSummary(created: number, existing: number, failed: number): string {
  const parts: string[] = [];
  // The first part names the files; the others count the same files on.
  const files = (n: number) => (parts.length ? count(n) : plural(n, 'file'));
  if (created) parts.push(`${files(created)} imported`);
  if (existing) parts.push(`${files(existing)} already on the desk`);
  if (failed) parts.push(`${files(failed)} not imported; the list says why`);
  return parts.join(', ') || 'No files to import';
}

/**
 * What taking a newer version of a story's article did, in one line: the rows
 * whose source changed (translation kept), the new rows, the removed ones, and
 * whether a correction was opened.
 */
export function sourceUpdateSummary(update: {
  changed: number[];
  added: number[];
  removed: { no: number }[];
  unchanged: number;
  correction: boolean;
}): string {
  const rows = (nos: number[]) => `${nos.length === 1 ? 'row' : 'rows'} ${nos.join(', ')}`;
  const parts: string[] = [];
  if (update.changed.length) parts.push(`source changed in ${rows(update.changed)}, translation kept`);
  if (update.added.length) parts.push(`new ${rows(update.added)} to translate`);
  if (update.removed.length) parts.push(`${plural(update.removed.length, 'paragraph')} removed (listed in the history)`);
  if (!parts.length) parts.push('no paragraph changed');
  const line = sentence(`${parts.join('; ')}.`);
  return update.correction ? `${line} The story was published: a correction is now open.` : line;
}
