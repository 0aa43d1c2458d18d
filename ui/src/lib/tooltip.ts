// The window's tooltips: every `title` in the page, shown by the page itself.
//
// WebKitGTK shows a `title` as a GTK tooltip that stays where it was until the
// pointer moves again: after a click that opens a dialog or a banner, the tooltip
// of the button clicked sat on top of it. Here the title moves aside (to
// `data-tip`) while the pointer is over its element, so the native tooltip never
// appears, and this module draws one that goes away on any click, key, scroll or
// wheel, and when the pointer leaves; the title is put back as it goes.

/** How long the pointer rests on an element before its tooltip shows. */
export const TOOLTIP_DELAY_MS = 500;

const GAP = 6;

/**
 * Installs the page's tooltips on `doc`; returns the function that takes them
 * away again.
 */
export function installTooltips(doc: Document = document): () => void {
  const tip = doc.createElement('div');
  tip.className = 'tooltip';
  tip.setAttribute('role', 'tooltip');
  tip.dataset.testid = 'tooltip';
  tip.hidden = true;
  doc.body.appendChild(tip);

  let owner: HTMLElement | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function restore(el: HTMLElement) {
    const text = el.getAttribute('data-tip');
    el.removeAttribute('data-tip');
    // The app may have set a new title meanwhile: that one stands.
    if (text !== null && !el.hasAttribute('title')) el.setAttribute('title', text);
  }

  function hide() {
    clearTimeout(timer);
    timer = undefined;
    tip.hidden = true;
    if (owner) restore(owner);
    owner = null;
  }

  function show(el: HTMLElement, text: string) {
    if (!el.isConnected || owner !== el) return;
    tip.textContent = text;
    tip.hidden = false;
    const view = doc.defaultView;
    const width = view?.innerWidth ?? 0;
    const height = view?.innerHeight ?? 0;
    const box = el.getBoundingClientRect();
    const own = tip.getBoundingClientRect();
    const left = Math.max(GAP, Math.min(box.left + box.width / 2 - own.width / 2, width - own.width - GAP));
    const below = box.bottom + GAP;
    const top = below + own.height > height - GAP ? Math.max(GAP, box.top - own.height - GAP) : below;
    tip.style.left = `${Math.round(left)}px`;
    tip.style.top = `${Math.round(top)}px`;
  }

  function over(e: Event) {
    const el = e.target instanceof Element ? (e.target.closest('[title]') as HTMLElement | null) : null;
    if (el === owner) return;
    hide();
    const text = el?.getAttribute('title');
    if (!el || !text) return;
    owner = el;
    el.setAttribute('data-tip', text);
    el.removeAttribute('title');
    timer = setTimeout(() => show(el, text), TOOLTIP_DELAY_MS);
  }

  function out(e: Event) {
    const to = (e as PointerEvent).relatedTarget;
    if (owner && !(to instanceof Node && owner.contains(to))) hide();
  }

  const listeners: [string, (e: Event) => void, boolean][] = [
    ['pointerover', over, false],
    ['pointerout', out, false],
    // Capture: a click that opens a dialog hides the tooltip before the dialog is drawn.
    ['pointerdown', hide, true],
    ['keydown', hide, true],
    ['wheel', hide, true],
    ['scroll', hide, true],
  ];
  for (const [type, fn, capture] of listeners) doc.addEventListener(type, fn, capture);
  return () => {
    hide();
    for (const [type, fn, capture] of listeners) doc.removeEventListener(type, fn, capture);
    tip.remove();
  };
}
