// What the whole window shares: where we are, who is acting, and the dialogs any
// screen may open (identity, new story).

import * as api from '../api';

export type Route = { name: 'desk' } | { name: 'story'; id: number } | { name: 'settings' };

/** Asked before the route changes; resolves false to stay (see shell/closing.ts). */
export type LeaveCheck = () => Promise<boolean>;

const sameRoute = (a: Route, b: Route) => a.name === b.name && (a.name !== 'story' || a.id === (b as { id: number }).id);

export interface Notice {
  id: number;
  kind: 'info' | 'success' | 'error';
  text: string;
}

class Session {
  route = $state<Route>({ name: 'desk' });
  info = $state<api.DeskInfo | null>(null);
  identity = $state<api.Identity | null>(null);
  /** Set when the identity dialog is open; the text says why it opened. */
  identityPrompt = $state<string | null>(null);
  newStoryOpen = $state(false);
  /** Bumped whenever stories arrive or change, so the desk refetches. */
  deskEpoch = $state(0);
  notices = $state<Notice[]>([]);
  startError = $state<api.DeskError | null>(null);
  private nextNotice = 1;
  private leaveCheck: LeaveCheck | null = null;

  async start(): Promise<void> {
    try {
      this.info = await api.deskInfo();
      this.identity = this.info.identity;
    } catch (e) {
      this.startError = api.toDeskError(e);
    }
  }

  /** Goes to `route`, once the screen being left agrees (`guardLeave`). */
  go(route: Route): void {
    const check = this.leaveCheck;
    if (check === null || sameRoute(route, this.route)) {
      this.route = route;
      return;
    }
    void check().then((leave) => {
      if (leave && this.leaveCheck === check) this.route = route;
    });
  }

  openStory(id: number): void {
    this.go({ name: 'story', id });
  }

  /** The current screen asks `check` before any route change; returns the release. */
  guardLeave(check: LeaveCheck): () => void {
    this.leaveCheck = check;
    return () => {
      if (this.leaveCheck === check) this.leaveCheck = null;
    };
  }

  askIdentity(why = 'Say who you are acting as: every change records your name and role.'): void {
    this.identityPrompt = why;
  }

  async saveIdentity(name: string, role: api.Role): Promise<void> {
    this.identity = await api.setIdentity(name, role);
    this.identityPrompt = null;
  }

  deskChanged(): void {
    this.deskEpoch++;
  }

  notify(text: string, kind: Notice['kind'] = 'info', ms = 5000): void {
    const id = this.nextNotice++;
    this.notices = [...this.notices, { id, kind, text }];
    setTimeout(() => this.dismiss(id), ms);
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }
}

export const session = new Session();
