// The story screen's keyboard map, in one table: the key handler and the help
// overlay ("?") read the same list, so what the overlay says is what the keys do.

export type Action =
  | 'done-next'
  | 'prev-row'
  | 'next-row'
  | 'split'
  | 'merge'
  | 'insert'
  | 'move-up'
  | 'move-down'
  | 'save'
  | 'insert-match'
  | 'add-term'
  | 'concordance'
  | 'help'
  | 'close';

export interface Shortcut {
  action: Action;
  /** KeyboardEvent.key, compared case-insensitively for letters. */
  key: string;
  /** Other keys that mean the same action (Ctrl+1 to Ctrl+5: which match). */
  alsoKeys?: readonly string[];
  ctrl?: boolean;
  alt?: boolean;
  shift?: boolean;
  /** The keys as the help overlay shows them. */
  label: string;
  what: string;
  /** Only when focus is not in a text field, so the key can still be typed. */
  outsideFields?: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'done-next', key: 'Enter', ctrl: true, label: 'Ctrl+Enter', what: 'Mark the row done and go to the next row not done yet' },
  { action: 'prev-row', key: 'ArrowUp', alt: true, label: 'Alt+↑', what: 'Previous row' },
  { action: 'next-row', key: 'ArrowDown', alt: true, label: 'Alt+↓', what: 'Next row' },
  {
    action: 'split',
    key: 's',
    ctrl: true,
    shift: true,
    label: 'Ctrl+Shift+S',
    what: 'Split the row where the cursor is (click in the source text first; in a row without source, the translation’s cursor)',
  },
  { action: 'merge', key: 'm', ctrl: true, shift: true, label: 'Ctrl+Shift+M', what: 'Merge the row with the next one' },
  { action: 'insert', key: 'Enter', ctrl: true, shift: true, label: 'Ctrl+Shift+Enter', what: 'Insert a paragraph without source below the row' },
  { action: 'move-up', key: 'ArrowUp', alt: true, shift: true, label: 'Alt+Shift+↑', what: 'Move the row up' },
  { action: 'move-down', key: 'ArrowDown', alt: true, shift: true, label: 'Alt+Shift+↓', what: 'Move the row down' },
  {
    action: 'insert-match',
    key: '1',
    alsoKeys: ['2', '3', '4', '5'],
    ctrl: true,
    label: 'Ctrl+1…5',
    what: 'Put the first to fifth translation-memory match into the row',
  },
  {
    action: 'add-term',
    key: 'g',
    ctrl: true,
    shift: true,
    label: 'Ctrl+Shift+G',
    what: 'Add a glossary term: select words in the source, then in the translation',
  },
  { action: 'concordance', key: 'k', ctrl: true, label: 'Ctrl+K', what: 'Concordance: how the memory has translated the selected words' },
  { action: 'save', key: 's', ctrl: true, label: 'Ctrl+S', what: 'Save now (autosave also saves within a second)' },
  { action: 'help', key: '?', shift: true, label: '?', what: 'Show or hide this list', outsideFields: true },
  { action: 'help', key: 'F1', label: 'F1', what: 'Show or hide this list' },
  { action: 'close', key: 'Escape', label: 'Esc', what: 'Close this list or a dialog' },
];

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/**
 * The action a key press means, or null. Modifiers must match exactly, so Alt+Shift+↑
 * (move) never also fires Alt+↑ (previous row). Meta counts as Ctrl for people on
 * keyboards where that is habit. `inField` is true when focus is in a text field.
 */
export function actionFor(e: KeyLike, inField: boolean): Action | null {
  const ctrl = e.ctrlKey || e.metaKey;
  for (const s of SHORTCUTS) {
    if (s.outsideFields && inField) continue;
    const keys = [s.key, ...(s.alsoKeys ?? [])];
    const sameKey = keys.some((k) => (k.length === 1 ? k.toLowerCase() === e.key.toLowerCase() : k === e.key));
    if (!sameKey) continue;
    // "?" is Shift+/ on most layouts, but not all: the typed character decides.
    const shiftMatters = s.key !== '?';
    if (!!s.ctrl === ctrl && !!s.alt === e.altKey && (!shiftMatters || !!s.shift === e.shiftKey)) {
      return s.action;
    }
  }
  return null;
}
