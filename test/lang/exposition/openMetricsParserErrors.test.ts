import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpositionParseError, OpenMetricsParser } from '../../../src/lang/exposition/index.js';

/** Parses to the end (decoding labels and exemplars, as a cold scrape cache does) and returns the error. */
function failure(body: string): ExpositionParseError {
  const p = new OpenMetricsParser(body);
  try {
    while (p.next()) {
      if (!p.isSeries()) continue;
      p.labels();
      p.exemplar();
    }
  } catch (e) {
    if (e instanceof ExpositionParseError) return e;
    throw e;
  }
  assert.fail(`expected ${JSON.stringify(body)} to be rejected`);
}

// [body, line, message]: the message after "line N: " is Prometheus 3's own, byte for byte.
const upstreamCases: Array<[string, number, string]> = [
  ['', 1, 'data does not end with # EOF'],
  ['\n', 1, 'expected a valid start token, got "\\n" ("INVALID") while parsing: "\\n"'],
  ['metric', 1, 'expected value after metric, got "metric" ("EOF") while parsing: "metric"'],
  ['metric 1', 1, 'data does not end with # EOF'],
  ['metric 1\n', 2, 'data does not end with # EOF'],
  ['metric_total 1 # {aa="bb"} 4', 1, 'data does not end with # EOF'],
  ['a\n#EOF\n', 1, 'expected value after metric, got "\\n" ("INVALID") while parsing: "a\\n"'],
  ['\n\n#EOF\n', 1, 'expected a valid start token, got "\\n" ("INVALID") while parsing: "\\n"'],
  [' a 1\n#EOF\n', 1, 'expected a valid start token, got " " ("INVALID") while parsing: " "'],
  ['9\n#EOF\n', 1, 'expected a valid start token, got "9" ("INVALID") while parsing: "9"'],
  ['# TYPE u untyped\n#EOF\n', 1, 'invalid metric type "untyped"'],
  ['# TYPE c counter \n#EOF\n', 1, 'invalid metric type "counter "'],
  ['#  TYPE c counter\n#EOF\n', 1, 'expected a valid start token, got "#  " ("INVALID") while parsing: "#  "'],
  ['# TYPE \n#EOF\n', 1, 'expected metric name after TYPE, got "\\n" ("INVALID") while parsing: "# TYPE \\n"'],
  ['# TYPE m\n#EOF\n', 1, 'expected text in TYPE'],
  ['# UNIT metric suffix\n#EOF\n', 1, 'unit "suffix" not a suffix of metric "metric"'],
  ['# UNIT metricsuffix suffix\n#EOF\n', 1, 'unit "suffix" not a suffix of metric "metricsuffix"'],
  ['# UNIT m suffix\n#EOF\n', 1, 'unit "suffix" not a suffix of metric "m"'],
  ['# UNIT \n#EOF\n', 1, 'expected metric name after UNIT, got "\\n" ("INVALID") while parsing: "# UNIT \\n"'],
  ['# UNIT m\n#EOF\n', 1, 'expected text in UNIT'],
  ['# HELP \n#EOF\n', 1, 'expected metric name after HELP, got "\\n" ("INVALID") while parsing: "# HELP \\n"'],
  ['# HELP m\n#EOF\n', 1, 'expected text in HELP'],
  ['a\t1\n#EOF\n', 1, 'expected value after metric, got "\\t" ("INVALID") while parsing: "a\\t"'],
  ['a 1\t2\n#EOF\n', 1, 'strconv.ParseFloat: parsing "1\\t2": invalid syntax while parsing: "a 1\\t2"'],
  ['a 1 2 \n#EOF\n', 1, 'expected next entry after timestamp, got " \\n" ("INVALID") while parsing: "a 1 2 \\n"'],
  ['a 1 2 #\n#EOF\n', 1, 'expected next entry after timestamp, got " #\\n" ("TIMESTAMP") while parsing: "a 1 2 #\\n"'],
  ['a 1 1z\n#EOF\n', 1, 'strconv.ParseFloat: parsing "1z": invalid syntax while parsing: "a 1 1z"'],
  [' # EOF\n', 1, 'expected a valid start token, got " " ("INVALID") while parsing: " "'],
  ['# EOF\na 1', 2, 'unexpected data after # EOF'],
  ['# EOF\n\n', 2, 'unexpected data after # EOF'],
  ['# EOFa 1', 1, 'unexpected data after # EOF'],
  ['#\tTYPE c counter\n', 1, 'expected a valid start token, got "#\\t" ("INVALID") while parsing: "#\\t"'],
  ['# TYPE c  counter\n', 1, 'invalid metric type " counter"'],
  ['a 1 1 1\n# EOF\n', 1, 'expected next entry after timestamp, got " 1\\n" ("TIMESTAMP") while parsing: "a 1 1 1\\n"'],
  ["a{b='c'} 1\n# EOF\n", 1, 'expected label value, got "\'" ("INVALID") while parsing: "a{b=\'"'],
  ['a{,b="c"} 1\n# EOF\n', 1, 'expected label name, got ",b" ("COMMA") while parsing: "a{,b"'],
  ['a{b="c"d="e"} 1\n# EOF\n', 1, 'expected comma or brace close, got "d=" ("LNAME") while parsing: "a{b=\\"c\\"d="'],
  ['a{b="c",,d="e"} 1\n# EOF\n', 1, 'expected label name, got ",d" ("COMMA") while parsing: "a{b=\\"c\\",,d"'],
  ['a{b=\n# EOF\n', 1, 'expected label value, got "\\n" ("INVALID") while parsing: "a{b=\\n"'],
  ['{"a","b = "c"}\n# EOF\n', 1, 'expected equal, got "c\\"" ("LNAME") while parsing: "{\\"a\\",\\"b = \\"c\\""'],
  ['{"a",b\\nc="d"} 1\n# EOF\n', 1, 'expected equal, got "\\\\" ("INVALID") while parsing: "{\\"a\\",b\\\\"'],
  ['a true\n', 1, 'strconv.ParseFloat: parsing "true": invalid syntax while parsing: "a true"'],
  ['something_weird{problem="\n# EOF\n', 1, 'expected label value, got "\\"\\n" ("INVALID") while parsing: "something_weird{problem=\\"\\n"'],
  ['empty_label_name{=""} 0\n# EOF\n', 1, 'expected label name, got "=\\"" ("EQUAL") while parsing: "empty_label_name{=\\""'],
  ['foo 1_2\n\n# EOF\n', 1, 'unsupported character in float while parsing: "foo 1_2"'],
  ['foo 0x1p-3\n\n# EOF\n', 1, 'unsupported character in float while parsing: "foo 0x1p-3"'],
  ['foo 0x1P-3\n\n# EOF\n', 1, 'unsupported character in float while parsing: "foo 0x1P-3"'],
  ['foo 0 1_2\n\n# EOF\n', 1, 'unsupported character in float while parsing: "foo 0 1_2"'],
  ['custom_metric_total 1 # {aa=bb}\n# EOF\n', 1, 'expected label value, got "b" ("INVALID") while parsing: "custom_metric_total 1 # {aa=b"'],
  ['custom_metric_total 1 # {aa="bb"}\n# EOF\n', 1, 'expected value after exemplar labels, got "\\n" ("INVALID") while parsing: "custom_metric_total 1 # {aa=\\"bb\\"}\\n"'],
  ['custom_metric_total 1 # {aa="bb"}', 1, 'expected value after exemplar labels, got "}" ("EOF") while parsing: "custom_metric_total 1 # {aa=\\"bb\\"}"'],
  ['custom_metric_total 1 # {bb}', 1, 'expected label name, got "}" ("BCLOSE") while parsing: "custom_metric_total 1 # {bb}"'],
  ['custom_metric_total 1 # {bb, a="dd"}', 1, 'expected label name, got ", " ("COMMA") while parsing: "custom_metric_total 1 # {bb, "'],
  ['custom_metric_total 1 # {aa="bb",,cc="dd"} 1', 1, 'expected label name, got ",c" ("COMMA") while parsing: "custom_metric_total 1 # {aa=\\"bb\\",,c"'],
  ['custom_metric_total 1 # {aa="bb"} 1_2', 1, 'unsupported character in float while parsing: "custom_metric_total 1 # {aa=\\"bb\\"} 1_2"'],
  ['custom_metric_total 1 # {aa="bb"} 0x1p-3', 1, 'unsupported character in float while parsing: "custom_metric_total 1 # {aa=\\"bb\\"} 0x1p-3"'],
  ['custom_metric_total 1 # {aa="bb"} true', 1, 'strconv.ParseFloat: parsing "true": invalid syntax while parsing: "custom_metric_total 1 # {aa=\\"bb\\"} true"'],
  ['custom_metric_total 1 # {aa="bb",cc=}', 1, 'expected label value, got "}" ("INVALID") while parsing: "custom_metric_total 1 # {aa=\\"bb\\",cc=}"'],
  ['custom_metric_total 1 # {aa=\\"\\xff\\"} 9.0', 1, 'expected label value, got "\\\\" ("INVALID") while parsing: "custom_metric_total 1 # {aa=\\\\"'],
  ['{b="c",} 1', 1, 'metric name not set while parsing: "{b=\\"c\\",} 1"'],
  ['a 1 NaN', 1, 'invalid timestamp NaN'],
  ['a 1 -Inf', 1, 'invalid timestamp -Inf'],
  ['a 1 Inf', 1, 'invalid timestamp +Inf'],
  ['# TYPE hhh histogram\nhhh_bucket{le="+Inf"} 1 # {aa="bb"} 4 NaN', 2, 'invalid exemplar timestamp NaN'],
  ['# TYPE hhh histogram\nhhh_bucket{le="+Inf"} 1 # {aa="bb"} 4 -Inf', 2, 'invalid exemplar timestamp -Inf'],
  // Prometheus's NUL-byte cases.
  ['a{b=\u0000"ssss"} 1\n# EOF\n', 1, 'expected label value, got "\\x00" ("INVALID") while parsing: "a{b=\\x00"'],
  ['a{b="\u0000', 1, 'expected label value, got "\\"\\x00" ("INVALID") while parsing: "a{b=\\"\\x00"'],
  ['a{b\u0000="hiih"}\t1', 1, 'expected equal, got "\\x00" ("INVALID") while parsing: "a{b\\x00"'],
  ['a\u0000{b="ddd"} 1', 1, 'expected value after metric, got "\\x00" ("INVALID") while parsing: "a\\x00"'],
  ['#', 1, 'expected a valid start token, got "#" ("INVALID") while parsing: "#"'],
  ['# H', 1, 'expected a valid start token, got "# H" ("INVALID") while parsing: "# H"'],
  ['custom_metric_total 1 # {b=\u0000"ssss"} 1\n', 1, 'expected label value, got "\\x00" ("INVALID") while parsing: "custom_metric_total 1 # {b=\\x00"'],
  ['custom_metric_total 1 # {b="\u0000ss"} 1\n', 1, 'expected label value, got "\\"\\x00" ("INVALID") while parsing: "custom_metric_total 1 # {b=\\"\\x00"'],
];

