/**
 * URL parsing with the rules of Go's net/url.Parse. Prometheus validates URLs in its config with
 * that parser (`http_sd`, `puppetdb`, `eureka`, `proxy_url`, ...), and WHATWG's `new URL()`
 * disagrees with it on the cases users hit: `invalid` has no scheme rather than being an error,
 * `kubernetes:443` is a scheme with an opaque part, `http://` parses with an empty host.
 */
import { quoteGoString } from '../model/goString.js';

/** The parts of a URL that config validation looks at. */
export interface GoUrl {
  /** Lower-cased scheme, '' when none. */
  readonly scheme: string;
  /** Set for `scheme:rest` URLs whose rest does not start with `/` (`mailto:x`, `localhost:9090`). */
  readonly opaque: string;
  /** Userinfo, when the authority had `user[:password]@`. */
  readonly user: string | undefined;
  /** Host with port, '' when the URL has no authority. */
  readonly host: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly fragment: string;
}


class UrlSyntaxError extends Error {}

/** Parses like Go's url.Parse; throws an Error worded like Go's (`parse "x": missing protocol scheme`). */
export function parseGoUrl(raw: string): GoUrl {
  const hash = raw.indexOf('#');
  const withoutFragment = hash < 0 ? raw : raw.slice(0, hash);
  try {
    const url = parseWithoutFragment(withoutFragment);
    const fragment = hash < 0 ? '' : unescape(raw.slice(hash + 1), false);
    return { ...url, fragment };
  } catch (e) {
    if (e instanceof UrlSyntaxError) throw new Error(`parse ${quoteGoString(withoutFragment)}: ${e.message}`);
    throw e;
  }
}

function parseWithoutFragment(raw: string): Omit<GoUrl, 'fragment'> {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlSyntaxError('net/url: invalid control character in URL');
  if (raw === '*') return { scheme: '', opaque: '', user: undefined, host: '', path: '*', rawQuery: '' };
  const [schemeRaw, afterScheme] = splitScheme(raw);
  const scheme = schemeRaw.toLowerCase();
  let rest = afterScheme;
  let rawQuery = '';
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (scheme !== '') return { scheme, opaque: rest, user: undefined, host: '', path: '', rawQuery };
    // Go refuses `cache_object:foo/bar`-like inputs rather than guessing a path.
    const firstSegment = rest.split('/')[0]!;
    if (firstSegment.includes(':')) throw new UrlSyntaxError('first path segment in URL cannot contain colon');
  }
  let user: string | undefined;
  let host = '';
  if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const at = authority.lastIndexOf('@');
    host = parseHost(at < 0 ? authority : authority.slice(at + 1));
    if (at >= 0) {
      user = authority.slice(0, at);
      if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(user)) throw new UrlSyntaxError('net/url: invalid userinfo');
    }
  }
  return { scheme, opaque: '', user, host, path: unescape(rest, false), rawQuery };
}

/** Splits `scheme:rest`; a string whose prefix is not a scheme has none (Go's getScheme). */
function splitScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new UrlSyntaxError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new UrlSyntaxError("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw new UrlSyntaxError(`invalid port ${quoteGoString(colonPort)} after host`);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) {
      const colonPort = host.slice(colon);
      if (!validOptionalPort(colonPort)) throw new UrlSyntaxError(`invalid port ${quoteGoString(colonPort)} after host`);
    }
  }
  return unescape(host, true);
}

/** Characters Go accepts unescaped in a host: unreserved, sub-delims, `:[]<>"`. */
const HOST_CHAR = /[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"]/;

function unescape(s: string, inHost: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new UrlSyntaxError(`invalid URL escape ${quoteGoString(s.slice(i, i + 3))}`);
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
      continue;
    }
    if (inHost && c.charCodeAt(0) < 0x80 && !HOST_CHAR.test(c)) {
      throw new UrlSyntaxError(`invalid character ${quoteGoString(c)} in host name`);
    }
    out += c;
  }
  return out;
}
