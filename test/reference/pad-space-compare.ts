/**
 * String comparison of `utf8mb4_bin` with PAD SPACE (docs/semantics.md §3), written from the
 * definition: order by Unicode code point (not UTF-16 unit), and compare as if the shorter
 * string were padded with U+0020 to the length of the longer. So trailing spaces never matter,
 * while tabs and other characters below U+0020 sort before the end of a shorter string.
 */

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0) as number);
  return out;
}

/** -1, 0 or 1 as `a` sorts before, equal to, or after `b`. */
export function padSpaceCompare(a: string, b: string): -1 | 0 | 1 {
  const x = codePoints(a);
  const y = codePoints(b);
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const cx = x[i] ?? 0x20;
    const cy = y[i] ?? 0x20;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
  return 0;
}
