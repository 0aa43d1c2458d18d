// Text helpers where the UI and the store count differently: JavaScript strings count
// UTF-16 units, the store counts Unicode scalar values (Rust chars).

/** The number of code points before UTF-16 index `index` of `s`. */
export function codePointOffset(s: string, index: number): number {
  return Array.from(s.slice(0, Math.max(0, index))).length;
}
