import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goStringFromBytes, goStringToBytes, quoteGoString } from '../../src/model/goString.js';
import { isWellFormedUnicode } from '../../src/model/labels.js';

test('invalid UTF-8 bytes survive as escapes: invalid as Unicode, same bytes back, quoted as \\xNN', () => {
  const s = goStringFromBytes(Uint8Array.from([0x61, 0xff, 0xe2, 0x98, 0xba, 0xc0, 0x80]));
  assert.equal(isWellFormedUnicode(s), false);
  assert.deepEqual([...goStringToBytes(s)], [0x61, 0xff, 0xe2, 0x98, 0xba, 0xc0, 0x80]);
  assert.equal(quoteGoString(s), '"a\\xff☺\\xc0\\x80"');
});

test('quoteGoString escapes like strconv.Quote', () => {
  assert.equal(quoteGoString('a"b\\c\n\t\x07\x01\u00ad😀'), '"a\\"b\\\\c\\n\\t\\a\\x01\\u00ad😀"');
  assert.equal(quoteGoString(''), '""');
});
