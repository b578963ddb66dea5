import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STALE_NAN, isStaleNaN } from '../../src/model/staleness.js';
import { fromWords, highWord, lowWord } from '../../src/storage/chunks/floatBits.js';
import { SampleBuffer } from '../../src/storage/chunks/sampleBuffer.js';
import { ChunkCorruptError, decodeXorChunk } from '../../src/storage/chunks/xorChunkDecoder.js';
import { XorChunkEncoder } from '../../src/storage/chunks/xorChunkEncoder.js';
import { RandomSource } from './randomSource.js';

interface Sample {
  t: number;
  high: number;
  low: number;
}

/** Values as bit words, covering the awkward cases: NaN payloads, ±Inf, -0, tiny and huge floats. */
function randomValueWords(rnd: RandomSource, prev: Sample | undefined): [number, number] {
  const kind = rnd.int(0, 11);
  const v = (x: number): [number, number] => [highWord(x), lowWord(x)];
  switch (kind) {
    case 0: return prev ? [prev.high, prev.low] : v(0);
    case 1: return [highWord(STALE_NAN), lowWord(STALE_NAN)];
    case 2: return [(0x7ff00000 | rnd.int(0, 0xfffff) | (rnd.int(0, 1) << 31)) >>> 0, (rnd.word() | 1) >>> 0];
    case 3: return v(rnd.pick([Infinity, -Infinity, -0, 0, Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE]));
    case 4: return [rnd.word(), rnd.word()];
    case 5: return v(rnd.int(0, 1000));
    case 6: return v((prev ? fromWords(prev.high, prev.low) : 0) + rnd.int(0, 50));
    case 7: return v(rnd.next() * 100);
    case 8: return prev ? [prev.high, (prev.low ^ (1 << rnd.int(0, 31))) >>> 0] : v(1);
    case 9: return prev ? [(prev.high ^ (1 << rnd.int(0, 31))) >>> 0, prev.low] : v(2);
    case 10: return v(Math.round(rnd.next() * 1e6) / 1000);
    default: return v(-rnd.next() * 1e300);
  }
}

function randomDelta(rnd: RandomSource, prevDelta: number): number {
  switch (rnd.int(0, 6)) {
    case 0: return prevDelta;
    case 1: return Math.max(1, prevDelta + rnd.int(-3, 3));
    case 2: return rnd.int(1, 300);
    case 3: return rnd.int(1, 70_000);
    case 4: return rnd.int(1, 50_000_000);
    case 5: return rnd.int(1, 2 ** 40);
    default: return 15_000 + rnd.int(-2, 2);
  }
}

function roundTrip(samples: Sample[]): SampleBuffer {
  const enc = new XorChunkEncoder();
  for (const s of samples) enc.appendBits(s.t, s.high, s.low);
  assert.equal(enc.count, samples.length);
  const out = new SampleBuffer(samples.length);
  decodeXorChunk(enc.snapshot(), enc.minT, enc.count, out);
  return out;
}

test('random series round-trip bit-exactly: NaN payloads, ±Inf, -0, any delta', () => {
  for (let seed = 1; seed <= 400; seed++) {
    const rnd = new RandomSource(seed);
    const n = rnd.int(1, 200);
    const samples: Sample[] = [];
    let t = rnd.pick([0, -(2 ** 50), 1_700_000_000_000, rnd.int(-1e12, 1e12)]);
    let delta = rnd.int(1, 60_000);
    for (let i = 0; i < n; i++) {
      const [high, low] = randomValueWords(rnd, samples.at(-1));
      samples.push({ t, high, low });
      delta = randomDelta(rnd, delta);
      t += delta;
    }
    const out = roundTrip(samples);
    assert.equal(out.length, n, `seed ${seed}`);
    for (let i = 0; i < n; i++) {
      const s = samples[i]!;
      assert.equal(out.timestamps[i], s.t, `seed ${seed} sample ${i} timestamp`);
      assert.equal(out.highWordAt(i), s.high, `seed ${seed} sample ${i} high word`);
      assert.equal(out.lowWordAt(i), s.low, `seed ${seed} sample ${i} low word`);
    }
  }
});

test('the staleness marker survives encoding, decoding and the values array', () => {
  const enc = new XorChunkEncoder();
  enc.append(1000, 1);
  enc.append(2000, STALE_NAN);
  enc.append(3000, NaN);
  enc.append(4000, -0);
  const out = new SampleBuffer(1);
  decodeXorChunk(enc.snapshot(), enc.minT, enc.count, out);
  const samples = out.trimmed();
  assert.equal(samples.length, 4);
  assert.ok(isStaleNaN(samples.values[1]!));
  assert.ok(Number.isNaN(samples.values[2]!) && !isStaleNaN(samples.values[2]!));
  assert.ok(Object.is(samples.values[3], -0));
});

test('decoding keeps only the samples within [mint, maxt]', () => {
  const enc = new XorChunkEncoder();
  for (let t = 0; t < 100; t++) enc.append(t * 10, t);
  const out = new SampleBuffer();
  assert.equal(decodeXorChunk(enc.snapshot(), enc.minT, enc.count, out, 205, 500), 30);
  assert.deepEqual([...out.trimmed().timestamps], Array.from({ length: 30 }, (_, i) => 210 + i * 10));
});

test('scrape-like series compress well: jittered timestamps cost under a byte, regular ones a bit', () => {
  const rnd = new RandomSource(7);
  const counter = new XorChunkEncoder();
  const jittered = new XorChunkEncoder();
  const constant = new XorChunkEncoder();
  let v = 1e6;
  for (let i = 0; i < 120; i++) {
    const t = 1_700_000_000_000 + i * 15_000 + rnd.int(-2, 2);
    v += rnd.int(0, 40);
    counter.append(t, v);
    jittered.append(t, 1);
    constant.append(1_700_000_000_000 + i * 15_000, 1);
  }
  // Uniform increments of 0..40 carry over 5 bits of entropy each: about 2 bytes a sample.
  assert.ok(counter.byteLength / 120 < 2.5, `counter: ${counter.byteLength} bytes`);
  assert.ok(jittered.byteLength / 120 < 1, `jittered constant: ${jittered.byteLength} bytes`);
  assert.ok(constant.byteLength / 120 < 0.4, `constant: ${constant.byteLength} bytes`);
});

test('a truncated chunk is reported as corrupt, not decoded into garbage silently', () => {
  const enc = new XorChunkEncoder();
  for (let t = 0; t < 50; t++) enc.append(t * 1000 + (t % 3), t * 1.5);
  const bytes = enc.snapshot();
  assert.throws(() => decodeXorChunk(bytes.subarray(0, bytes.length - 10), enc.minT, enc.count, new SampleBuffer()), ChunkCorruptError);
});
