/**
 * The functions Prometheus adds to templates (template/template.go): query and its helpers
 * (first, label, value, sortByLabel), the humanize family, regex helpers, text casing, links
 * and URL helpers. `query` is the one asynchronous function: it runs PromQL through the
 * function the caller injects, at the alert's evaluation time.
 */
import { translateRe2, RegexSyntaxError } from '../../model/re2.js';
import { parseDuration } from '../../model/duration.js';
import { expandTemplate } from '../../model/regexTemplate.js';
import { queryEscape } from './builtins.js';
import { fn, FuncError, NIL_DEREFERENCE, variadicFn, type TemplateFunction } from './functions.js';
import { floatSecondsToTime } from './goTime.js';
import { convertToFloat, humanize, humanize1024, humanizeDuration, humanizePercentage, humanizeTimestamp } from './humanize.js';
import { compareGoStrings, GoMap, GoOpaque, GoSlice, GoStruct, type GoValue, type NamedType } from './values.js';

/** A histogram sample value; templates print it with its Go String() form. */
export interface TemplateHistogram {
  readonly goString: () => string;
}

/** One element of a query result as templates see it. */
export interface QuerySample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number | TemplateHistogram;
}

/** Runs a PromQL instant query at `timestampMs`; a rejection becomes the template error. */
export type TemplateQuery = (query: string, timestampMs: number) => Promise<readonly QuerySample[]>;

/** What the Prometheus functions need from the caller. */
export interface PrometheusFunctionContext {
  /** The evaluation time, in ms since the epoch. */
  readonly timestampMs: number;
  /** Without it, `query` fails as it does in Prometheus without an engine. */
  readonly query?: TemplateQuery;
  /** Prometheus's --web.external-url (for externalURL and pathPrefix). */
  readonly externalURL?: string;
}

const QUERY_RESULT = 'template.queryResult';
const SAMPLE = 'template.sample';

const queryResultType: NamedType = { name: QUERY_RESULT, nilable: true, accepts: (v) => v instanceof GoSlice && v.goType === QUERY_RESULT };
const sampleType: NamedType = { name: `*${SAMPLE}`, nilable: true, accepts: (v) => v instanceof GoStruct && v.pointer && v.goType === SAMPLE };

class HistogramValue extends GoOpaque {
  readonly goType = '*histogram.FloatHistogram';
  constructor(private readonly h: TemplateHistogram) {
    super();
  }
  goString(): string {
    return this.h.goString();
  }
}

/** A sample value as templates hold it (a float64, or a histogram). */
export function sampleValue(v: number | TemplateHistogram): GoValue {
  return typeof v === 'number' ? v : new HistogramValue(v);
}

function toQueryResult(samples: readonly QuerySample[]): GoSlice {
  const items = samples.map(
    (s) => new GoStruct(SAMPLE, new Map<string, GoValue>([['Labels', GoMap.ofStrings(s.labels)], ['Value', sampleValue(s.value)]]), true),
  );
  return new GoSlice(items, QUERY_RESULT);
}

function sampleField(s: GoValue, field: 'Labels' | 'Value'): GoValue {
  if (!(s instanceof GoStruct)) throw new FuncError(NIL_DEREFERENCE);
  return s.fields.get(field);
}

function labelOf(s: GoValue, name: string): string {
  return (sampleField(s, 'Labels') as GoMap).lookup(name) as string;
}

/** Go's regexp.Compile; the error text is Go's. */
function compileRegex(pattern: string): { regexp: RegExp; groupNames: readonly string[] } {
  const { source, flags, groupNames } = translateRe2(pattern);
  try {
    return { regexp: new RegExp(source, flags + 'g'), groupNames };
  } catch (e) {
    throw new RegexSyntaxError(`error parsing regexp: ${(e as Error).message}`);
  }
}

