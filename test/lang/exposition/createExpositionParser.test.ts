import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createExpositionParser, Entry, OpenMetricsParser, PrometheusTextParser, UnsupportedContentTypeError } from '../../../src/lang/exposition/index.js';

function rejects(contentType: string, fallback: string | undefined, message: string): void {
  assert.throws(
    () => createExpositionParser('up 1\n', contentType, fallback),
    (e: unknown) => e instanceof UnsupportedContentTypeError && e.message === message,
    contentType,
  );
}

describe('createExpositionParser', () => {
  it('parses text/plain bodies with the text parser, whatever the parameters or letter case', () => {
    for (const type of ['text/plain; version=0.0.4; charset=utf-8', 'text/plain', 'Text/Plain ;version=1.0.0; escaping=allow-utf-8', 'text/plain;']) {
      assert.ok(createExpositionParser('up 1\n', type) instanceof PrometheusTextParser, type);
    }
  });

  it('parses application/openmetrics-text bodies with the OpenMetrics parser, for any version', () => {
    for (const type of ['application/openmetrics-text; version=1.0.0; charset=utf-8', 'application/openmetrics-text; version=0.0.1', 'application/openmetrics-text', 'Application/OpenMetrics-Text;version="1.0.0"']) {
      const p = createExpositionParser('up_total 1 # {a="b"} 1\n# EOF\n', type);
      assert.ok(p instanceof OpenMetricsParser, type);
      assert.equal(p.next(), Entry.Series);
      assert.equal(p.exemplar()?.value, 1);
    }
  });

  it('passes OpenMetrics options through', () => {
    const p = createExpositionParser('# TYPE c counter\nc_created 1\n# EOF\n', 'application/openmetrics-text', undefined, { openMetrics: { skipCreatedSeries: true } });
    assert.equal(p.next(), Entry.Type);
    assert.equal(p.next(), Entry.EOF);
  });

  it('fails a blank Content-Type in Prometheus 3\'s words unless a fallback is configured', () => {
    rejects('', undefined, 'non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target');
    rejects('', '', 'non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target');
    assert.ok(createExpositionParser('up 1\n', '', 'text/plain;version=0.0.4') instanceof PrometheusTextParser);
    assert.ok(createExpositionParser('up 1\n# EOF\n', '', 'application/openmetrics-text;version=1.0.0') instanceof OpenMetricsParser);
  });

  it('fails types it cannot parse (protobuf, HTML) unless a fallback is configured', () => {
    for (const type of ['application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited', 'text/html', 'garbage']) {
      rejects(type, undefined, `received unsupported Content-Type ${JSON.stringify(type)} and no fallback_scrape_protocol specified for target`);
      assert.ok(createExpositionParser('up 1\n', type, 'text/plain') instanceof PrometheusTextParser);
    }
  });

  it('fails a Content-Type Go cannot parse, like Prometheus 3, unless a fallback is configured', () => {
    const cases: Array<[string, string]> = [
      ['text/plain; charset', 'mime: invalid media parameter'],
      ['text/plain; a=1; a=2', 'mime: duplicate parameter name'],
      ['text/', 'mime: expected token after slash'],
      ['text/plain/x', 'mime: unexpected content after media subtype'],
      ['text plain', 'mime: expected slash after first token'],
      [' ', 'mime: no media type'],
      ['; version=1', 'mime: no media type'],
    ];
    for (const [type, mime] of cases) {
      rejects(type, undefined, `cannot parse Content-Type ${JSON.stringify(type)} and no fallback_scrape_protocol for target\n${mime}`);
      assert.ok(createExpositionParser('up 1\n# EOF\n', type, 'application/openmetrics-text') instanceof OpenMetricsParser, type);
    }
  });

  it('rejects a fallback protocol it cannot parse', () => {
    rejects('', 'application/vnd.google.protobuf', 'fallback_scrape_protocol media type "application/vnd.google.protobuf" is not supported');
  });
});
