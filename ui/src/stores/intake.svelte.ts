// Bringing source articles in from the window: pasted text, files from the native
// dialog, files dropped on the window. Results stay here so the New story dialog
// can list what happened to each file.

import * as api from '../api';
import { importSummary } from '../lib/format';
import { session } from './session.svelte';

export interface FileResult {
  file: string;
  id?: number;
  created?: boolean;
  error?: { code: string; message: string };
}

/** What the New story dialog holds before it is imported. */
export interface PastedDraft {
  text: string;
  sourceName: string;
  language: string;
  url: string;
}

const EMPTY_DRAFT: PastedDraft = { text: '', sourceName: '', language: '', url: '' };

class Intake {
  busy = $state(false);
  /**
   * Kept here, not in the dialog, so closing the dialog by Escape, its ✕ or a
   * click beside it does not throw away a pasted article; Cancel and a
   * successful import clear it.
   */
  draft = $state<PastedDraft>({ ...EMPTY_DRAFT });
  results = $state<FileResult[]>([]);
  error = $state<api.DeskError | null>(null);
  /** True while files are dragged over the window. */
  dragging = $state(false);

  async importPaths(paths: string[]): Promise<void> {
    if (paths.length === 0) return;
    this.busy = true;
    this.error = null;
    try {
      this.results = await api.importFiles(paths);
      session.deskChanged();
      const created = this.results.filter((r) => r.created === true).length;
      const existing = this.results.filter((r) => r.created === false).length;
      const failed = this.results.length - created - existing;
      session.notify(importSummary(created, existing, failed), failed === 0 ? 'success' : 'error');
    } catch (e) {
      this.failed(e);
    } finally {
      this.busy = false;
    }
  }

  async pickFiles(): Promise<void> {
    try {
      await this.importPaths(await api.pickSourceFiles());
    } catch (e) {
      this.failed(e);
    }
  }

  /** Imports pasted text; returns the story's id, or null when it failed. */
  async importText(text: string, meta: { sourceName?: string; language?: string; url?: string }): Promise<number | null> {
    this.busy = true;
    this.error = null;
    try {
      const outcome = await api.importText(text, meta);
      session.deskChanged();
      if (!outcome.created) session.notify('This text is already on the desk; here is its story.');
      return outcome.id;
    } catch (e) {
      this.failed(e);
      return null;
    } finally {
      this.busy = false;
    }
  }

  private failed(e: unknown): void {
    this.error = api.toDeskError(e);
    if (this.error.code === 'identity_required') {
      session.askIdentity('Say who you are before adding a story: its history starts with your name.');
    }
  }

  clear(): void {
    this.results = [];
    this.error = null;
  }

  clearDraft(): void {
    this.draft = { ...EMPTY_DRAFT };
  }
}

export const intake = new Intake();

/** Wires the window's drag-and-drop to intake; resolves to the unlisten function. */
export async function watchDrops(): Promise<() => void> {
  return api.onFileDrop((event) => {
    if (event.kind === 'over') intake.dragging = true;
    else if (event.kind === 'leave') intake.dragging = false;
    else {
      intake.dragging = false;
      session.newStoryOpen = true;
      void intake.importPaths(event.paths);
    }
  });
}
