/**
 * Unescaping of quoted text in the Prometheus text format. Like Prometheus (a strings.Replacer),
 * only the listed escapes are decoded; any other backslash sequence is kept verbatim rather than
 * rejected, because rejecting it would fail scrapes that Prometheus accepts.
 */

function unescape(s: string, decodeQuote: boolean): string {
  let i = s.indexOf('\\');
  if (i < 0) return s; // the common case: no copy at all
  let out = '';
  let from = 0;
  while (i >= 0 && i + 1 < s.length) {
    const c = s.charCodeAt(i + 1);
    const decoded = c === 0x5c ? '\\' : c === 0x6e ? '\n' : c === 0x22 && decodeQuote ? '"' : undefined;
    if (decoded === undefined) {
      i = s.indexOf('\\', i + 1);
      continue;
    }
    out += s.slice(from, i) + decoded;
    from = i + 2;
    i = s.indexOf('\\', from);
  }
  return out + s.slice(from);
}

/** Decodes `\\`, `\"` and `\n` in a label value or quoted name. */
export function unescapeLabelValue(s: string): string {
  return unescape(s, true);
}

/** Decodes `\\` and `\n` in HELP text (a `\"` stays as written, as in Prometheus). */
export function unescapeHelpText(s: string): string {
  return unescape(s, false);
}
