import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Entry, OpenMetricsParser } from '../../../src/lang/exposition/index.js';
import { parseOpenMetrics, type Recorded, series } from './collectEntries.js';

/** Lines joined with newlines, ending in `# EOF` and a final newline. */
function om(...lines: string[]): string {
  return [...lines, '# EOF', ''].join('\n');
}

describe('OpenMetricsParser: metadata', () => {
  it('reports HELP, TYPE and UNIT lines with their family', () => {
    const body = om(
      '# HELP rpc_latency_seconds RPC latency, by \\"method\\" and\\nzone \\\\ \\x.',
      '# TYPE rpc_latency_seconds summary',
      '# UNIT rpc_latency_seconds seconds',
      '# HELP empty_help ',
      '# UNIT no_unit ',
    );
    assert.deepEqual(parseOpenMetrics(body), [
      { kind: 'help', family: 'rpc_latency_seconds', help: 'RPC latency, by "method" and\nzone \\ \\x.' },
      { kind: 'type', family: 'rpc_latency_seconds', type: 'summary' },
      { kind: 'unit', family: 'rpc_latency_seconds', unit: 'seconds' },
      { kind: 'help', family: 'empty_help', help: '' },
      { kind: 'unit', family: 'no_unit', unit: '' },
    ]);
  });

  it('accepts every OpenMetrics metric type', () => {
    const types = ['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown'];
    const entries = parseOpenMetrics(om(...types.map((t) => `# TYPE m_${t} ${t}`)));
    assert.deepEqual(entries, types.map((t) => ({ kind: 'type', family: `m_${t}`, type: t })));
  });

  it('keeps the help text verbatim apart from escapes, NULs included', () => {
    assert.deepEqual(parseOpenMetrics(om('# HELP m a\u0000b  c ')), [{ kind: 'help', family: 'm', help: 'a\u0000b  c ' }]);
  });

  it('accepts quoted family names, decoding their escapes', () => {
    const body = om('# HELP "go.gc \\"x\\"" Help.', '# TYPE "go.gc \\"x\\"" gauge', '# UNIT "go.gc_seconds" seconds');
    assert.deepEqual(parseOpenMetrics(body), [
      { kind: 'help', family: 'go.gc "x"', help: 'Help.' },
      { kind: 'type', family: 'go.gc "x"', type: 'gauge' },
      { kind: 'unit', family: 'go.gc_seconds', unit: 'seconds' },
    ]);
  });

  it('accepts a unit that is the last underscore-separated part of the family name', () => {
    for (const [family, unit] of [['a_seconds', 'seconds'], ['a_b_bytes', 'b_bytes'], ['x_y', 'y']]) {
      assert.deepEqual(parseOpenMetrics(om(`# UNIT ${family} ${unit}`)), [{ kind: 'unit', family, unit }]);
    }
  });
});

