/**
 * Template expansion and parse errors compared with Go's: every case here was run through Go's
 * text/template with Prometheus's functions (Debian's promtool 2.42) and gave the same text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAlertTemplate, expandAlertTemplate, type QuerySample } from '../../../src/lang/template/index.js';
import { GO_VERIFIED_CASES } from './goVerifiedCases.js';
import { GO_VERIFIED_PARSE_RESULTS } from './goVerifiedParseResults.js';

// The alert the cases were expanded for: value 1234567 with these labels, external label
// cluster="c1", and two `up` series (b=1 listed before a=0.5, as Prometheus returned them).
const input = { labels: { instance: 'host:9090', job: 'node' }, externalLabels: { cluster: 'c1' }, externalURL: 'http://prom.example/prefix', value: 1234567 };
const up: QuerySample[] = [
  { labels: { __name__: 'up', instance: 'b' }, value: 1 },
  { labels: { __name__: 'up', instance: 'a' }, value: 0.5 },
];
const query = async (q: string): Promise<QuerySample[]> => (q.startsWith('up') ? up : q === 'vector(1)' ? [{ labels: {}, value: 1 }] : []);

test(`expansion matches Go on ${GO_VERIFIED_CASES.length} templates`, async () => {
  for (const [template, expected] of GO_VERIFIED_CASES) {
    const { text } = await expandAlertTemplate(template, 'X', input, { timestampMs: 0, query });
    assert.equal(text, expected, template);
  }
});

test(`parse errors match Go on ${GO_VERIFIED_PARSE_RESULTS.length} templates`, () => {
  for (const [template, expected] of GO_VERIFIED_PARSE_RESULTS) {
    assert.equal(checkAlertTemplate(template, 'X') ?? 'OK', expected, template);
  }
});
