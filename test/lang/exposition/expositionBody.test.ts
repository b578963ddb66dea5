import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpositionBodyDecoder, wholeText } from '../../../src/lang/exposition/expositionBody.js';
import { generator } from './mutation.js';

/** Feeds `bytes` to a decoder in chunks whose sizes come from `sizes`. */
function decode(bytes: Buffer, sizes: (remaining: number) => number): string[] {
  const decoder = new ExpositionBodyDecoder();
  for (let at = 0; at < bytes.length; ) {
    const n = Math.min(bytes.length - at, sizes(bytes.length - at));
    decoder.write(bytes.subarray(at, at + n));
    at += n;
  }
  assert.equal(decoder.bytes, bytes.length);
  return decoder.end();
}

describe('exposition body pieces', () => {
  const random = generator(7);
  // Multi-byte characters, and bytes that are not UTF-8, cut at every possible chunk boundary.
  const line = (k: number): string => `metric_${k}{path="/é/😀/${'x'.repeat(random(200))}"} ${k}\n`;
  const text = Array.from({ length: 3000 }, (_, k) => line(k)).join('');
  const bytes = Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0xe2, 0x82, 0x0a]), Buffer.from('last 1')]);

  it('decodes to exactly what decoding the whole body gives, in line-aligned pieces of bounded size', () => {
    for (const sizes of [() => 1 + random(7), () => 1 + random(70_000), () => 65_536, (n: number) => n]) {
      const pieces = decode(bytes, sizes);
      assert.equal(wholeText(pieces), bytes.toString('utf8'));
      assert.ok(pieces.length > 5, `${pieces.length} pieces`);
      for (const piece of pieces.slice(0, -1)) {
        assert.ok(piece.endsWith('\n'));
        // Far below V8's 128 KiB large-object threshold, whatever the chunk sizes.
        assert.ok(piece.length < 70_000, `a piece of ${piece.length} characters`);
      }
      assert.ok(pieces.at(-1)!.endsWith('\nlast 1'));
    }
  });

  it('keeps a line longer than a piece whole, and gives no pieces for an empty body', () => {
    const long = `${'a'.repeat(100_000)} 1\nb 2\n`;
    const pieces = decode(Buffer.from(long), () => 4096);
    assert.equal(wholeText(pieces), long);
    assert.ok(pieces[0]!.startsWith(`${'a'.repeat(100_000)} 1\n`));
    assert.deepEqual(new ExpositionBodyDecoder().end(), []);
  });
});
