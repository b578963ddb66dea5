import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fastDecimal, NumberSyntaxError, parseGoFloat, parseGoInt64Digits } from '../../../src/lang/exposition/goNumbers.js';

function rejects(s: string, message: string): void {
  assert.throws(() => parseGoFloat(s), (e: unknown) => e instanceof NumberSyntaxError && e.message === message, s);
}

describe('parseGoFloat', () => {
  it('accepts the special values Go accepts, in any letter case', () => {
    for (const s of ['Inf', 'inf', 'INF', '+Inf', 'infinity', '+Infinity', 'INFINITY']) assert.equal(parseGoFloat(s), Infinity, s);
    for (const s of ['-Inf', '-inf', '-Infinity', '-iNfInItY']) assert.equal(parseGoFloat(s), -Infinity, s);
    for (const s of ['NaN', 'nan', 'NAN', 'nAN']) assert.ok(Number.isNaN(parseGoFloat(s)), s);
  });

  it('rejects what Go rejects, with Go\'s message', () => {
    for (const s of ['', '+', '-', '.', 'e5', '1e', '1e+', '1.2.3', '1e5.5', '+-1', '--1', '+NaN', '-nan', 'Infin', 'Infinityy', 'nanx', ' 1', '1 ', '0x10', '0b1', '0o7', '1,5', 'Infinity1']) {
      rejects(s, `strconv.ParseFloat: parsing ${JSON.stringify(s)}: invalid syntax`);
    }
  });

  it('rejects digit separators and hex exponents before anything else, as Prometheus does', () => {
    for (const s of ['1_000', '0x1p3', '0X1P-3', '_1', 'p']) rejects(s, 'unsupported character in float');
  });

  it('treats overflow as an error and underflow as zero, like strconv', () => {
    rejects('1e309', 'strconv.ParseFloat: parsing "1e309": value out of range');
    rejects('-2e308', 'strconv.ParseFloat: parsing "-2e308": value out of range');
    assert.equal(parseGoFloat('1.7976931348623157e308'), Number.MAX_VALUE);
    assert.ok(Object.is(parseGoFloat('-1e-400'), -0));
  });

  it('converts decimal forms exactly', () => {
    for (const s of ['1', '-1', '+1', '1.', '.5', '-.5', '0.1', '1e10', '1E-10', '3.141592653589793238462643383279', '00012.500', '-0']) {
      assert.ok(Object.is(parseGoFloat(s), Number(s)), s);
    }
  });
});

describe('fastDecimal', () => {
  it('declines (NaN) what it cannot convert exactly, leaving it to parseGoFloat', () => {
    for (const s of ['+1', 'NaN', 'Inf', '1234567890123456', '1e23', '1e-23', '1.5e-22', '1e', '1e+', '.', '-', '1_0', '1e00001', 'abc']) {
      assert.ok(Number.isNaN(fastDecimal(s, 0, s.length)), s);
    }
  });

  it('agrees with a correctly rounded conversion on every value it accepts', () => {
    let seed = 12345;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    let accepted = 0;
    for (let k = 0; k < 20000; k++) {
      const intDigits = String(random(10 ** (1 + random(8))));
      const fraction = random(3) === 0 ? '' : '.' + String(random(10 ** random(8))).padStart(random(8), '0');
      const exponent = random(2) === 0 ? '' : `e${random(2) === 0 ? '-' : ''}${random(25)}`;
      const s = `${random(2) === 0 ? '-' : ''}${intDigits}${fraction}${exponent}`;
      const fast = fastDecimal(s, 0, s.length);
      if (Number.isNaN(fast)) continue;
      accepted++;
      assert.ok(Object.is(fast, Number(s)), `${s}: fast ${fast} vs ${Number(s)}`);
    }
    assert.ok(accepted > 10000, `only ${accepted} values took the fast path`);
  });

  it('reads a token in place inside a longer string', () => {
    const body = 'metric 12.25 99\n';
    assert.equal(fastDecimal(body, 7, 12), 12.25);
  });
});

describe('parseGoInt64Digits', () => {
  it('accepts the int64 range and rejects beyond it', () => {
    assert.equal(parseGoInt64Digits('0'), 0);
    assert.equal(parseGoInt64Digits('000123'), 123);
    assert.equal(parseGoInt64Digits('9223372036854775807'), 9223372036854775807);
    assert.equal(parseGoInt64Digits('0009223372036854775807'), 9223372036854775807);
    for (const s of ['9223372036854775808', '10000000000000000000', '99999999999999999999999']) {
      assert.throws(() => parseGoInt64Digits(s), new RegExp(`strconv\\.ParseInt: parsing "${s}": value out of range`));
    }
  });
});
