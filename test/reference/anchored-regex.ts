/**
 * `matches` of the reference: the IR's normalized pattern, anchored at both ends, run by the
 * JavaScript engine in Unicode mode (docs/semantics.md §5). Compiled patterns are cached.
 */

const cache = new Map<string, RegExp>();

/**
 * Unicode-mode JavaScript only allows `\` before syntax characters; the portable subset allows
 * it before any punctuation. Such an identity escape means the character itself, so it is
 * rewritten as a `\u{…}` escape, which means the same in and outside classes.
 */
function toUnicodeModeSource(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch !== "\\" || i + 1 >= pattern.length) {
      out += ch;
      continue;
    }
    const next = pattern.codePointAt(i + 1) as number;
    const nextText = String.fromCodePoint(next);
    if (/[\p{P}\p{S}]/u.test(nextText) && !/[\^$\\.*+?()[\]{}|/]/.test(nextText)) {
      out += `\\u{${next.toString(16)}}`;
    } else {
      out += ch + nextText;
    }
    i += nextText.length;
  }
  return out;
}

/** Whether the whole `value` matches the normalized `pattern`. */
export function matchesAnchored(value: string, pattern: string, caseInsensitive: boolean): boolean {
  const key = `${caseInsensitive ? "i" : "-"}${pattern}`;
  let re = cache.get(key);
  if (re === undefined) {
    re = new RegExp(`^(?:${toUnicodeModeSource(pattern)})$`, caseInsensitive ? "ui" : "u");
    cache.set(key, re);
  }
  return re.test(value);
}
