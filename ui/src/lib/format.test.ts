import { describe, expect, it } from 'vitest';
import {
  ago,
  count,
  deadlineLabel,
  endOfDay,
  overdue,
  dayLabel,
  importSummary,
  reasonBesideFile,
  initials,
  languageName,
  moveLabel,
  plural,
  sentence,
  sourceUpdateSummary,
  stampLabel,
  verificationLabel,
} from './format';
import { codePointOffset } from './text';
import { dayBars } from './chart';

describe('format', () => {
  it('takes the initials of the first two words', () => {
    expect(initials('Rana Haddad')).toBe('RH');
    expect(initials('  omar  al faruq ')).toBe('OA');
    expect(initials('Leyla')).toBe('L');
    expect(initials('')).toBe('');
  });

  const now = new Date('2026-03-10T12:00:00Z');

  it('says how long ago', () => {
    expect(ago('2026-03-10T11:59:40Z', now)).toBe('just now');
    expect(ago('2026-03-10T11:30:00Z', now)).toBe('30 min ago');
    expect(ago('2026-03-10T07:00:00Z', now)).toBe('5 h ago');
    expect(ago('2026-03-09T10:00:00Z', now)).toBe('yesterday');
    expect(ago('2026-03-06T12:00:00Z', now)).toBe('4 days ago');
    expect(ago('2026-01-02T12:00:00Z', now)).toBe('2 Jan');
    expect(ago('2025-12-30T12:00:00Z', now)).toBe('30 Dec 2025');
    expect(ago('not a date', now)).toBe('not a date');
  });

  it('sums up files brought in, pointing at the list when some were not imported', () => {
    expect(importSummary(1, 0, 0)).toBe('1 file imported');
    expect(importSummary(1200, 0, 0)).toBe('1,200 files imported');
    expect(importSummary(0, 1, 0)).toBe('1 file already on the desk');
    expect(importSummary(0, 0, 1)).toBe('1 file not imported; the list says why');
    expect(importSummary(1, 0, 1)).toBe('1 file imported, 1 not imported; the list says why');
    expect(importSummary(2, 1, 3)).toBe('2 files imported, 1 already on the desk, 3 not imported; the list says why');
    expect(importSummary(0, 0, 0)).toBe('No files to import');
  });

  it('leaves the path out of a reason shown beside its file', () => {
    const file = '/home/rana/Desktop/scan.txt';
    expect(reasonBesideFile(file, `${file}: this is not a text file`)).toBe('This is not a text file');
    // A message about something else keeps its words.
    expect(reasonBesideFile(file, 'the store is busy; try again')).toBe('the store is busy; try again');
    expect(reasonBesideFile(file, '/home/rana/Desktop/scan.txt.bak: empty')).toBe('/home/rana/Desktop/scan.txt.bak: empty');
  });

  it('writes days, stamps and numbers without the locale', () => {
    expect(dayLabel('2026-03-04')).toBe('4 Mar 2026');
    expect(dayLabel('2026-03-04', false)).toBe('4 Mar');
    expect(stampLabel('2026-03-04T09:05:00.000Z')).toBe('09:05, 4 Mar 2026');
    expect(count(100000)).toBe('100,000');
    expect(count(999)).toBe('999');
    expect(plural(1, 'story', 'stories')).toBe('1 story');
    expect(plural(2500, 'story', 'stories')).toBe('2,500 stories');
    expect(sentence('2 segment(s) untranslated')).toBe('2 segment(s) untranslated');
    expect(sentence('marking a story translated needs the role editor')).toBe('Marking a story translated needs the role editor');
    expect(sentence('')).toBe('');
  });

  it('names moves, verifications and languages', () => {
    expect(moveLabel({ to: 'translated', kind: 'forward' })).toBe('Mark translated');
    expect(moveLabel({ to: 'draft', kind: 'back' })).toBe('Send back to draft');
    expect(moveLabel({ to: 'published', kind: 'forward' })).toBe('Publish and export');
    expect(verificationLabel('not_verified')).toBe('Not verified');
    expect(languageName('ar-SY')).toBe('Arabic');
    expect(languageName('xx')).toBe('xx');
    expect(languageName('')).toBe('Unknown language');
  });
});

