import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpositionParseError, PrometheusTextParser } from '../../../src/lang/exposition/index.js';

/** Parses to the end (decoding labels, as a cold scrape cache does) and returns the error. */
function failure(body: string): ExpositionParseError {
  const p = new PrometheusTextParser(body);
  try {
    while (p.next()) if (p.isSeries()) p.labels();
  } catch (e) {
    if (e instanceof ExpositionParseError) return e;
    throw e;
  }
  assert.fail(`expected ${JSON.stringify(body)} to be rejected`);
}

// The message after "line N: " is Prometheus's own, byte for byte, where its tests pin one down.
const upstreamCases: Array<[string, string]> = [
  ['a', 'expected value after metric, got "\\n" ("INVALID") while parsing: "a\\n"'],
  ["a{b='c'} 1\n", 'expected label value, got "\'" ("INVALID") while parsing: "a{b=\'"'],
  ['a{b=\n', 'expected label value, got "\\n" ("INVALID") while parsing: "a{b=\\n"'],
  ['{"a", "b = "c"}', 'expected equal, got "c\\"" ("LNAME") while parsing: "{\\"a\\", \\"b = \\"c\\""'],
  ['{"a",b\\nc="d"} 1', 'expected equal, got "\\\\" ("INVALID") while parsing: "{\\"a\\",b\\\\"'],
  ['a true\n', 'strconv.ParseFloat: parsing "true": invalid syntax while parsing: "a true"'],
  ['something_weird{problem="', 'expected label value, got "\\"\\n" ("INVALID") while parsing: "something_weird{problem=\\"\\n"'],
  ['empty_label_name{=""} 0', 'expected label name, got "=\\"" ("EQUAL") while parsing: "empty_label_name{=\\""'],
  ['foo 1_2\n', 'unsupported character in float while parsing: "foo 1_2"'],
  ['foo 0x1p-3\n', 'unsupported character in float while parsing: "foo 0x1p-3"'],
  ['foo 0x1P-3\n', 'unsupported character in float while parsing: "foo 0x1P-3"'],
  ['foo 0 1_2\n', 'expected next entry after timestamp, got "_" ("INVALID") while parsing: "foo 0 1_"'],
  ['{a="ok"} 1', 'metric name not set while parsing: "{a=\\"ok\\"} 1"'],
  ['# TYPE #\n#EOF\n', 'expected metric name after TYPE, got "#" ("INVALID") while parsing: "# TYPE #"'],
  ['# HELP #\n#EOF\n', 'expected metric name after HELP, got "#" ("INVALID") while parsing: "# HELP #"'],
  ['a{b=\u0000"ssss"} 1\n', 'expected label value, got "\\x00" ("INVALID") while parsing: "a{b=\\x00"'],
  ['a{b="\u0000', 'expected label value, got "\\"\\x00\\n" ("INVALID") while parsing: "a{b=\\"\\x00\\n"'],
  ['a{b\u0000="hiih"}\t1', 'expected equal, got "\\x00" ("INVALID") while parsing: "a{b\\x00"'],
  ['a\u0000{b="ddd"} 1', 'expected value after metric, got "\\x00" ("INVALID") while parsing: "a\\x00"'],
  ['a 0 1\u0000', 'expected next entry after timestamp, got "\\x00" ("INVALID") while parsing: "a 0 1\\x00"'],
];

describe('PrometheusTextParser errors: Prometheus\'s own cases', () => {
  for (const [body, message] of upstreamCases) {
    it(`rejects ${JSON.stringify(body)}`, () => {
      const e = failure(body);
      assert.equal(e.message, `line 1: ${message}`);
      assert.equal(e.line, 1);
      assert.equal(e.name, 'ExpositionParseError');
    });
  }
});

