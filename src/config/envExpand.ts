/**
 * `${VAR}` / `$VAR` expansion with the exact rules of Go's os.Expand, which Prometheus applies to
 * external label values: `$$` is a literal `$`, `${}` is eaten, a `$` not followed by a name stays.
 */

const SPECIAL = new Set([...'*#$@!?-0123456789']);
const ALNUM = /^[A-Za-z0-9_]$/;

/** Expands `$name` and `${name}` in `text` with `lookup`. */
export function expandEnv(text: string, lookup: (name: string) => string): string {
  let out = '';
  let copied = 0;
  for (let j = 0; j < text.length; j++) {
    if (text[j] !== '$' || j + 1 >= text.length) continue;
    out += text.slice(copied, j);
    const { name, width } = shellName(text.slice(j + 1));
    if (name === '' && width > 0) {
      // Invalid syntax such as `${}`: Go drops it.
    } else if (name === '') {
      out += '$';
    } else {
      out += lookup(name);
    }
    j += width;
    copied = j + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function shellName(s: string): { name: string; width: number } {
  if (s[0] === '{') {
    if (s.length > 2 && SPECIAL.has(s[1]!) && s[2] === '}') return { name: s[1]!, width: 3 };
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '}') return i === 1 ? { name: '', width: 2 } : { name: s.slice(1, i), width: i + 1 };
    }
    return { name: '', width: 1 };
  }
  if (SPECIAL.has(s[0]!)) return { name: s[0]!, width: 1 };
  let i = 0;
  while (i < s.length && ALNUM.test(s[i]!)) i++;
  return { name: s.slice(0, i), width: i };
}