describe('OpenMetricsParser: samples', () => {
  it('parses values, second timestamps with fractions and label escapes', () => {
    const body = om(
      '# TYPE g gauge',
      'g 1',
      'g{a="b"} -2.5e-3 1520879607.789',
      'g{a="b",c="d",} +Inf 0',
      'g{a="q\\"uo\\\\te\\nd"} NaN -1.5',
      'g{a="\u00fc\u20ac\ud83d\ude00"} .5 1e3',
      'g2 1.0 123',
      '{"g.x","a.b"="c",d="e"} 3',
      '{d="e","g.y"} 4',
      'g3{} 5',
    );
    const entries = parseOpenMetrics(body);
    const s = entries.filter((e): e is Extract<Recorded, { kind: 'series' }> => e.kind === 'series');
    assert.deepEqual(s.map((e) => [e.key, e.labels, e.timestamp]), [
      ['g', { __name__: 'g' }, undefined],
      ['g{a="b"}', { __name__: 'g', a: 'b' }, 1520879607789],
      ['g{a="b",c="d",}', { __name__: 'g', a: 'b', c: 'd' }, 0],
      ['g{a="q\\"uo\\\\te\\nd"}', { __name__: 'g', a: 'q"uo\\te\nd' }, -1500],
      ['g{a="\u00fc\u20ac\ud83d\ude00"}', { __name__: 'g', a: '\u00fc\u20ac\ud83d\ude00' }, 1000000],
      ['g2', { __name__: 'g2' }, 123000],
      ['{"g.x","a.b"="c",d="e"}', { __name__: 'g.x', 'a.b': 'c', d: 'e' }, undefined],
      ['{d="e","g.y"}', { __name__: 'g.y', d: 'e' }, undefined],
      ['g3{}', { __name__: 'g3' }, undefined],
    ]);
    assert.deepEqual(s.map((e) => e.value), [1, -0.0025, Infinity, NaN, 0.5, 1, 3, 4, 5]);
  });

  it('truncates timestamps to milliseconds the way Go converts seconds * 1000', () => {
    const ts = (t: string): number | undefined => {
      const [entry] = parseOpenMetrics(om(`m 1 ${t}`));
      return entry?.kind === 'series' ? entry.timestamp : undefined;
    };
    assert.equal(ts('1.0009'), 1000);
    assert.equal(ts('-1.0009'), -1000);
    assert.equal(ts('0.0001'), 0);
    assert.ok(Object.is(ts('-0.0001'), 0));
    assert.equal(ts('1e-3'), 1);
    assert.equal(ts('1726839814.2239082'), 1726839814223);
    // Beyond int64, amd64 Go yields the minimum int64.
    assert.equal(ts('1e20'), -9223372036854775808);
  });

  it('normalises a histogram le and a summary quantile to OpenMetrics float spelling, as Prometheus 3 does', () => {
    const body = om(
      '# TYPE h histogram',
      'h_bucket{le="1"} 0',
      'h_bucket{le="0.50"} 0',
      'h_bucket{le="1e3"} 0',
      'h_bucket{le="1000000"} 0',
      'h_bucket{le="0.00001"} 0',
      'h_bucket{le="+inf"} 0',
      'h_bucket{le="-0"} 0',
      'h_bucket{le="x1"} 0',
      'h_count{quantile="1"} 0',
      '# TYPE s summary',
      's{quantile="0"} 0',
      's{quantile="1",le="1"} 0',
      '# TYPE gh gaugehistogram',
      'gh_bucket{le="1"} 0',
      '# TYPE c counter',
      'c_total{le="1",quantile="1"} 0',
    );
    const labels = parseOpenMetrics(body).flatMap((e) => (e.kind === 'series' ? [e.labels] : []));
    assert.deepEqual(labels.map((l) => l.le ?? l.quantile), ['1.0', '0.5', '1000.0', '1e+06', '1e-05', '+Inf', '0.0', 'x1', '1', '0.0', '1', '1', '1']);
    assert.equal(labels[10]!.quantile, '1.0'); // ...while a summary leaves le alone
    assert.equal(labels[12]!.quantile, '1');
  });

  it('accepts every sample suffix without checking it against the family, as Prometheus does', () => {
    const body = om(
      '# TYPE gh gaugehistogram',
      'gh_bucket{le="+Inf"} 2',
      'gh_gcount 2',
      'gh_gsum 1.5',
      '# TYPE i info',
      'i_info{version="1.2"} 1',
      '# TYPE st stateset',
      'st{st="a"} 1',
      '# TYPE c counter',
      'c_total 1',
      'unrelated_name 7',
      '{"quoted.summary",quantile="0"} 1',
    );
    const names = parseOpenMetrics(body).flatMap((e) => (e.kind === 'series' ? [e.labels.__name__] : []));
    assert.deepEqual(names, ['gh_bucket', 'gh_gcount', 'gh_gsum', 'i_info', 'st', 'c_total', 'unrelated_name', 'quoted.summary']);
  });

  it('normalises quantile under a quoted UTF-8 summary name too', () => {
    const [, entry] = parseOpenMetrics(om('# TYPE "go.gc_duration_seconds" summary', '{"go.gc_duration_seconds",quantile="0"} 4.9351e-05'));
    assert.deepEqual(entry, series('{"go.gc_duration_seconds",quantile="0"}', { __name__: 'go.gc_duration_seconds', quantile: '0.0' }, 4.9351e-5));
  });

  it('exposes _created lines as ordinary samples by default, as Prometheus 3 does', () => {
    const body = om('# TYPE c counter', 'c_total 3', 'c_created 1700000000.5');
    const names = parseOpenMetrics(body).flatMap((e) => (e.kind === 'series' ? [e.labels.__name__] : []));
    assert.deepEqual(names, ['c_total', 'c_created']);
  });

  it('returns the EOF entry at # EOF, with or without a final newline, and on every later call', () => {
    for (const body of ['m 1\n# EOF', 'm 1\n# EOF\n']) {
      const p = new OpenMetricsParser(body);
      assert.equal(p.next(), Entry.Series);
      assert.equal(p.next(), Entry.EOF);
      assert.equal(p.next(), Entry.EOF);
      assert.equal(p.isSeries(), false);
    }
    assert.deepEqual(parseOpenMetrics('# EOF'), []);
  });

  it('allows NUL bytes where Prometheus does: in label values, help text and # keywords', () => {
    assert.deepEqual(parseOpenMetrics(om('m{a="x\u0000y"} 1')), [series('m{a="x\u0000y"}', { __name__: 'm', a: 'x\u0000y' }, 1)]);
    assert.deepEqual(parseOpenMetrics('# H\u0000ELP m x\n# EOF\u0000'), [{ kind: 'help', family: 'm', help: 'x' }]);
    // Go's lexer steps over a NUL after a closing quote too, which shifts the value's end.
    assert.deepEqual(parseOpenMetrics(om('m{a="xy"\u0000} 1')), [series('m{a="xy"\u0000}', { __name__: 'm', a: 'xy"' }, 1)]);
  });

  it('lets a line with junk after its value through, failing on the next call, as Prometheus does', () => {
    const p = new OpenMetricsParser('m 1 \n# EOF\n');
    assert.equal(p.next(), Entry.Series);
    assert.equal(p.value(), 1);
    assert.throws(() => p.next(), /^ExpositionParseError: line 1: expected a valid start token, got "\\n#" \("LINEBREAK"\)/);
  });
});

