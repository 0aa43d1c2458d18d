// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installTooltips, TOOLTIP_DELAY_MS } from './tooltip';

let uninstall: () => void;

beforeEach(() => {
  vi.useFakeTimers();
  document.body.innerHTML = '<button id="b" title="Publish the story">Publish</button><div id="elsewhere">x</div>';
  uninstall = installTooltips(document);
});

afterEach(() => {
  uninstall();
  vi.useRealTimers();
});

const button = () => document.getElementById('b')!;
const tip = () => document.querySelector<HTMLElement>('[data-testid="tooltip"]')!;
const hover = (el: Element) => el.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));

describe('tooltips', () => {
  it('show the title after a rest, in place of the native one', () => {
    hover(button());
    expect(button().hasAttribute('title')).toBe(false);
    expect(tip().hidden).toBe(true);
    vi.advanceTimersByTime(TOOLTIP_DELAY_MS);
    expect(tip().hidden).toBe(false);
    expect(tip().textContent).toBe('Publish the story');
  });

  it('go away on a click, so none sits over the dialog it opens, and the title comes back', () => {
    hover(button());
    vi.advanceTimersByTime(TOOLTIP_DELAY_MS);
    button().dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    expect(tip().hidden).toBe(true);
    expect(button().getAttribute('title')).toBe('Publish the story');
    // Nor does a tooltip whose wait a click cut short appear later.
    hover(document.getElementById('elsewhere')!);
    hover(button());
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    vi.advanceTimersByTime(TOOLTIP_DELAY_MS * 2);
    expect(tip().hidden).toBe(true);
  });

  it('go away when the pointer leaves, and keep a title the app changed meanwhile', () => {
    hover(button());
    vi.advanceTimersByTime(TOOLTIP_DELAY_MS);
    button().setAttribute('title', 'Publish it now');
    button().dispatchEvent(
      new PointerEvent('pointerout', { bubbles: true, relatedTarget: document.getElementById('elsewhere') }),
    );
    expect(tip().hidden).toBe(true);
    expect(button().getAttribute('title')).toBe('Publish it now');
    expect(button().hasAttribute('data-tip')).toBe(false);
  });
});
