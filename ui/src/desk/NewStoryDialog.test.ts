// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import NewStoryDialog from './NewStoryDialog.svelte';
import { intake } from '../stores/intake.svelte';
import { session } from '../stores/session.svelte';

let app: ReturnType<typeof mount> | null = null;

function open(): HTMLElement {
  session.newStoryOpen = true;
  const target = document.createElement('div');
  document.body.appendChild(target);
  app = mount(NewStoryDialog, { target });
  flushSync();
  return target;
}

function closeDialog(): void {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
}

afterEach(() => {
  closeDialog();
  intake.clearDraft();
  session.newStoryOpen = false;
});

const ARTICLE = 'بركان يتسبب في تدفق رماد على مكسيكو سيتي\n\nوصول تدفق الرماد من بركان بوبوكاتبتيل.';

function paste(target: HTMLElement, text: string): void {
  const box = target.querySelector<HTMLTextAreaElement>('[data-testid="paste-source"]')!;
  box.value = text;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

describe('New story dialog', () => {
  it('keeps a pasted article when closed by Escape, and gives it back when opened again', () => {
    let target = open();
    paste(target, ARTICLE);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    flushSync();
    expect(session.newStoryOpen).toBe(false);
    closeDialog();

    target = open();
    expect(target.querySelector<HTMLTextAreaElement>('[data-testid="paste-source"]')!.value).toBe(ARTICLE);
  });

  it('does not close when a press inside it ends on the backdrop', () => {
    const target = open();
    paste(target, ARTICLE);
    const scrim = target.querySelector<HTMLElement>('.scrim')!;
    const box = target.querySelector<HTMLTextAreaElement>('[data-testid="paste-source"]')!;
    // Selecting text in the box and letting go beside the dialog.
    box.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    scrim.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    flushSync();
    expect(session.newStoryOpen).toBe(true);
    // A click that starts and ends on the backdrop closes it, keeping the draft.
    scrim.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    scrim.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    flushSync();
    expect(session.newStoryOpen).toBe(false);
    expect(intake.draft.text).toBe(ARTICLE);
  });

  it('Cancel throws the draft away', () => {
    const target = open();
    paste(target, ARTICLE);
    const cancel = [...target.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Cancel')!;
    cancel.click();
    flushSync();
    expect(session.newStoryOpen).toBe(false);
    expect(intake.draft.text).toBe('');
  });
});