describe('OpenMetricsParser: exemplars', () => {
  it('parses an exemplar after the value or the timestamp, with or without its own timestamp', () => {
    const body = om(
      '# TYPE h histogram',
      'h_bucket{le="1"} 3 # {trace_id="abc"} 1.0 1234.5',
      'h_bucket{le="+Inf"} 4 1700000000 # {trace_id="def",span_id="1"} 0.25',
      'h_count 4 # {} -1e-3',
      'h_sum 4',
    );
    assert.deepEqual(parseOpenMetrics(body).slice(1), [
      series('h_bucket{le="1"}', { __name__: 'h_bucket', le: '1.0' }, 3, undefined, { labels: { trace_id: 'abc' }, value: 1, timestamp: 1234500 }),
      series('h_bucket{le="+Inf"}', { __name__: 'h_bucket', le: '+Inf' }, 4, 1700000000000, { labels: { trace_id: 'def', span_id: '1' }, value: 0.25 }),
      series('h_count', { __name__: 'h_count' }, 4, undefined, { labels: {}, value: -0.001 }),
      series('h_sum', { __name__: 'h_sum' }, 4),
    ]);
  });

  it('keeps exemplar label text as written and accepts quoted exemplar label names, like Prometheus', () => {
    const [entry] = parseOpenMetrics(om('c_total 1 # {"trace.id"="a\\"b",x="y\\\\"} 2'));
    assert.deepEqual(entry, series('c_total', { __name__: 'c_total' }, 1, undefined, { labels: { 'trace.id': 'a\\"b', x: 'y\\\\' }, value: 2 }));
  });

  it('builds the exemplar object only when asked, and only for the current series', () => {
    const p = new OpenMetricsParser(om('c_total 1 # {a="b"} 2', 'c_total{x="y"} 1'));
    p.next();
    assert.deepEqual(p.exemplar()?.labels.toRecord(), { a: 'b' });
    p.next();
    assert.equal(p.exemplar(), undefined);
    p.next();
    assert.equal(p.exemplar(), undefined);
  });

  it('accepts exemplars on any sample by default (as Prometheus) and only where the spec allows when strict', () => {
    const body = om('# TYPE s summary', 's_count 1 # {a="b"} 1');
    assert.equal(parseOpenMetrics(body).length, 2);
    assert.throws(() => parseOpenMetrics(body, { strictExemplars: true }), /^ExpositionParseError: line 2: exemplar not allowed on "s_count" in a summary family/);
    const allowed = om('# TYPE c counter', 'c_total 1 # {a="b"} 1', '# TYPE h histogram', 'h_bucket{le="1"} 1 # {a="b"} 1', '# TYPE g gaugehistogram', 'g_bucket{le="1"} 1 # {a="b"} 1');
    assert.equal(parseOpenMetrics(allowed, { strictExemplars: true }).length, 6);
  });
});

