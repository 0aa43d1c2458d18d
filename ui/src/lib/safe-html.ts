// The disclaimer preview is HTML made by the export code. It is already escaped there,
// but the settings screen shows it inside the app's own page, not a sandboxed frame,
// so it is rebuilt here from a short list of harmless elements: anything else becomes
// its text, and scripts, styles and event handlers never reach the page.

const KEEP = new Set(['P', 'EM', 'STRONG', 'B', 'I', 'A', 'BR', 'CODE', 'SPAN', 'SMALL']);
const DROP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'NOSCRIPT', 'TITLE', 'HEAD']);

function safeHref(href: string): string | null {
  const h = href.trim();
  return /^(https?:|mailto:)/i.test(h) ? h : null;
}

function copy(from: Node, into: Node, doc: Document): void {
  for (const child of Array.from(from.childNodes)) {
    if (child.nodeType === 3) {
      into.appendChild(doc.createTextNode(child.textContent ?? ''));
    } else if (child.nodeType === 1) {
      const el = child as Element;
      const tag = el.tagName.toUpperCase();
      if (DROP.has(tag)) continue;
      if (KEEP.has(tag)) {
        const clean = doc.createElement(tag.toLowerCase());
        if (tag === 'A') {
          const href = safeHref(el.getAttribute('href') ?? '');
          if (href) {
            clean.setAttribute('href', href);
            clean.setAttribute('rel', 'noopener noreferrer');
            clean.setAttribute('target', '_blank');
          }
        }
        copy(el, clean, doc);
        into.appendChild(clean);
      } else {
        copy(el, into, doc);
      }
    }
  }
}

/** A fragment of `doc` with what `html` says, minus everything that could run. */
export function safeFragment(html: string, doc: Document = document): DocumentFragment {
  // DOMParser builds an inert document: nothing in it loads or runs.
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const out = doc.createDocumentFragment();
  copy(parsed.body, out, doc);
  return out;
}
