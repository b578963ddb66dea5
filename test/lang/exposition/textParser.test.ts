import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Entry, ExpositionParseError, PrometheusTextParser } from '../../../src/lang/exposition/index.js';
import { isStaleNaN } from '../../../src/model/staleness.js';
import { parseText, series } from './collectEntries.js';

describe('PrometheusTextParser: what Prometheus accepts', () => {
  it('parses metadata, comments and series in the layouts Prometheus allows', () => {
    const body = [
      '# HELP go_gc_duration_seconds A summary of the GC invocation durations.',
      '# \tTYPE go_gc_duration_seconds summary',
      'go_gc_duration_seconds{quantile="0"} 4.9351e-05',
      'go_gc_duration_seconds{quantile="0.25",} 7.424100000000001e-05',
      'go_gc_duration_seconds{ quantile="0.9", a="b"} 8.3835e-05',
      '# Hrandom comment starting with prefix of HELP',
      '#',
      'wind_speed{A="2",c="3"} 12345',
      '# HELP nohelp1',
      '# HELP nohelp2 ',
      'go_gc_duration_seconds { quantile = "2.0" a = "b" } 8.3835e-05',
      'some:aggregate:rate5m{a_b="c"}\t1',
      'go_goroutines 33  \t123123',
      '_metric_starting_with_underscore 1',
      'testmetric{_label_starting_with_underscore="foo"} 1',
    ].join('\n');
    assert.deepEqual(parseText(body), [
      { kind: 'help', family: 'go_gc_duration_seconds', help: 'A summary of the GC invocation durations.' },
      { kind: 'type', family: 'go_gc_duration_seconds', type: 'summary' },
      series('go_gc_duration_seconds{quantile="0"}', { __name__: 'go_gc_duration_seconds', quantile: '0' }, 4.9351e-5),
      series('go_gc_duration_seconds{quantile="0.25",}', { __name__: 'go_gc_duration_seconds', quantile: '0.25' }, 7.424100000000001e-5),
      series('go_gc_duration_seconds{ quantile="0.9", a="b"}', { __name__: 'go_gc_duration_seconds', quantile: '0.9', a: 'b' }, 8.3835e-5),
      { kind: 'comment', text: '# Hrandom comment starting with prefix of HELP' },
      { kind: 'comment', text: '#' },
      series('wind_speed{A="2",c="3"}', { __name__: 'wind_speed', A: '2', c: '3' }, 12345),
      { kind: 'help', family: 'nohelp1', help: '' },
      { kind: 'help', family: 'nohelp2', help: '' },
      series('go_gc_duration_seconds { quantile = "2.0" a = "b" }', { __name__: 'go_gc_duration_seconds', quantile: '2.0', a: 'b' }, 8.3835e-5),
      series('some:aggregate:rate5m{a_b="c"}', { __name__: 'some:aggregate:rate5m', a_b: 'c' }, 1),
      series('go_goroutines', { __name__: 'go_goroutines' }, 33, 123123),
      series('_metric_starting_with_underscore', { __name__: '_metric_starting_with_underscore' }, 1),
      series('testmetric{_label_starting_with_underscore="foo"}', { __name__: 'testmetric', _label_starting_with_underscore: 'foo' }, 1),
    ]);
  });

  it('accepts quoted UTF-8 metric and label names (Prometheus 3)', () => {
    const body = [
      '# HELP "go.gc_duration_seconds" A summary of the GC invocation durations.',
      '# TYPE "go.gc_duration_seconds" summary',
      '{"go.gc_duration_seconds",quantile="0"} 4.9351e-05',
      '{ "go.gc_duration_seconds", quantile= "1.0", a= "b", } 8.3835e-05',
      '{quantile="0.5", "go.gc_duration_seconds"} 1',
      '{"go.gc_duration_seconds_count"} 99',
      'plain{"label.with.dots"="v"} 2',
      '{"Heizölrückstoßabdämpfung 10€ metric with \\"interesting\\" {character\\nchoices}","strange©™\\n\'quoted\' \\"name\\""="6"} 10.0',
    ].join('\n');
    assert.deepEqual(parseText(body), [
      { kind: 'help', family: 'go.gc_duration_seconds', help: 'A summary of the GC invocation durations.' },
      { kind: 'type', family: 'go.gc_duration_seconds', type: 'summary' },
      series('{"go.gc_duration_seconds",quantile="0"}', { __name__: 'go.gc_duration_seconds', quantile: '0' }, 4.9351e-5),
      series('{ "go.gc_duration_seconds", quantile= "1.0", a= "b", }', { __name__: 'go.gc_duration_seconds', quantile: '1.0', a: 'b' }, 8.3835e-5),
      series('{quantile="0.5", "go.gc_duration_seconds"}', { __name__: 'go.gc_duration_seconds', quantile: '0.5' }, 1),
      series('{"go.gc_duration_seconds_count"}', { __name__: 'go.gc_duration_seconds_count' }, 99),
      series('plain{"label.with.dots"="v"}', { __name__: 'plain', 'label.with.dots': 'v' }, 2),
      series(
        '{"Heizölrückstoßabdämpfung 10€ metric with \\"interesting\\" {character\\nchoices}","strange©™\\n\'quoted\' \\"name\\""="6"}',
        { __name__: 'Heizölrückstoßabdämpfung 10€ metric with "interesting" {character\nchoices}', 'strange©™\n\'quoted\' "name"': '6' },
        10,
      ),
    ]);
  });

  it('decodes \\\\, \\" and \\n in label values and keeps other escapes verbatim, as Prometheus does', () => {
    const [entry] = parseText('m{a="x\\\\y",b="say \\"hi\\"",c="1\\n2",d="tab\\there",e="\\\\n"} 1\n');
    assert.deepEqual(entry, series('m{a="x\\\\y",b="say \\"hi\\"",c="1\\n2",d="tab\\there",e="\\\\n"}', {
      __name__: 'm', a: 'x\\y', b: 'say "hi"', c: '1\n2', d: 'tab\\there', e: '\\n',
    }, 1));
  });

  it('decodes \\\\ and \\n in HELP text but leaves \\" alone', () => {
    assert.deepEqual(parseText('# HELP m a \\\\ b\\nc \\"d\\" \\t\n'), [{ kind: 'help', family: 'm', help: 'a \\ b\nc \\"d\\" \\t' }]);
  });

  it('keeps what follows the single separator after the name in metadata, as Prometheus does', () => {
    assert.deepEqual(parseText('# HELP m  two spaces\n# HELP n\tx\n# HELP "q.r"\\"esc\n'), [
      { kind: 'help', family: 'm', help: ' two spaces' },
      { kind: 'help', family: 'n', help: 'x' },
      { kind: 'help', family: 'q.r', help: '"esc' },
    ]);
  });

  it('reads every metric type and decodes escapes in a quoted family name', () => {
    const types = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];
    const entries = parseText(types.map((t) => `# TYPE m_${t} ${t}`).join('\n') + '\n# TYPE "a\\"b" gauge\n');
    assert.deepEqual(entries, [
      ...types.map((type) => ({ kind: 'type', family: `m_${type}`, type })),
      { kind: 'type', family: 'a"b', type: 'gauge' },
    ]);
  });

  it('parses values with Go ParseFloat semantics', () => {
    const cases: Array<[string, number]> = [
      ['0', 0], ['-0', -0], ['42', 42], ['-17', -17], ['+3', 3], ['1.5', 1.5], ['1.', 1], ['.5', 0.5], ['-.5', -0.5],
      ['1e3', 1000], ['1E-3', 0.001], ['2.5e+2', 250], ['007', 7], ['123456789012345678901', 123456789012345678901],
      ['1.7976931348623157e308', 1.7976931348623157e308], ['4.9e-324', 5e-324], ['1e-400', 0],
      ['+Inf', Infinity], ['-Inf', -Infinity], ['Inf', Infinity], ['inf', Infinity], ['-INF', -Infinity],
      ['Infinity', Infinity], ['-infinity', -Infinity], ['+iNfInItY', Infinity],
    ];
    for (const [text, want] of cases) {
      const [entry] = parseText(`m ${text}\n`);
      assert.ok(entry?.kind === 'series');
      assert.ok(Object.is(entry.value, want), `${text} gave ${entry.value}, want ${want}`);
    }
    for (const nan of ['NaN', 'nan', 'NAN', 'nAn']) {
      const p = new PrometheusTextParser(`m ${nan}\n`);
      assert.equal(p.next(), Entry.Series);
      assert.ok(Number.isNaN(p.value()), nan);
      assert.ok(!isStaleNaN(p.value()), 'a scraped NaN must not be the staleness marker');
    }
  });

  it('takes a value glued to the metric name or label block, since Prometheus lexes it so', () => {
    assert.deepEqual(parseText('m-1\nn{a="b"}2\n'), [series('m', { __name__: 'm' }, -1), series('n{a="b"}', { __name__: 'n', a: 'b' }, 2)]);
  });

  it('reads timestamps as integer milliseconds up to int64', () => {
    assert.deepEqual(parseText('a 1 1700000000000\nb 2 0007\nc 3 9223372036854775807\nd 4\ne 5 12 \n'), [
      series('a', { __name__: 'a' }, 1, 1700000000000),
      series('b', { __name__: 'b' }, 2, 7),
      series('c', { __name__: 'c' }, 3, 9223372036854775807),
      series('d', { __name__: 'd' }, 4),
      series('e', { __name__: 'e' }, 5, 12),
    ]);
  });

  it('allows blank lines, blank-only lines, leading blanks and a missing final newline', () => {
    assert.deepEqual(parseText('\n\n  \t\n   a 1\n\t# note\n\nb{c="d"} 2'), [
      series('a', { __name__: 'a' }, 1),
      { kind: 'comment', text: '# note' },
      series('b{c="d"}', { __name__: 'b', c: 'd' }, 2),
    ]);
    assert.deepEqual(parseText(''), []);
  });

  it('treats #-lines that are not `# HELP name` / `# TYPE name` as comments', () => {
    const body = '#HELP a b\n# HELP\n# HELPER a b\n# TYPEa counter\n# EOF\n# UNIT a seconds\n';
    assert.deepEqual(parseText(body).map((e) => e.kind), ['comment', 'comment', 'comment', 'comment', 'comment', 'comment']);
  });

  it('does not police metadata order: TYPE after samples and repeated TYPE lines pass, as in Prometheus', () => {
    const entries = parseText('a 1\n# TYPE a counter\n# TYPE a gauge\na 2\n');
    assert.deepEqual(entries.map((e) => e.kind), ['series', 'type', 'type', 'series']);
  });

  it('accepts a raw newline inside a label value (Prometheus\'s lexer does) and counts lines across it', () => {
    const p = new PrometheusTextParser('a{b="x\ny"} 1\nc{ 2\n');
    assert.equal(p.next(), Entry.Series);
    assert.deepEqual(p.labels().toRecord(), { __name__: 'a', b: 'x\ny' });
    assert.throws(() => p.next(), (e: unknown) => e instanceof ExpositionParseError && e.line === 3);
  });

  it('ends the input at a NUL where a line starts, as Prometheus does', () => {
    assert.deepEqual(parseText('a 1\n\u0000b 2\n'), [series('a', { __name__: 'a' }, 1)]);
  });

  it('accepts NUL inside label values and help text', () => {
    assert.deepEqual(parseText('# HELP m foo\u0000bar\nm{a="abc\u0000"} 1\n'), [
      { kind: 'help', family: 'm', help: 'foo\u0000bar' },
      series('m{a="abc\u0000"}', { __name__: 'm', a: 'abc\u0000' }, 1),
    ]);
  });

  it('drops labels with empty values, where an empty value means no label', () => {
    assert.deepEqual(parseText('m{a="",b="1"} 1\n'), [series('m{a="",b="1"}', { __name__: 'm', b: '1' }, 1)]);
  });

  it('gives the series key from the metric name on, leading blanks excluded', () => {
    const p = new PrometheusTextParser('   m {a="1"} 1\n  {"x.y"} 2\n');
    p.next();
    assert.equal(p.seriesKey(), 'm {a="1"}');
    p.next();
    assert.equal(p.seriesKey(), '{"x.y"}');
  });

  it('does not decode labels until asked, and decodes them on demand for the current line', () => {
    const p = new PrometheusTextParser('m{a="1"} 1\nm{a="2",a="3"} 2\nm{a="4"} 3\n');
    assert.equal(p.next(), Entry.Series);
    assert.equal(p.next(), Entry.Series); // the duplicate label is only noticed by labels()
    assert.equal(p.seriesKey(), 'm{a="2",a="3"}');
    assert.throws(() => p.labels(), /line 2: label name "a" is not unique/);
    assert.equal(p.next(), Entry.Series, 'a refused label set does not stop the parse');
    assert.equal(p.seriesKey(), 'm{a="4"}');
  });
});

