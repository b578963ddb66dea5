import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createExpositionParser, PrometheusTextParser, UnsupportedContentTypeError } from '../../../src/lang/exposition/index.js';

describe('createExpositionParser', () => {
  it('parses text/plain bodies with the text parser, whatever the parameters or letter case', () => {
    for (const type of ['text/plain; version=0.0.4; charset=utf-8', 'text/plain', 'Text/Plain ;version=1.0.0; escaping=allow-utf-8']) {
      assert.ok(createExpositionParser('up 1\n', type) instanceof PrometheusTextParser, type);
    }
  });

  it('fails a blank Content-Type in Prometheus 3\'s words unless a fallback is configured', () => {
    assert.throws(
      () => createExpositionParser('up 1\n', ''),
      (e: unknown) => e instanceof UnsupportedContentTypeError && /blank Content-Type and no fallback_scrape_protocol/.test(e.message),
    );
    assert.ok(createExpositionParser('up 1\n', '', 'text/plain;version=0.0.4') instanceof PrometheusTextParser);
  });

  it('fails types it cannot parse yet (OpenMetrics, protobuf, HTML) unless a fallback is configured', () => {
    for (const type of ['application/openmetrics-text; version=1.0.0', 'application/vnd.google.protobuf', 'text/html']) {
      assert.throws(
        () => createExpositionParser('up 1\n', type),
        (e: unknown) => e instanceof UnsupportedContentTypeError && e.message.includes(`unsupported Content-Type ${JSON.stringify(type)}`),
      );
      assert.ok(createExpositionParser('up 1\n', type, 'text/plain') instanceof PrometheusTextParser);
    }
  });
});
