/**
 * The text parser's `expectSeries` hint (a scrape cache's guess of the next series text) lets it
 * compare a line instead of scanning its label block. A guess, right or wrong, must never change
 * what is parsed: same keys, labels, values, timestamps, and the same errors at the same lines.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Entry, ExpositionParseError, PrometheusTextParser } from '../../../src/lang/exposition/index.js';
import { generator, mutate } from './mutation.js';

const BODY = [
  '# TYPE m counter',
  'm 1',
  'm {a="1"} 2',
  'm{a="1"} 3 1700000000000',
  'm{a="1",b="2"} 4',
  'm{a="1",b="2"}  5',
  'm_total{a="1"} 6',
  '{"m.dotted", a="x"} 7',
  'm{a="esc\\"aped"} 8',
  'm{a="1"} NaN',
  'm{a="1"} 9 12345678901234567',
  'n\t10',
  'o{a="1"}11',
].join('\n');

const ALPHABET = ['{', '}', '"', '\\', '=', ',', ' ', '\t', '\n', '#', 'a', 'm', '_', '1', '.', 'e', '-', 'é'];

/** The series keys of a body that parses, in order. */
function keysOf(body: string): string[] {
  const p = new PrometheusTextParser(body);
  const keys: string[] = [];
  for (let e = p.next(); e !== Entry.EOF; e = p.next()) if (e === Entry.Series) keys.push(p.seriesKey());
  return keys;
}

/**
 * Parses with `hints[shift + n]` offered before the n-th series line (none when `hints` is
 * undefined); returns the transcript, or the error as line and detail.
 */
function outcome(body: string, hints: readonly string[] | undefined, shift = 0): { transcript?: string[]; line?: number; detail?: string } {
  const p = new PrometheusTextParser(body);
  const transcript: string[] = [];
  try {
    for (;;) {
      if (hints !== undefined) p.expectSeries(hints[(shift + transcript.length) % hints.length]);
      const e = p.next();
      if (e === Entry.EOF) return { transcript };
      if (e === Entry.Series) transcript.push(`${p.seriesKey()} ${p.labels().toString()} ${p.value()} ${p.timestamp()}`);
      else transcript.push(`entry ${e}`);
    }
  } catch (e) {
    if (!(e instanceof ExpositionParseError)) throw e;
    return { line: e.line, detail: e.detail };
  }
}

describe('text parser with expected series texts', () => {
  it('parses the same with right, shifted or no guesses', () => {
    const keys = keysOf(BODY);
    assert.equal(keys.length, 12);
    const plain = outcome(BODY, undefined);
    for (let shift = 0; shift < keys.length; shift++) {
      assert.deepEqual(outcome(BODY, keys, shift), plain, `guesses shifted by ${shift}`);
    }
  });

  it('decodes labels of a guessed line on demand, at their place in the body', () => {
    const p = new PrometheusTextParser('x 0\nm{a="1",b="2"} 4\n');
    p.next();
    p.expectSeries('m{a="1",b="2"}');
    assert.equal(p.next(), Entry.Series);
    assert.equal(p.seriesKey(), 'm{a="1",b="2"}');
    assert.deepEqual(p.labels().toRecord(), { __name__: 'm', a: '1', b: '2' });
    assert.equal(p.value(), 4);
  });

  it('a name-only guess does not swallow a label block that follows a blank', () => {
    const p = new PrometheusTextParser('m {a="1"} 2\n');
    p.expectSeries('m');
    assert.equal(p.next(), Entry.Series);
    assert.equal(p.seriesKey(), 'm {a="1"}');
    assert.deepEqual(p.labels().toRecord(), { __name__: 'm', a: '1' });
  });

  it('under random mutation, guesses from the unmutated body change no outcome', { timeout: 60_000 }, () => {
    const random = generator(20251124);
    const keys = keysOf(BODY);
    let parsed = 0;
    let rejected = 0;
    for (let k = 0; k < 3000; k++) {
      const body = mutate(BODY, random, ALPHABET);
      const plain = outcome(body, undefined);
      if (plain.transcript) parsed++;
      else rejected++;
      assert.deepEqual(outcome(body, keys, k % keys.length), plain, `mutation ${k}: ${JSON.stringify(body)}`);
    }
    assert.ok(parsed > 200 && rejected > 200, `parsed ${parsed}, rejected ${rejected}`);
  });
});