describe('OpenMetricsParser: created timestamps', () => {
  const body = om(
    '# TYPE foo counter',
    'foo_total 17.0 1520879607.789 # {id="counter-test"} 5',
    'foo_created 1520872607.123',
    'foo_total{a="b"} 17.0',
    'foo_created{a="b"} 1520872608.123',
    'foo_total{a="c"} 1',
    '# TYPE bar summary',
    'bar_count 17.0',
    'bar_sum 324789.3',
    'bar{quantile="0.95"} 123.7',
    'bar_created 1520872609.5',
    '# TYPE baz histogram',
    'baz_bucket{le="+Inf"} 17',
    'baz_created 1520430001',
    '# TYPE fizz_created gauge',
    'fizz_created 17.0',
  );

  function createdByKey(options = {}): Array<[string, number | undefined]> {
    const p = new OpenMetricsParser(body, options);
    const out: Array<[string, number | undefined]> = [];
    while (p.next()) if (p.isSeries()) out.push([p.seriesKey(), p.createdTimestamp()]);
    return out;
  }

  it('finds the matching _created line ahead and then hides _created samples, as Prometheus does', () => {
    assert.deepEqual(createdByKey(), [
      ['foo_total', 1520872607123],
      ['foo_total{a="b"}', 1520872608123],
      ['foo_total{a="c"}', undefined],
      ['bar_count', 1520872609500],
      ['bar_sum', 1520872609500],
      ['bar{quantile="0.95"}', 1520872609500],
      ['baz_bucket{le="+Inf"}', 1520430001000],
      ['fizz_created', undefined],
    ]);
  });

  it('can hide _created samples from the start (created-timestamp ingestion enabled)', () => {
    const p = new OpenMetricsParser(body, { skipCreatedSeries: true });
    const keys: string[] = [];
    while (p.next()) if (p.isSeries()) keys.push(p.seriesKey());
    assert.deepEqual(keys, ['foo_total', 'foo_total{a="b"}', 'foo_total{a="c"}', 'bar_count', 'bar_sum', 'bar{quantile="0.95"}', 'baz_bucket{le="+Inf"}', 'fizz_created']);
  });

  it('leaves the current entry intact while reading ahead', () => {
    const p = new OpenMetricsParser(body);
    p.next();
    p.next();
    assert.equal(p.createdTimestamp(), 1520872607123);
    assert.equal(p.seriesKey(), 'foo_total');
    assert.equal(p.timestamp(), 1520879607789);
    assert.deepEqual(p.exemplar()?.labels.toRecord(), { id: 'counter-test' });
    assert.equal(p.next(), Entry.Series);
    assert.equal(p.seriesKey(), 'foo_total{a="b"}');
  });

  it('has none when the family has no _created line before the next family', () => {
    const p = new OpenMetricsParser(om('# TYPE c counter', 'c_total 1', '# TYPE d counter', 'd_created 5'));
    p.next();
    p.next();
    assert.equal(p.createdTimestamp(), undefined);
  });
});
