// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { caretOffset } from './caret';
import { codePointOffset } from './text';

describe('caretOffset', () => {
  it('finds the caret inside a source cell and nowhere else', () => {
    const cell = document.createElement('div');
    cell.textContent = 'التقى مملوك بشمخاني في طهران';
    const other = document.createElement('div');
    other.textContent = 'elsewhere';
    document.body.append(cell, other);
    const text = cell.firstChild!;
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.collapse(text, 11);
    expect(caretOffset(cell, selection)).toBe(11);
    expect(codePointOffset(cell.textContent!, 11)).toBe(11);
    selection.collapse(other.firstChild!, 3);
    expect(caretOffset(cell, selection)).toBeNull();
    selection.removeAllRanges();
    expect(caretOffset(cell, selection)).toBeNull();
    expect(caretOffset(cell, null)).toBeNull();
  });
});