describe('PrometheusTextParser: label sets Prometheus refuses to append', () => {
  const refused: Array<[string, RegExp]> = [
    ['m{a="1",a="2"} 1', /^line 1: label name "a" is not unique in "m\{a=\\"1\\",a=\\"2\\"\}"$/],
    ['m{__name__="n"} 1', /label name "__name__" is not unique/],
    ['{"m", "a"="1", a="2"} 1', /label name "a" is not unique/],
    ['\n{""} 1', /^line 2: metric name must not be empty/],
    ['m{""="v"} 1', /^line 1: empty label name/],
  ];
  for (const [body, message] of refused) {
    it(`refuses ${JSON.stringify(body)} when its labels are read`, () => {
      const p = new PrometheusTextParser(body);
      assert.equal(p.next(), Entry.Series);
      assert.throws(() => p.labels(), (e: unknown) => e instanceof ExpositionParseError && message.test(e.message));
    });
  }
});

describe('PrometheusTextParser: iteration', () => {
  it('supports `while (parser.next())` with isSeries(), and keeps returning EOF at the end', () => {
    const p = new PrometheusTextParser('# TYPE a gauge\na 1\n# c\nb 2\n');
    const keys: string[] = [];
    while (p.next()) if (p.isSeries()) keys.push(p.seriesKey());
    assert.deepEqual(keys, ['a', 'b']);
    assert.equal(p.next(), Entry.EOF);
    assert.equal(p.isSeries(), false);
  });

  it('keeps throwing the same error after a failure', () => {
    const p = new PrometheusTextParser('a 1\nb x\nc 3\n');
    assert.equal(p.next(), Entry.Series);
    let first: unknown;
    assert.throws(() => p.next(), (e: unknown) => ((first = e), e instanceof ExpositionParseError));
    assert.throws(() => p.next(), (e: unknown) => e === first);
  });
});