describe('deadlines', () => {
  // Local times: the desk shows deadlines in the person's own time zone.
  const now = new Date(2026, 11, 5, 12, 0);
  const at = (day: number, h: number, m = 0, year = 2026, month = 11) => new Date(year, month, day, h, m).toISOString();

  it('reads as today, tomorrow, yesterday or a date', () => {
    expect(deadlineLabel(at(5, 17), now)).toBe('today 17:00');
    expect(deadlineLabel(at(6, 9, 30), now)).toBe('tomorrow 09:30');
    expect(deadlineLabel(at(4, 18), now)).toBe('yesterday 18:00');
    expect(deadlineLabel(at(9, 8), now)).toBe('9 Dec 08:00');
    expect(deadlineLabel(at(2, 8, 0, 2027, 0), now)).toBe('2 Jan 2027 08:00');
  });

  it('is overdue only while the story still has to meet it', () => {
    expect(overdue({ due: at(5, 11), pending: true }, now)).toBe(true);
    expect(overdue({ due: at(5, 13), pending: true }, now)).toBe(false);
    expect(overdue({ due: at(5, 11), pending: false }, now)).toBe(false);
    expect(overdue({ due: null, pending: true }, now)).toBe(false);
  });

  it('"due today" reaches the last minute of the local day', () => {
    const end = endOfDay(now);
    expect([end.getDate(), end.getHours(), end.getMinutes()]).toEqual([5, 23, 59]);
  });
});

describe('text', () => {
  it('counts code points the way the store does', () => {
    expect(codePointOffset('abc', 2)).toBe(2);
    // An emoji is two UTF-16 units but one char in the store.
    expect(codePointOffset('a😀b', 3)).toBe(2);
    expect(codePointOffset('مرحبا بكم', 5)).toBe(5);
    expect(codePointOffset('abc', -1)).toBe(0);
  });
});

describe('dayBars', () => {
  it('scales to the busiest day and keeps a small day visible', () => {
    const bars = dayBars(
      [
        { day: '2026-03-01', count: 0 },
        { day: '2026-03-02', count: 1 },
        { day: '2026-03-03', count: 100 },
      ],
      30,
      50,
      2,
      2,
    );
    expect(bars.map((b) => b.height)).toEqual([0, 2, 50]);
    expect(bars.map((b) => b.y)).toEqual([50, 48, 0]);
    expect(bars.map((b) => b.x)).toEqual([1, 11, 21]);
    expect(bars.every((b) => b.width === 8)).toBe(true);
  });

  it('draws nothing for no days and a flat baseline for a quiet month', () => {
    expect(dayBars([], 100, 40)).toEqual([]);
    const quiet = dayBars(Array.from({ length: 30 }, (_, i) => ({ day: `d${i}`, count: 0 })), 300, 40);
    expect(quiet.every((b) => b.height === 0)).toBe(true);
  });
});

describe('sourceUpdateSummary', () => {
  const update = { changed: [] as number[], added: [] as number[], removed: [] as { no: number }[], unchanged: 3, correction: false };

  it('names the changed and new rows and counts the removed paragraphs', () => {
    expect(sourceUpdateSummary({ ...update, changed: [3] })).toBe('Source changed in row 3, translation kept.');
    expect(sourceUpdateSummary({ ...update, changed: [2, 5], added: [6], removed: [{ no: 1 }] })).toBe(
      'Source changed in rows 2, 5, translation kept; new row 6 to translate; 1 paragraph removed (listed in the history).',
    );
  });

  it('says when nothing changed and when a correction was opened', () => {
    expect(sourceUpdateSummary(update)).toBe('No paragraph changed.');
    expect(sourceUpdateSummary({ ...update, changed: [1], correction: true })).toMatch(/a correction is now open/);
  });
});
