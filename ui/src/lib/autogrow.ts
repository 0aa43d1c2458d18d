// A textarea that is as tall as its text, so a translation row never scrolls inside
// itself and the row takes the height of the taller side.

export function autogrow(node: HTMLTextAreaElement, _value?: string) {
  let width = 0;
  const fit = () => {
    node.style.height = 'auto';
    node.style.height = `${node.scrollHeight + 2}px`;
  };
  // Re-fit when the column gets narrower or wider; ignore the height changes fit() makes.
  const ro = new ResizeObserver((entries) => {
    const w = entries[0]?.contentRect.width ?? 0;
    if (w !== width) {
      width = w;
      fit();
    }
  });
  ro.observe(node);
  node.addEventListener('input', fit);
  fit();
  return {
    update(_next?: string) {
      fit();
    },
    destroy() {
      ro.disconnect();
      node.removeEventListener('input', fit);
    },
  };
}