// [body, line, message pattern]: each failing construct placed after some good lines.
const cases: Array<[string, string, number, RegExp]> = [
  ['invalid metric name at line start', 'ok 1\n1abc 2\n', 2, /^expected a valid start token, got "1" \("INVALID"\)/],
  ['invalid label name', 'ok 1\n\nm{1a="x"} 1\n', 3, /^expected label name, got "1"/],
  ['label name with a colon', 'm{a:b="x"} 1\n', 1, /^expected equal, got ":"/],
  ['missing }', 'ok 1\nm{a="x" 1\n', 2, /^expected label name, got "1"/],
  ['missing } at end of line', 'm{a="x"\n', 1, /^expected label name, got "\\n"/],
  ['missing closing "', 'ok 1\nok 2\nm{a="x} 1\n', 3, /^expected label value, got "\\"x} 1\\n"/],
  ['missing =', 'm{a "x"} 1\n', 1, /^expected equal, got "\\"x\\"}"/],
  ['double comma', 'm{a="x",,b="y"} 1\n', 1, /^expected label name, got ",b" \("COMMA"\)/],
  ['leading comma', 'm{,a="x"} 1\n', 1, /^expected label name, got ",a" \("COMMA"\)/],
  ['backslash before a newline in a label value', 'ok 1\nm{a="x\\\ny"} 1\n', 2, /^expected label value/],
  ['second label block', 'm{a="x"}{b="y"} 1\n', 1, /^expected value after metric, got "{b" \("BOPEN"\)/],
  ['quoted metric name twice', '{"a","b"} 1\n', 1, /^metric name already set while parsing: "\{\\"a\\",\\"b\\"}"/],
  ['quoted metric name after a bare one', 'm{"n"} 1\n', 1, /^metric name already set/],
  ['empty braces without a name', '{} 1\n', 1, /^metric name not set/],
  ['no value after labels', 'm{a="x"}\n', 1, /^expected value after metric, got "\\n"/],
  ['invalid value', 'ok 1\nm abc\n', 2, /^strconv\.ParseFloat: parsing "abc": invalid syntax while parsing: "m abc"$/],
  ['value +NaN', 'm +NaN\n', 1, /^strconv\.ParseFloat: parsing "\+NaN": invalid syntax/],
  ['truncated Infinity', 'm Infin\n', 1, /^strconv\.ParseFloat: parsing "Infin": invalid syntax/],
  ['hex value', 'm 0x10\n', 1, /^strconv\.ParseFloat: parsing "0x10": invalid syntax/],
  ['value overflow', 'm 1e400\n', 1, /^strconv\.ParseFloat: parsing "1e400": value out of range/],
  ['exponent without digits', 'm 1e\n', 1, /^strconv\.ParseFloat: parsing "1e": invalid syntax/],
  ['bare dot', 'm .\n', 1, /^strconv\.ParseFloat: parsing "\.": invalid syntax/],
  ['CRLF line ending', 'm 1\r\n', 1, /^strconv\.ParseFloat: parsing "1\\r": invalid syntax/],
  ['CRLF blank line', 'm 1\n\r\n', 2, /^expected a valid start token, got "\\r"/],
  ['CRLF after a timestamp', 'm 1 2\r\n', 1, /^expected next entry after timestamp, got "\\r"/],
  ['negative timestamp', 'm 1 -5\n', 1, /^expected timestamp or new record, got "-"/],
  ['fractional timestamp', 'm 1 1.5\n', 1, /^expected next entry after timestamp, got "\." /],
  ['timestamp overflow', 'm 1 9223372036854775808\n', 1, /^strconv\.ParseInt: parsing "9223372036854775808": value out of range/],
  ['junk after the timestamp', 'ok 1\nm 1 2 junk\n', 2, /^expected next entry after timestamp, got "j"/],
  ['second timestamp', 'm 1 2 3\n', 1, /^expected next entry after timestamp, got "3\\n" \("TIMESTAMP"\)/],
  ['junk after the value', 'm 1 {\n', 1, /^expected timestamp or new record, got "{"/],
  ['invalid metric type', 'ok 1\n# TYPE m countr\n', 2, /^invalid metric type "countr"$/],
  ['metric type with trailing blank', '# TYPE m counter \n', 1, /^invalid metric type "counter "$/],
  ['metric type in capitals', '# TYPE m COUNTER\n', 1, /^invalid metric type "COUNTER"$/],
  ['TYPE without a type', '# TYPE m\n', 1, /^invalid metric type ""$/],
  ['TYPE with an invalid name', '# TYPE 9m counter\n', 1, /^expected metric name after TYPE, got "9"/],
  ['HELP without a name', '# HELP \n', 1, /^expected metric name after HELP, got "\\n"/],
  ['unterminated quoted family name', '# HELP "m text\n', 1, /^expected metric name after HELP/],
  ['lone surrogate in a label value', 'm{a="\uD800"} 1\n', 1, /^invalid UTF-8 label value: "\\"\\ud800\\""$/],
  ['lone surrogate in a quoted name', '{"m\uDC00"} 1\n', 1, /^invalid UTF-8 label name/],
  ['lone surrogate in help text', '# HELP m a\uD800b\n', 1, /^help text "a\\ud800b" is not a valid utf8 string$/],
  ['NUL in a quoted name', '{"m\u0000"} 1\n', 1, /^expected label name, got "\\"m\\x00"/],
];

describe('PrometheusTextParser errors: line numbers and wording', () => {
  for (const [name, body, line, pattern] of cases) {
    it(`rejects ${name} on line ${line}`, () => {
      const e = failure(body);
      assert.equal(e.line, line, e.message);
      assert.ok(e.message.startsWith(`line ${line}: `), e.message);
      assert.match(e.detail, pattern);
    });
  }
});
