// Bringing source articles in from the window: pasted text, files from the native
// dialog, files dropped on the window. Results stay here so the New story dialog
// can list what happened to each file.

import * as api from '../api';
import { importSummary, sentence, sourceUpdateSummary } from '../lib/format';
import { session } from './session.svelte';

export interface FileResult {
  file: string;
  id?: number;
  created?: boolean;
  /** A newer version of story `id`'s article: offered, not imported. */
  new_version?: boolean;
  /** The offer was taken: the story now has this file's text. */
  updated?: boolean;
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
      const newer = this.results.filter((r) => r.new_version === true).length;
      const existing = this.results.filter((r) => r.created === false).length - newer;
      const failed = this.results.length - created - existing - newer;
      let summary = importSummary(created, existing, failed);
      if (newer) {
        const one = newer === 1;
        summary = sentence(
          `${created || existing || failed ? `${summary}; ` : ''}${one ? 'one file is a newer version' : `${newer} files are newer versions`} of a story on the desk: the list offers to update ${one ? 'it' : 'them'}`,
        );
      }
      session.notify(summary, failed > 0 ? 'error' : newer > 0 ? 'info' : 'success');
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

  /**
   * Takes a listed file that is a newer version of its story into that story;
   * true when it was taken.
   */
  async takeUpdate(result: FileResult): Promise<boolean> {
    if (result.id === undefined || !result.new_version) return false;
    this.busy = true;
    this.error = null;
    try {
      const update = await api.updateSource(result.id, result.file);
      this.results = this.results.map((r) => (r.file === result.file ? { ...r, updated: true } : r));
      session.deskChanged();
      session.notify(`Story ${result.id}: ${sourceUpdateSummary(update)}`, 'success');
      return true;
    } catch (e) {
      this.failed(e);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Imports pasted text; returns the story's id, or null when it failed. */
  async importText(text: string, meta: { sourceName?: string; language?: string; url?: string }): Promise<number | null> {
    this.busy = true;
    this.error = null;
    try {
      const outcome = await api.importText(text, meta);
      if (outcome.new_version) {
        // Nothing was added: the person decides, with the text still in the box.
        this.error = new api.DeskError(
          'invalid_input',
          `This is a newer version of story ${outcome.id}’s article (the same source URL). Save it as a file and use “Update from file…” in that story to keep its translations, or clear the URL to add it as a story of its own.`,
        );
        return null;
      }
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
