// The inbox watcher's events (issue 5) as window state: the latest batch progress
// and the recent outcomes. The shell emits "inbox"; this is the one listener, and
// screens read from here rather than listening themselves.

import * as api from '../api';
import { session } from './session.svelte';

class Inbox {
  batch = $state<{ done: number; total: number } | null>(null);
  recent = $state<api.InboxEvent[]>([]);
  lastError = $state<string | null>(null);

  handle(event: api.InboxEvent): void {
    this.recent = [event, ...this.recent].slice(0, 50);
    switch (event.kind) {
      case 'imported':
        session.deskChanged();
        break;
      case 'batch':
        this.batch = event.done >= event.total ? null : { done: event.done, total: event.total };
        if (event.done >= event.total) session.deskChanged();
        break;
      case 'failed':
        session.notify(`${event.file}: ${event.message}`, 'error', 8000);
        break;
      case 'error':
        this.lastError = event.message;
        break;
      case 'duplicate':
      case 'resumed':
        break;
    }
  }
}

export const inbox = new Inbox();

export function watchInbox(): Promise<() => void> {
  return api.onInbox((event) => inbox.handle(event));
}
