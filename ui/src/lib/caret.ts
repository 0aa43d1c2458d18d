// Where the caret is inside a piece of read-only text (a source cell): a person clicks
// in the Arabic where a paragraph should be split, and the offset is taken from there.

/** The UTF-16 offset of the selection's focus inside `cell`, or null when it is elsewhere. */
export function caretOffset(cell: Node, selection: Selection | null): number | null {
  if (!selection || selection.rangeCount === 0 || !selection.focusNode) return null;
  if (!cell.contains(selection.focusNode)) return null;
  const doc = cell.ownerDocument ?? document;
  const range = doc.createRange();
  range.selectNodeContents(cell);
  range.setEnd(selection.focusNode, selection.focusOffset);
  return range.toString().length;
}
