// The workflow's states and the desk's filters in the order the desk shows them.

import type { Status, Verification } from '../api';

export const STATUSES: readonly Status[] = ['draft', 'translated', 'edited', 'published'];
export const VERIFICATIONS: readonly Verification[] = ['unreviewed', 'not_verified', 'verified'];

/** Whose stories the desk shows: anyone's, the person's, nobody's, or those due by tonight. */
export type Assignment = '' | 'mine' | 'unassigned' | 'due_today';

/** The desk's assignment filter and its order, as its toolbar offers them. */
export const ASSIGNMENTS: readonly { value: Assignment; label: string }[] = [
  { value: '', label: 'Anyone’s' },
  { value: 'mine', label: 'Assigned to me' },
  { value: 'unassigned', label: 'Unassigned' },
  { value: 'due_today', label: 'Due today' },
];
export const ORDERS: readonly { value: 'updated' | 'due'; label: string }[] = [
  { value: 'updated', label: 'Latest change first' },
  { value: 'due', label: 'Deadline first' },
];
