/**
 * Upstream's OpenMetrics benchmark bodies (conformance README section 4): every line must parse,
 * and what the parser reports (counts, keys, values, labels, exemplars, created timestamps) is
 * checked against figures derived here from the raw text by plain string handling.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Entry, OpenMetricsParser } from '../../../src/lang/exposition/index.js';
import { conformanceDir, hasConformance } from '../../support/paths.js';

const textparseDir = join(conformanceDir, 'textparse');
const skip = hasConformance ? false : `conformance corpus not found at ${conformanceDir}`;

interface NaiveLine {
  key: string;
  labels: Record<string, string>;
  value: number;
  exemplar?: { labels: Record<string, string>; value: number; timestamp: number };
}

/** A sample line split by hand: `key value` optionally followed by ` # {labels} value timestamp`. */
function naiveLine(line: string): NaiveLine {
  const [sample, exemplar] = line.split(' # ') as [string, string | undefined];
  const cut = sample.lastIndexOf(' ');
  const key = sample.slice(0, cut);
  const out: NaiveLine = { key, labels: naiveLabels(key), value: Number(sample.slice(cut + 1)) };
  if (exemplar !== undefined) {
    const close = exemplar.indexOf('}');
    const [value, ts] = exemplar.slice(close + 2).split(' ');
    out.exemplar = { labels: pairs(exemplar.slice(0, close + 1)), value: Number(value), timestamp: Math.trunc(Number(ts) * 1000) };
  }
  return out;
}

function pairs(block: string): Record<string, string> {
  const record: Record<string, string> = {};
  for (const m of block.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)) if (m[2] !== '') record[m[1]!] = m[2]!;
  return record;
}

function naiveLabels(key: string): Record<string, string> {
  const brace = key.indexOf('{');
  return { __name__: brace < 0 ? key : key.slice(0, brace), ...(brace < 0 ? {} : pairs(key.slice(brace))) };
}

function lines(body: string): string[] {
  return body.split('\n').filter((l) => l !== '');
}

/** Parses a body, checking every sample against the naive reading of its line; returns tallies. */
function parseAndCheck(body: string): { samples: string[]; types: string[]; helps: number; units: number; exemplars: number } {
  const expected = lines(body).filter((l) => !l.startsWith('#'));
  const tally = { samples: [] as string[], types: [] as string[], helps: 0, units: 0, exemplars: 0 };
  const p = new OpenMetricsParser(body);
  for (let e = p.next(); e !== Entry.EOF; e = p.next()) {
    if (e === Entry.Type) tally.types.push(p.metricType());
    else if (e === Entry.Help) tally.helps++;
    else if (e === Entry.Unit) tally.units++;
    else {
      const line = expected.shift()!;
      const naive = naiveLine(line);
      assert.equal(p.seriesKey(), naive.key);
      assert.equal(p.value(), naive.value, line);
      assert.equal(p.timestamp(), undefined);
      assert.deepEqual(p.labels().toRecord(), naive.labels, line);
      const exemplar = p.exemplar();
      assert.deepEqual(exemplar && { labels: exemplar.labels.toRecord(), value: exemplar.value, timestamp: exemplar.timestamp }, naive.exemplar, line);
      if (exemplar) tally.exemplars++;
      tally.samples.push(naive.key);
    }
  }
  assert.deepEqual(expected, [], 'every sample line is one series');
  return tally;
}

function count(body: string, pattern: RegExp): number {
  return lines(body).filter((l) => pattern.test(l)).length;
}

