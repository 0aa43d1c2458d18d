// Text helpers where the UI and the store count differently: JavaScript strings count
// UTF-16 units, the store counts Unicode scalar values (Rust chars).

/** The number of code points before UTF-16 index `index` of `s`. */
export function codePointOffset(s: string, index: number): number {
  return Array.from(s.slice(0, Math.max(0, index))).length;
}

/**
 * Keywords as the store parses them: split on commas (Latin or Arabic) and
 * semicolons, spaces collapsed, empty ones and case-insensitive repeats dropped.
 */
export function parseKeywords(s: string): string[] {
  const out: string[] = [];
  for (const raw of s.split(/[,،;]/)) {
    const k = raw.replace(/\s+/g, ' ').trim();
    if (k && !out.some((o) => o.toLowerCase() === k.toLowerCase())) out.push(k);
  }
  return out;
}

export function wordCount(s: string): number {
  const t = s.trim();
  return t ? t.split(/\s+/).length : 0;
}