describe('OpenMetricsParser errors: Prometheus\'s own cases', () => {
  for (const [body, line, message] of upstreamCases) {
    it(`rejects ${JSON.stringify(body)}`, () => {
      const e = failure(body);
      assert.equal(e.message, `line ${line}: ${message}`);
      assert.equal(e.line, line);
      assert.equal(e.name, 'ExpositionParseError');
    });
  }
});

// [name, body, line, detail pattern]: each failing construct placed after some good lines.
const cases: Array<[string, string, number, RegExp]> = [
  ['an empty line', 'a 1\n\nb 1\n# EOF\n', 2, /^expected a valid start token, got "\\n" \("INVALID"\)/],
  ['a free comment', 'a 1\n# just saying\n# EOF\n', 2, /^expected a valid start token, got "# j" \("INVALID"\)/],
  ['#EOF without a blank', 'a 1\nb 2\n#EOF\n', 3, /^expected a valid start token, got "#E"/],
  ['a missing # EOF', 'a 1\nb 2\n', 3, /^data does not end with # EOF$/],
  ['a line after # EOF', 'a 1\n# EOF\nb 2\n', 3, /^unexpected data after # EOF$/],
  ['CRLF line endings', 'a 1\r\n# EOF\r\n', 1, /^strconv\.ParseFloat: parsing "1\\r": invalid syntax while parsing: "a 1\\r"$/],
  ['two blanks before the value', 'a 1\na  1\n# EOF\n', 2, /^expected value after metric, got " {2}" \("INVALID"\) while parsing: "a {2}"$/],
  ['a blank inside braces', 'a{ b="c"} 1\n# EOF\n', 1, /^expected label name, got " " \("INVALID"\)/],
  ['a blank after a comma', 'a 1\na{b="c", d="e"} 1\n# EOF\n', 2, /^expected label name, got " " \("INVALID"\)/],
  ['a raw newline in a label value', 'a 1\na{b="x\ny"} 1\n# EOF\n', 2, /^expected label value, got "\\"x\\n" \("INVALID"\)/],
  ['a backslash before a newline', 'a{b="x\\\ny"} 1\n# EOF\n', 1, /^expected label value, got "\\"x\\\\\\n" \("INVALID"\)/],
  ['an unterminated quoted name', 'a 1\n{"a\n', 2, /^expected label name, got "\\"a\\n" \("INVALID"\) while parsing: "\{\\"a\\n"$/],
  ['a second label block', 'a{b="c"}{d="e"} 1\n# EOF\n', 1, /^expected value after metric, got "{d" \("BOPEN"\)/],
  ['the metric name twice', '{"a","b"} 1\n# EOF\n', 1, /^metric name already set while parsing: "\{\\"a\\",\\"b\\"}"$/],
  ['a quoted name after a bare one', 'm{"n"} 1\n# EOF\n', 1, /^metric name already set/],
  ['an unquoted bare name in braces', 'a 1\n{abc} 1\n# EOF\n', 2, /^expected equal, got "} " \("BCLOSE"\)/],
  ['a value overflowing a double', 'a 1e400\n# EOF\n', 1, /^strconv\.ParseFloat: parsing "1e400": value out of range/],
  ['an invalid timestamp', 'a 1\na 1 2x\n# EOF\n', 2, /^strconv\.ParseFloat: parsing "2x": invalid syntax while parsing: "a 1 2x"$/],
  ['a timestamp that is NaN', 'a 1\na 1 nan\n# EOF\n', 2, /^invalid timestamp NaN$/],
  ['a hash glued to the exemplar', 'c_total 1 #{a="b"} 1\n# EOF\n', 1, /^strconv\.ParseFloat: parsing "#\{a=\\"b\\"}": invalid syntax/],
  ['two blanks before the exemplar value', 'a 1\nc_total 1 # {a="b"}  1\n# EOF\n', 2, /^expected value after exemplar labels, got " {2}"/],
  ['junk after the exemplar timestamp', 'c_total 1 2 # {a="b"} 1 2 3\n# EOF\n', 1, /^expected next entry after exemplar timestamp, got " 3\\n" \("TIMESTAMP"\)/],
  ['a blank after the exemplar value', 'c_total 1 # {a="b"} 1 \n# EOF\n', 1, /^expected timestamp or comment, got " \\n" \("INVALID"\)/],
  ['a bad exemplar timestamp', 'a 1\nc_total 1 # {a="b"} 1 x\n# EOF\n', 2, /^strconv\.ParseFloat: parsing "x": invalid syntax/],
  ['a metric name in exemplar labels', 'c_total 1 # {"x"} 1\n# EOF\n', 1, /^expected label name, got "}/],
  ['a raw newline in an exemplar value', 'c_total 1 # {a="x\ny"} 1\n# EOF\n', 1, /^expected label value/],
  ['a repeated label name', 'a 1\na{b="1",b="2"} 1\n# EOF\n', 2, /^label name "b" is not unique in "a\{b=\\"1\\",b=\\"2\\"}"$/],
  ['an empty label name', '{"m",""="x"} 1\n# EOF\n', 1, /^empty label name in /],
  ['an empty metric name', 'a 1\n{""} 1\n# EOF\n', 2, /^metric name must not be empty in "\{\\"\\"}"$/],
  ['a lone surrogate in a label value', 'a 1\na{b="\uD800"} 1\n# EOF\n', 2, /^invalid UTF-8 label value: "\\"\\ud800\\""$/],
  ['a lone surrogate in an exemplar value', 'c_total 1 # {b="\uDC00"} 1\n# EOF\n', 1, /^invalid UTF-8 label value/],
  ['a lone surrogate in help text', '# HELP m a\uD800b\n# EOF\n', 1, /^help text "a\\ud800b" is not a valid utf8 string$/],
  ['a lone surrogate in a quoted metric name', '{"m\uD800"} 1\n# EOF\n', 1, /^invalid metric name in /],
  ['a unit not after an underscore', 'a 1\n# UNIT msec sec\n# EOF\n', 2, /^unit "sec" not a suffix of metric "msec"$/],
  ['a unit that is the whole name', '# UNIT seconds seconds\n# EOF\n', 1, /^unit "seconds" not a suffix of metric "seconds"$/],
  ['an unknown type', 'a 1\n# TYPE m Counter\n# EOF\n', 2, /^invalid metric type "Counter"$/],
  ['TYPE with two blanks', '# TYPE  m counter\n# EOF\n', 1, /^expected metric name after TYPE, got " "/],
];

describe('OpenMetricsParser errors: line numbers and wording', () => {
  for (const [name, body, line, pattern] of cases) {
    it(`rejects ${name} on line ${line}`, () => {
      const e = failure(body);
      assert.equal(e.line, line, e.message);
      assert.ok(e.message.startsWith(`line ${line}: `), e.message);
      assert.match(e.detail, pattern);
    });
  }

  it('keeps failing once it has failed', () => {
    const p = new OpenMetricsParser('a 1\nb\n# EOF\n');
    p.next();
    assert.throws(() => p.next(), ExpositionParseError);
    assert.throws(() => p.next(), /line 2: expected value after metric/);
  });
});