describe('OpenMetrics parser on upstream textparse fixtures', { skip }, () => {
  it('parses alltypes.5mfs.om.txt: 5 families, 53 samples with 9 _created lines and 6 exemplars', () => {
    const body = readFileSync(join(textparseDir, 'alltypes.5mfs.om.txt'), 'utf8');
    const tally = parseAndCheck(body);
    // Counts derived from the raw text...
    assert.equal(tally.samples.length, count(body, /^[^#]/));
    assert.equal(tally.helps, count(body, /^# HELP /));
    assert.equal(tally.units, 0);
    assert.deepEqual(tally.types, lines(body).flatMap((l) => l.match(/^# TYPE \S+ (\S+)$/)?.slice(1) ?? []));
    assert.equal(tally.exemplars, count(body, / # \{/));
    assert.equal(tally.samples.filter((k) => /^[a-z_]+_created[{ ]?/.test(k)).length, count(body, /^\w+_created[{ ]/));
    // ...and the figures the corpus README states.
    assert.equal(tally.samples.length, 53);
    assert.equal(tally.helps, 5);
    assert.deepEqual(tally.types, ['gauge', 'counter', 'histogram', 'summary', 'counter']);
    assert.equal(tally.exemplars, 6);
    assert.equal(tally.samples.filter((k) => /_created/.test(k)).length, 9);
  });

  it('reads the exemplars of alltypes.5mfs.om.txt with their values and millisecond timestamps', () => {
    const body = readFileSync(join(textparseDir, 'alltypes.5mfs.om.txt'), 'utf8');
    const p = new OpenMetricsParser(body);
    const found: Array<[string, string, number, number | undefined]> = [];
    while (p.next()) {
      const e = p.isSeries() ? p.exemplar() : undefined;
      if (e) found.push([p.labels().get('le'), e.labels.get('dummyID'), e.value, e.timestamp]);
    }
    assert.deepEqual(found, [
      ['-0.0002899999999999998', '17783', -0.0003825067330956884, 1726839814223],
      ['-0.0001899999999999998', '84741', -0.00020178290006788965, 1726839814829],
      ['1.0000000000000216e-05', '19206', -4.6156147425468016e-05, 1726839815133],
      ['0.00011000000000000022', '3974', 9.528436760156754e-05, 1726839814526],
      ['0.00021000000000000023', '29640', 0.00017459624183458996, 1726839813922],
      ['0.0003100000000000002', '9818', 0.0002791130914009552, 1726839814982],
    ]);
  });

  it('hides the 9 _created lines of alltypes.5mfs.om.txt when asked, and gives each sample its created timestamp', () => {
    const body = readFileSync(join(textparseDir, 'alltypes.5mfs.om.txt'), 'utf8');
    // Created values by family and labels (without le/quantile), read from the raw lines.
    const created = new Map<string, number>();
    for (const l of lines(body)) {
      const m = /^(\w+)_created(\{[^}]*\})? (\S+)$/.exec(l);
      if (m) created.set(`${m[1]}${JSON.stringify(pairs(m[2] ?? ''))}`, Math.trunc(Number(m[3]) * 1000));
    }
    assert.equal(created.size, 9);
    const p = new OpenMetricsParser(body, { skipCreatedSeries: true });
    let samples = 0;
    let withCreated = 0;
    let family = '';
    while (p.next()) {
      if (!p.isSeries()) {
        family = p.metricFamily();
        continue;
      }
      samples++;
      assert.ok(!p.seriesKey().includes('_created'), p.seriesKey());
      const { le: _le, quantile: _q, __name__: _n, ...rest } = p.labels().toRecord();
      const want = ['counter', 'histogram', 'summary'].includes(p.metricType()) ? created.get(`${family}${JSON.stringify(rest)}`) : undefined;
      assert.equal(p.createdTimestamp(), want, p.seriesKey());
      if (want !== undefined) withCreated++;
    }
    assert.equal(samples, 53 - 9);
    assert.equal(withCreated, samples - 1); // all but go_build_info, a gauge
  });

  it('parses 1histogram.om.txt: one histogram, 3 label sets of 12 buckets + _sum + _count, no final newline', () => {
    const body = readFileSync(join(textparseDir, '1histogram.om.txt'), 'utf8');
    assert.ok(body.endsWith('# EOF'), 'the fixture has no final newline');
    const tally = parseAndCheck(body);
    assert.equal(tally.samples.length, count(body, /^[^#]/));
    assert.equal(tally.samples.length, 42);
    assert.deepEqual(tally.types, ['histogram']);
    assert.equal(tally.helps, 1);
    assert.equal(tally.exemplars, 0);
    for (const port of ['5001', '5002', '5003']) {
      const keys = tally.samples.filter((k) => k.includes(`port="${port}"`));
      assert.equal(keys.filter((k) => k.includes('_bucket{')).length, 12, port);
      assert.equal(keys.filter((k) => /_(sum|count)\{/.test(k)).length, 2, port);
    }
  });
});
