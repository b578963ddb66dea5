/**
 * The API the rule manager uses: alert label/annotation templates with Prometheus's variables,
 * `query` through an injected async engine, and failures turned into the annotation text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertTemplateData, checkAlertTemplate, expandAlertTemplate, TemplateExpander, type QuerySample } from '../../../src/lang/template/index.js';

const alert = { labels: { instance: 'web-1:9100', job: 'node', severity: 'page' }, externalLabels: { cluster: 'eu1' }, externalURL: 'https://prom.example.com/prom', value: 0.9734 };

test('the alert variables are defined as in Prometheus', async () => {
  const text = '{{ $labels.instance }} {{ $labels.missing }}|{{ $externalLabels.cluster }}|{{ $externalURL }}|{{ $value }}|{{ .Value | humanizePercentage }}';
  const out = await expandAlertTemplate(text, 'HighLoad', alert, { timestampMs: 0 });
  assert.deepEqual(out, { text: 'web-1:9100 |eu1|https://prom.example.com/prom|0.9734|97.34%', error: undefined });
});

test('a failing template becomes the text, with Prometheus\'s wording, and the error is returned', async () => {
  const out = await expandAlertTemplate('{{ humanize "n/a" }}', 'HighLoad', alert, { timestampMs: 0 });
  assert.equal(
    out.text,
    '<error expanding template: error executing template __alert_HighLoad: template: __alert_HighLoad:1:115: executing "__alert_HighLoad" at <humanize "n/a">: error calling humanize: strconv.ParseFloat: parsing "n/a": invalid syntax>',
  );
  assert.ok(out.error);
  const parse = await expandAlertTemplate('{{ $label.x }}', 'A', alert, { timestampMs: 0 });
  assert.equal(parse.text, '<error expanding template: error parsing template __alert_A: template: __alert_A:1: undefined variable "$label">');
});

test('query runs through the injected engine at the evaluation time', async () => {
  const seen: Array<[string, number]> = [];
  const samples: QuerySample[] = [
    { labels: { __name__: 'node_load1', instance: 'b' }, value: 2.5 },
    { labels: { __name__: 'node_load1', instance: 'a' }, value: 1 },
  ];
  const query = async (q: string, t: number): Promise<readonly QuerySample[]> => {
    seen.push([q, t]);
    // Resolve later, to prove expansion really waits for the engine.
    await new Promise((r) => setTimeout(r, 1));
    return q === 'empty' ? [] : samples;
  };
  const ctx = { timestampMs: 1_700_000_000_000, query };
  const text = [
    '{{ with query "node_load1" }}{{ . | first | value }}{{ end }}',
    '{{ range query "node_load1" | sortByLabel "instance" }}{{ .Labels.instance }}={{ .Value }};{{ end }}',
    '{{ with query "empty" }}some{{ else }}none{{ end }}',
    '{{ query "node_load1" | first | label "instance" }}',
    '{{ printf `sum(rate(x{instance="%s"}[5m]))` $labels.instance | query | len }}',
  ].join('|');
  const out = await expandAlertTemplate(text, 'A', alert, ctx);
  assert.equal(out.text, '2.5|a=1;b=2.5;|none|b|2');
  assert.deepEqual(seen.map(([, t]) => t), [ctx.timestampMs, ctx.timestampMs, ctx.timestampMs, ctx.timestampMs, ctx.timestampMs]);
  assert.equal(seen[4]![0], 'sum(rate(x{instance="web-1:9100"}[5m]))');
});

test('query errors and missing engines are template errors', async () => {
  const failing = async (): Promise<readonly QuerySample[]> => {
    throw new Error('1:5: parse error: unexpected end of input');
  };
  const out = await expandAlertTemplate('{{ query "up +" }}', 'A', alert, { timestampMs: 0, query: failing });
  assert.match(out.text, /at <query "up \+">: error calling query: 1:5: parse error: unexpected end of input>$/);
  const none = await expandAlertTemplate('{{ query "up" }}', 'A', alert, { timestampMs: 0 });
  assert.match(none.text, /error calling query: runtime error: invalid memory address or nil pointer dereference>$/);
  const empty = await expandAlertTemplate('{{ query "x" | first }}', 'A', alert, { timestampMs: 0, query: async () => [] });
  assert.match(empty.text, /error calling first: first\(\) called on vector with no elements>$/);
});

test('URL helpers read the external URL', async () => {
  const out = await expandAlertTemplate('{{ pathPrefix }} {{ externalURL }} {{ graphLink "up == 0" }} {{ tableLink "up" }}', 'A', alert, { timestampMs: 0 });
  assert.equal(out.text, '/prom https://prom.example.com/prom /graph?g0.expr=up+%3D%3D+0&g0.tab=0 /graph?g0.expr=up&g0.tab=1');
});

test('string helpers', async () => {
  const text = '{{ title "disk full on sda" }}|{{ toUpper "a" }}{{ toLower "B" }}|{{ reReplaceAll "(.*):.*" "$1" $labels.instance }}|{{ match "^web-" $labels.instance }}|{{ stripPort $labels.instance }}|{{ stripDomain "db.example.com:5432" }}|{{ safeHtml "<b>" }}|{{ parseDuration "1h30m" }}';
  const out = await expandAlertTemplate(text, 'A', alert, { timestampMs: 0 });
  assert.equal(out.text, 'Disk Full On Sda|Ab|web-1|true|web-1|db:5432|<b>|5400');
});

test('time helpers return Go times with their methods', async () => {
  const out = await expandAlertTemplate('{{ toTime 1435065584.128 }}|{{ (toTime 1435065584).Unix }}|{{ (toTime 1435065584).Format "2006-01-02T15:04:05Z07:00" }}|{{ humanizeTimestamp "1435065584.128" }}', 'A', alert, { timestampMs: 0 });
  assert.equal(out.text, '2015-06-23 13:19:44.128 +0000 UTC|1435065584|2015-06-23T13:19:44Z|2015-06-23 13:19:44.128 +0000 UTC');
});

test('histogram values print through their own string form', async () => {
  const histogram = { goString: () => '{count:3, sum:6, [1,2):1, [2,4):2}' };
  const out = await expandAlertTemplate('{{ $value }}', 'A', { ...alert, value: histogram }, { timestampMs: 0 });
  assert.equal(out.text, '{count:3, sum:6, [1,2):1, [2,4):2}');
});

test('checkAlertTemplate reports parse errors only', () => {
  assert.equal(checkAlertTemplate('{{ $labels.instance }} {{ humanize "x" }}', 'A'), undefined);
  assert.equal(checkAlertTemplate('{{ if $value }}', 'A'), 'template: __alert_A:1: unexpected EOF');
  assert.equal(checkAlertTemplate('line\n{{ nope }}', 'A'), 'template: __alert_A:2: function "nope" not defined');
});

test('the data struct prints and reads like Prometheus\'s AlertTemplateData', async () => {
  const data = alertTemplateData({ labels: { a: 'b' }, externalLabels: {}, externalURL: 'u', value: 1 });
  const out = await new TemplateExpander('{{ . }}|{{ .Labels.a }}|{{ .Nope }}', 't', data, { timestampMs: 0 }).expand().catch((e: Error) => e.message);
  assert.match(out, /can't evaluate field Nope in type struct \{ Labels map\[string\]string; ExternalLabels map\[string\]string; ExternalURL string; Value interface \{\} \}$/);
  assert.equal(await new TemplateExpander('{{ . }}', 't', data, { timestampMs: 0 }).expand(), '{map[a:b] map[] u 1}');
});
