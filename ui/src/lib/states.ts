// The workflow's states in the order the desk shows them. Apart from api.ts so the
// first paint (src/first/) can use them without loading the IPC bridge.

import type { Status, Verification } from '../api';

export const STATUSES: readonly Status[] = ['draft', 'translated', 'edited', 'published'];
export const VERIFICATIONS: readonly Verification[] = ['unreviewed', 'not_verified', 'verified'];
