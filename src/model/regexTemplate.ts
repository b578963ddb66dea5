/**
 * Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}` in a template are replaced by the match's
 * groups; `$$` is a literal `$`; the longest run of letters, digits and `_` is the name (so `$1x`
 * names the group "1x", usually empty); a `$` that starts no valid name is kept as is.
 */

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

/** Expands a template against a match; `groupNames[i]` is the name of capture group i ('' if unnamed). */
export function expandTemplate(template: string, match: RegExpExecArray, groupNames: readonly string[]): string {
  let out = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) break;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest[0] === '$') {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ref = extractName(rest);
    if (ref === null) {
      out += '$';
      continue;
    }
    rest = ref.rest;
    out += groupValue(ref.name, match, groupNames);
  }
  return out + rest;
}

function extractName(s: string): { name: string; rest: string } | null {
  const brace = s[0] === '{';
  let i = brace ? 1 : 0;
  const start = i;
  for (const ch of s.slice(start)) {
    if (!NAME_CHAR.test(ch)) break;
    i += ch.length;
  }
  if (i === start) return null;
  const name = s.slice(start, i);
  if (brace) {
    if (s[i] !== '}') return null;
    i++;
  }
  return { name, rest: s.slice(i) };
}

function groupValue(name: string, match: RegExpExecArray, groupNames: readonly string[]): string {
  // A number (without leading zeros, below 1e8) refers to a group by position, anything else by name.
  if (/^(0|[1-9][0-9]{0,7})$/.test(name)) return match[Number(name)] ?? '';
  const index = groupNames.indexOf(name);
  return index > 0 ? (match[index] ?? '') : '';
}