/** Go's Regexp.ReplaceAllString: `$1`/`${name}` expand; an empty match right after a match is skipped. */
function replaceAll(pattern: string, repl: string, text: string): string {
  let compiled;
  try {
    compiled = compileRegex(pattern);
  } catch (e) {
    // regexp.MustCompile panics; the template package turns the panic into the call's error.
    if (e instanceof RegexSyntaxError) {
      const quoted = /^[^`\x00-\x08\x0a-\x1f\x7f]*$/.test(pattern) ? '`' + pattern + '`' : JSON.stringify(pattern);
      throw new FuncError(`regexp: Compile(${quoted}): ${e.message}`);
    }
    throw e;
  }
  const { regexp, groupNames } = compiled;
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= text.length) {
    regexp.lastIndex = searchPos;
    const m = regexp.exec(text);
    if (m === null) break;
    const start = m.index;
    const end = start + m[0].length;
    out += text.slice(lastMatchEnd, start);
    if (end > lastMatchEnd || start === 0) out += expandTemplate(repl, m, groupNames);
    lastMatchEnd = end;
    const width = searchPos < text.length ? String.fromCodePoint(text.codePointAt(searchPos)!).length : 0;
    if (searchPos + width > end) searchPos += width;
    else if (searchPos + 1 > end) searchPos++;
    else searchPos = end;
  }
  return out + text.slice(lastMatchEnd);
}

function matchString(pattern: string, s: string): boolean {
  try {
    const { regexp } = compileRegex(pattern);
    return regexp.test(s);
  } catch (e) {
    if (e instanceof RegexSyntaxError) throw new FuncError(e.message);
    throw e;
  }
}

/**
 * x/text's Title with NoLower: the first letter of every word upper-cased, the rest untouched.
 * Letters, digits, marks and `_` continue a word; anything else (an apostrophe, a period)
 * starts a new one, so "don't" becomes "Don'T" as in Prometheus.
 */
export function titleCase(s: string): string {
  let out = '';
  let inWord = false;
  for (const ch of s) {
    const wordChar = /[\p{L}\p{M}\p{N}_]/u.test(ch);
    out += wordChar && !inWord ? ch.toUpperCase() : ch;
    inWord = wordChar;
  }
  return out;
}

/** Go's net.SplitHostPort, or undefined where it fails. */
function splitHostPort(hostPort: string): { host: string; port: string } | undefined {
  const i = hostPort.lastIndexOf(':');
  if (i < 0) return undefined;
  if (hostPort[0] === '[') {
    const end = hostPort.indexOf(']');
    if (end < 0 || end + 1 !== i) return undefined;
    return { host: hostPort.slice(1, end), port: hostPort.slice(i + 1) };
  }
  const host = hostPort.slice(0, i);
  if (host.includes(':') || host.includes('[') || host.includes(']')) return undefined;
  return { host, port: hostPort.slice(i + 1) };
}

function isIP(host: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) return v4.slice(1).every((part) => Number(part) <= 255 && !(part.length > 1 && part[0] === '0'));
  return host.includes(':') && /^[0-9a-fA-F:.]+$/.test(host) && (host.match(/::/g)?.length ?? 0) <= 1;
}

function stripDomain(hostPort: string): string {
  const split = splitHostPort(hostPort);
  const host = split?.host ?? hostPort;
  const port = split?.port ?? '';
  if (isIP(host)) return hostPort;
  const short = host.split('.')[0]!;
  if (port === '') return short;
  return short.includes(':') ? `[${short}]:${port}` : `${short}:${port}`;
}

/** The path of a URL, as Go's url.URL.Path holds it. */
function urlPath(url: string): string {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/.exec(url) ?? /^([^?#]*)/.exec(url);
  try {
    return decodeURIComponent(m?.[1] ?? '');
  } catch {
    return m?.[1] ?? '';
  }
}

/** The names of Prometheus's template functions (what a template may call besides Go's builtins). */
export const PROMETHEUS_FUNCTION_NAMES: readonly string[] = [
  'query', 'first', 'label', 'value', 'strvalue', 'args', 'reReplaceAll', 'safeHtml', 'match', 'title', 'toUpper',
  'toLower', 'graphLink', 'tableLink', 'sortByLabel', 'stripPort', 'stripDomain', 'humanize', 'humanize1024',
  'humanizeDuration', 'humanizePercentage', 'humanizeTimestamp', 'toTime', 'pathPrefix', 'externalURL', 'parseDuration',
];

/** Builds Prometheus's function map for one expansion. */
export function prometheusFunctions(ctx: PrometheusFunctionContext): Map<string, TemplateFunction> {
  const str = (v: GoValue): string => v as string;
  const external = ctx.externalURL;
  return new Map<string, TemplateFunction>([
    [
      'query',
      fn(['string'], async (q) => {
        if (ctx.query === undefined) throw new FuncError(NIL_DEREFERENCE);
        let samples: readonly QuerySample[];
        try {
          samples = await ctx.query(str(q), ctx.timestampMs);
        } catch (e) {
          throw new FuncError((e as Error).message);
        }
        return toQueryResult(samples);
      }),
    ],
    [
      'first',
      fn([queryResultType], (v) => {
        const items = v instanceof GoSlice ? v.items : [];
        if (items.length === 0) throw new FuncError('first() called on vector with no elements');
        return items[0];
      }),
    ],
    ['label', fn(['string', sampleType], (name, s) => labelOf(s, str(name)))],
    ['value', fn([sampleType], (s) => sampleField(s, 'Value'))],
    ['strvalue', fn([sampleType], (s) => labelOf(s, '__value__'))],
    ['args', variadicFn([], 'any', (...args) => new GoMap(new Map(args.map((a, i) => [`arg${i}`, a])), 'interface {}'))],
    ['reReplaceAll', fn(['string', 'string', 'string'], (p, r, t) => replaceAll(str(p), str(r), str(t)))],
    ['safeHtml', fn(['string'], (t) => t)],
    ['match', fn(['string', 'string'], (p, s) => matchString(str(p), str(s)))],
    ['title', fn(['string'], (s) => titleCase(str(s)))],
    ['toUpper', fn(['string'], (s) => str(s).toUpperCase())],
    ['toLower', fn(['string'], (s) => str(s).toLowerCase())],
    ['graphLink', fn(['string'], (e) => `/graph?g0.expr=${queryEscape(str(e))}&g0.tab=0`)],
    ['tableLink', fn(['string'], (e) => `/graph?g0.expr=${queryEscape(str(e))}&g0.tab=1`)],
    [
      'sortByLabel',
      fn(['string', queryResultType], (name, v) => {
        const items = v instanceof GoSlice ? [...v.items] : [];
        // Array.prototype.sort is stable, like Go's sort.Stable.
        items.sort((a, b) => compareGoStrings(labelOf(a, str(name)), labelOf(b, str(name))));
        return new GoSlice(items, QUERY_RESULT);
      }),
    ],
    ['stripPort', fn(['string'], (hp) => splitHostPort(str(hp))?.host ?? str(hp))],
    ['stripDomain', fn(['string'], (hp) => stripDomain(str(hp)))],
    ['humanize', fn(['any'], humanize)],
    ['humanize1024', fn(['any'], humanize1024)],
    ['humanizeDuration', fn(['any'], humanizeDuration)],
    ['humanizePercentage', fn(['any'], humanizePercentage)],
    ['humanizeTimestamp', fn(['any'], humanizeTimestamp)],
    [
      'toTime',
      fn(['any'], (i) => {
        const v = convertToFloat(i);
        if (!Number.isFinite(v)) throw new FuncError('value is NaN or Inf');
        return floatSecondsToTime(v);
      }),
    ],
    [
      'pathPrefix',
      fn([], () => {
        if (external === undefined) throw new FuncError(NIL_DEREFERENCE);
        return urlPath(external);
      }),
    ],
    [
      'externalURL',
      fn([], () => {
        if (external === undefined) throw new FuncError(NIL_DEREFERENCE);
        return external;
      }),
    ],
    [
      'parseDuration',
      fn(['string'], (d) => {
        try {
          return parseDuration(str(d)) / 1000;
        } catch (e) {
          throw new FuncError((e as Error).message);
        }
      }),
    ],
  ]);
}
