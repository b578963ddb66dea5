/**
 * Go's mime.ParseMediaType as far as Prometheus's choice of parser depends on it: the media type
 * (lower-cased, `type/subtype` of RFC 2045 tokens) and whether the parameters are well-formed.
 * A Content-Type Go cannot parse fails the scrape in Prometheus 3 (or selects the fallback
 * protocol), so promstream must reject the same headers.
 */

/** Thrown for a Content-Type Go's mime package rejects; the message is Go's. */
export class MediaTypeSyntaxError extends Error {}

const TSPECIALS = '()<>@,;:\\"/[]?=';

function isTokenChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return code > 0x20 && code < 0x7f && !TSPECIALS.includes(c);
}

// The longest prefix of token characters, and the rest.
function token(s: string): [string, string] {
  let i = 0;
  while (i < s.length && isTokenChar(s[i]!)) i++;
  return [s.slice(0, i), s.slice(i)];
}

// A parameter value: a token or a quoted string (with Go's reading of backslashes).
function value(s: string): [string, string] | undefined {
  if (s[0] !== '"') {
    const [v, rest] = token(s);
    return v === '' ? undefined : [v, rest];
  }
  let out = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') return [out, s.slice(i + 1)];
    if (c === '\\' && i + 1 < s.length && TSPECIALS.includes(s[i + 1]!)) {
      out += s[++i];
    } else if (c === '\r' || c === '\n') {
      return undefined;
    } else {
      out += c;
    }
  }
  return undefined;
}

/** The media type of a Content-Type header, lower-cased; throws MediaTypeSyntaxError like Go. */
export function parseMediaType(contentType: string): string {
  const semicolon = contentType.indexOf(';');
  const base = semicolon < 0 ? contentType : contentType.slice(0, semicolon);
  const mediaType = base.toLowerCase().trim();
  const [type, afterType] = token(mediaType);
  if (type === '') throw new MediaTypeSyntaxError('mime: no media type');
  if (afterType !== '') {
    if (afterType[0] !== '/') throw new MediaTypeSyntaxError('mime: expected slash after first token');
    const [subtype, rest] = token(afterType.slice(1));
    if (subtype === '') throw new MediaTypeSyntaxError('mime: expected token after slash');
    if (rest !== '') throw new MediaTypeSyntaxError('mime: unexpected content after media subtype');
  }
  const seen = new Map<string, string>();
  let rest = contentType.slice(base.length);
  while ((rest = rest.trimStart()) !== '') {
    const param = parameter(rest);
    if (param === undefined) {
      if (rest.trim() === ';') break; // a trailing semicolon is tolerated
      throw new MediaTypeSyntaxError('mime: invalid media parameter');
    }
    const [key, v, after] = param;
    if (seen.has(key) && seen.get(key) !== v) throw new MediaTypeSyntaxError('mime: duplicate parameter name');
    seen.set(key, v);
    rest = after;
  }
  return mediaType;
}

// `; key = value`: the lower-cased key, the value and what follows, or undefined if malformed.
function parameter(s: string): [string, string, string] | undefined {
  let rest = s.trimStart();
  if (rest[0] !== ';') return undefined;
  const [key, afterKey] = token(rest.slice(1).trimStart());
  if (key === '') return undefined;
  rest = afterKey.trimStart();
  if (rest[0] !== '=') return undefined;
  const v = value(rest.slice(1).trimStart());
  return v === undefined ? undefined : [key.toLowerCase(), v[0], v[1]];
}
