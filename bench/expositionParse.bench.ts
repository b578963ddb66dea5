/**
 * Throughput of the Prometheus text parser on a generated 10 000-series scrape body.
 * Run: node dist-test/bench/expositionParse.bench.js [rounds]
 *
 * Two figures: the steady-state scrape (the scrape cache hits, so a line costs next(),
 * seriesKey() and value()), and a cold scrape that also decodes every label set.
 */
import { Entry, PrometheusTextParser } from '../src/lang/exposition/index.js';

const SERIES = 10_000;

/** A body shaped like a busy exporter: counters, gauges and histograms with 3-5 labels each. */
function generateBody(): string {
  const lines: string[] = [];
  const handlers = ['/api/v1/query', '/api/v1/query_range', '/api/v1/series', '/metrics', '/-/healthy', '/api/v1/labels'];
  const methods = ['GET', 'POST'];
  const codes = ['200', '204', '400', '404', '500', '503'];
  const les = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];
  let n = 0;
  let family = 0;
  while (n < SERIES) {
    const instance = `10.${family % 7}.${family % 251}.${(family * 13) % 254}:9100`;
    const kind = family % 3;
    const name = kind === 0 ? `app_${family}_http_requests_total` : kind === 1 ? `app_${family}_memory_usage_bytes` : `app_${family}_request_duration_seconds`;
    lines.push(`# HELP ${name} Generated family ${family} for the parser benchmark.`);
    lines.push(`# TYPE ${name} ${kind === 0 ? 'counter' : kind === 1 ? 'gauge' : 'histogram'}`);
    for (const handler of handlers) {
      for (const method of methods) {
        if (n >= SERIES) break;
        if (kind === 0) {
          for (const code of codes) {
            lines.push(`${name}{handler="${handler}",method="${method}",code="${code}",instance="${instance}"} ${(n * 7919) % 1_000_003}`);
            n++;
          }
        } else if (kind === 1) {
          lines.push(`${name}{handler="${handler}",method="${method}",instance="${instance}"} ${((n * 104729) % 99991) * 1.37e3}`);
          n++;
        } else {
          let cumulative = 0;
          for (const le of les) {
            cumulative += (n * 31) % 97;
            lines.push(`${name}_bucket{handler="${handler}",method="${method}",le="${le}",instance="${instance}",job="node"} ${cumulative}`);
            n++;
          }
          lines.push(`${name}_sum{handler="${handler}",method="${method}",instance="${instance}",job="node"} ${(cumulative * 0.0123).toExponential(6)}`);
          lines.push(`${name}_count{handler="${handler}",method="${method}",instance="${instance}",job="node"} ${cumulative}`);
          n += 2;
        }
      }
    }
    family++;
  }
  return lines.join('\n') + '\n';
}

/** Parses the body once; returns the sample count (and a checksum so nothing is optimised away). */
function parseOnce(body: string, decodeLabels: boolean): [number, number] {
  const p = new PrometheusTextParser(body);
  let samples = 0;
  let checksum = 0;
  for (let e = p.next(); e !== Entry.EOF; e = p.next()) {
    if (e !== Entry.Series) continue;
    samples++;
    checksum += p.seriesKey().length + p.value();
    if (decodeLabels) checksum += p.labels().size;
  }
  return [samples, checksum];
}

/** Times `trials` batches of `rounds` parses and prints the median batch (this box is shared). */
function measure(label: string, body: string, rounds: number, decodeLabels: boolean, trials = 5): void {
  for (let i = 0; i < 20; i++) parseOnce(body, decodeLabels); // warm up the JIT
  const perSecond: number[] = [];
  let samples = 0;
  let checksum = 0;
  for (let trial = 0; trial < trials; trial++) {
    let batchSamples = 0;
    const start = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) {
      const [n, sum] = parseOnce(body, decodeLabels);
      batchSamples += n;
      checksum += sum;
    }
    perSecond.push(batchSamples / (Number(process.hrtime.bigint() - start) / 1e9));
    samples += batchSamples;
  }
  perSecond.sort((a, b) => a - b);
  const median = perSecond[trials >> 1]!;
  const linesPerSample = samples > 0 ? body.length / (samples / (trials * rounds)) : 0;
  process.stdout.write(
    `${label.padEnd(36)} ${(median / 1e6).toFixed(2)} M samples/s (median of ${trials}; range ${(perSecond[0]! / 1e6).toFixed(2)}-` +
      `${(perSecond[trials - 1]! / 1e6).toFixed(2)})  ${((median * linesPerSample) / 1e6).toFixed(0)} MB/s  ` +
      `${((10_000 / median) * 1e3).toFixed(2)} ms per 10k-series scrape  (checksum ${checksum.toExponential(3)})\n`,
  );
}

const rounds = Number(process.argv[2] ?? 40);
// Through a Buffer, as the scrape fetch hands it over: a flat string, not a concatenation rope.
const body = Buffer.from(generateBody(), 'utf8').toString('utf8');
const [samples] = parseOnce(body, true);
process.stdout.write(`body: ${samples} samples, ${(body.length / 1024).toFixed(0)} KiB, 5 trials of ${rounds} rounds each\n`);
measure('steady state (key + value)', body, rounds, false);
measure('cold cache (key + value + labels)', body, rounds, true);
