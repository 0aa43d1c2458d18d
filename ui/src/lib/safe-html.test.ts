// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { safeFragment } from './safe-html';

function render(html: string): HTMLElement {
  const div = document.createElement('div');
  div.appendChild(safeFragment(html));
  return div;
}

describe('safeFragment', () => {
  it('keeps the disclaimer paragraph as the export wrote it', () => {
    const div = render(
      '<p class="disclaimer">This article was translated and edited by <em>The Syrian Observer</em>.</p>',
    );
    expect(div.innerHTML).toBe('<p>This article was translated and edited by <em>The Syrian Observer</em>.</p>');
  });

  it('leaves nothing that runs', () => {
    const payloads = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<p onclick="alert(1)">click</p>',
      '<a href="javascript:alert(1)">link</a>',
      '<svg onload=alert(1)><circle/></svg>',
      '<object data="x.swf"></object><embed src="x.swf">',
      '<style>body{display:none}</style>',
      '<a href=" JaVaScRiPt:alert(1)">x</a>',
    ];
    for (const p of payloads) {
      const div = render(p);
      const html = div.innerHTML.toLowerCase();
      expect(html, p).not.toMatch(/<script|<img|<svg|<iframe|<object|<embed|<style|onerror|onload|onclick|javascript:/);
    }
    expect(render('<p onclick="x()">click</p>').textContent).toBe('click');
  });

  it('keeps web links and marks them as leaving the app', () => {
    const a = render('<a href="https://example.org/a">source</a>').querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.org/a');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
  });
});
