/**
 * Throughput of the exposition parsers on a generated 10 000-series scrape body, written once in
 * the Prometheus text format and once in OpenMetrics 1.0 (same series; OpenMetrics adds `_total`
 * names, `_created` lines, exemplars on some buckets and `# EOF`).
 * Run: node dist-test/bench/expositionParse.bench.js [rounds]
 *
 * Three figures per format: a scrape whose cache hits (a line costs next(), seriesKey() and
 * value()), the same with the hints a scrape cache gives (expectSeries with the previous scrape's
 * series texts, in order: what a steady-state scrape does), and a cold scrape that also decodes
 * every label set (and exemplar).
 */
import { createExpositionParser, Entry, ExpositionBodyDecoder, wholeText, type ExpositionBody } from '../src/lang/exposition/index.js';

const SERIES = 10_000;

type Format = 'text' | 'openmetrics';

/** A body shaped like a busy exporter: counters, gauges and histograms with 3-5 labels each. */
function generateBody(format: Format): string {
  const om = format === 'openmetrics';
  const lines: string[] = [];
  const handlers = ['/api/v1/query', '/api/v1/query_range', '/api/v1/series', '/metrics', '/-/healthy', '/api/v1/labels'];
  const methods = ['GET', 'POST'];
  const codes = ['200', '204', '400', '404', '500', '503'];
  const les = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1.0', '2.5', '5.0', '10.0', '+Inf'];
  let n = 0;
  let family = 0;
  while (n < SERIES) {
    const instance = `10.${family % 7}.${family % 251}.${(family * 13) % 254}:9100`;
    const kind = family % 3;
    // OpenMetrics names a counter family without `_total`; its samples carry the suffix.
    const name = kind === 0 ? `app_${family}_http_requests${om ? '' : '_total'}` : kind === 1 ? `app_${family}_memory_usage_bytes` : `app_${family}_request_duration_seconds`;
    lines.push(`# HELP ${name} Generated family ${family} for the parser benchmark.`);
    lines.push(`# TYPE ${name} ${kind === 0 ? 'counter' : kind === 1 ? 'gauge' : 'histogram'}`);
    if (om && kind !== 0) lines.push(`# UNIT ${name} ${kind === 1 ? 'bytes' : 'seconds'}`);
    for (const handler of handlers) {
      for (const method of methods) {
        if (n >= SERIES) break;
        if (kind === 0) {
          for (const code of codes) {
            const labels = `{handler="${handler}",method="${method}",code="${code}",instance="${instance}"}`;
            lines.push(`${name}${om ? '_total' : ''}${labels} ${(n * 7919) % 1_000_003}`);
            if (om) lines.push(`${name}_created${labels} 1700000000.${n % 1000}`);
            n++;
          }
        } else if (kind === 1) {
          lines.push(`${name}{handler="${handler}",method="${method}",instance="${instance}"} ${((n * 104729) % 99991) * 1.37e3}`);
          n++;
        } else {
          let cumulative = 0;
          for (const [k, le] of les.entries()) {
            cumulative += (n * 31) % 97;
            const exemplar = om && k % 4 === 1 ? ` # {trace_id="${(n * 2654435761).toString(16)}"} ${Number(le) * 0.8} 1700000000.${k}` : '';
            lines.push(`${name}_bucket{handler="${handler}",method="${method}",le="${le}",instance="${instance}",job="node"} ${cumulative}${exemplar}`);
            n++;
          }
          const labels = `{handler="${handler}",method="${method}",instance="${instance}",job="node"}`;
          lines.push(`${name}_sum${labels} ${(cumulative * 0.0123).toExponential(6)}`);
          lines.push(`${name}_count${labels} ${cumulative}`);
          if (om) lines.push(`${name}_created${labels} 1700000000.25`);
          n += 2;
        }
      }
    }
    family++;
  }
  if (om) lines.push('# EOF');
  return lines.join('\n') + '\n';
}

const CONTENT_TYPES: Record<Format, string> = { text: 'text/plain; version=0.0.4', openmetrics: 'application/openmetrics-text; version=1.0.0' };

/** What a parse asks for beyond key and value: the scrape cache's hints, or every label set. */
interface ParseWork {
  readonly hints?: readonly string[];
  readonly decodeLabels?: boolean;
}

/** Parses the body once; returns the sample count (and a checksum so nothing is optimised away). */
function parseOnce(format: Format, body: ExpositionBody, work: ParseWork): [number, number] {
  const p = createExpositionParser(body, CONTENT_TYPES[format]);
  const hints = work.hints;
  let samples = 0;
  let checksum = 0;
  p.expectSeries(hints?.[0]);
  for (let e = p.next(); e !== Entry.EOF; e = p.next()) {
    if (e !== Entry.Series) continue;
    samples++;
    checksum += p.seriesKey().length + p.value();
    if (work.decodeLabels) checksum += p.labels().size + (p.exemplar()?.value ?? 0);
    if (hints !== undefined) p.expectSeries(hints[samples]);
  }
  return [samples, checksum];
}

/** The body's series texts in order, as a scrape cache remembers them from the previous scrape. */
function seriesTexts(format: Format, body: ExpositionBody): string[] {
  const p = createExpositionParser(body, CONTENT_TYPES[format]);
  const texts: string[] = [];
  for (let e = p.next(); e !== Entry.EOF; e = p.next()) if (e === Entry.Series) texts.push(p.seriesKey());
  return texts;
}

/** The body as the scrape fetch hands it over: decoded from bytes into line-aligned pieces. */
function decodedBody(bytes: Uint8Array): string[] {
  const decoder = new ExpositionBodyDecoder();
  decoder.write(bytes);
  return decoder.end();
}

/** Times `trials` batches of `rounds` parses and prints the median batch (this box is shared). */
function measure(label: string, format: Format, body: ExpositionBody, rounds: number, work: ParseWork, trials = 5): void {
  for (let i = 0; i < 20; i++) parseOnce(format, body, work); // warm up the JIT
  const perSecond: number[] = [];
  let samples = 0;
  let checksum = 0;
  for (let trial = 0; trial < trials; trial++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) {
      const [n, sum] = parseOnce(format, body, work);
      samples = n;
      checksum += sum;
    }
    perSecond.push(rounds / (Number(process.hrtime.bigint() - start) / 1e9)); // bodies per second
  }
  perSecond.sort((a, b) => a - b);
  const bodiesPerSecond = perSecond[trials >> 1]!;
  const text = wholeText(body);
  const lines = countLines(text);
  process.stdout.write(
    `${label.padEnd(46)} ${((bodiesPerSecond * lines) / 1e6).toFixed(2)} M lines/s  ${((bodiesPerSecond * samples) / 1e6).toFixed(2)} M samples/s ` +
      `(median of ${trials}; range ${((perSecond[0]! * lines) / 1e6).toFixed(2)}-${((perSecond[trials - 1]! * lines) / 1e6).toFixed(2)} M lines/s)  ` +
      `${((bodiesPerSecond * text.length) / 1e6).toFixed(0)} MB/s  ${(1e3 / bodiesPerSecond).toFixed(2)} ms per body  (checksum ${checksum.toExponential(3)})\n`,
  );
}

function countLines(body: string): number {
  let n = 0;
  for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) n++;
  return n;
}

const rounds = Number(process.argv[2] ?? 40);
for (const format of ['text', 'openmetrics'] as const) {
  const bytes = Buffer.from(generateBody(format), 'utf8');
  const body = decodedBody(bytes);
  // The hints come from another decoding, as a cache's keys come from an earlier body.
  const hints = seriesTexts(format, decodedBody(bytes));
  const [samples] = parseOnce(format, body, { decodeLabels: true });
  const text = wholeText(body);
  process.stdout.write(`${format} body: ${countLines(text)} lines in ${body.length} pieces, ${samples} samples, ${(text.length / 1024).toFixed(0)} KiB, 5 trials of ${rounds} rounds each\n`);
  measure(`${format}: key + value`, format, body, rounds, {});
  measure(`${format}: steady state (key + value, cache hints)`, format, body, rounds, { hints });
  measure(`${format}: cold cache (key + value + labels${format === 'openmetrics' ? ' + exemplar' : ''})`, format, body, rounds, { decodeLabels: true });
}
