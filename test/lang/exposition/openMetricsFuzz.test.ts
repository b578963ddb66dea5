/**
 * A scrape body comes from the network: whatever its bytes, the OpenMetrics parser must either
 * parse it or throw ExpositionParseError, never another exception and never loop, and its fast
 * path for plain series must agree with the general path on every input. Random mutations of a
 * valid body, from a seeded generator so that a failure replays.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Entry, ExpositionParseError, OpenMetricsParser } from '../../../src/lang/exposition/index.js';
import { generator, mutate } from './mutation.js';

const VALID_BODY = [
  '# HELP http_requests Requests served, by \\\\ path and\\ncode \\"x\\".',
  '# TYPE http_requests counter',
  'http_requests_total{method="GET",code="200",path="/api/\\"v1\\""} 1027 1700000000.123 # {trace_id="abc"} 1.0 1700000000.5',
  'http_requests_created{method="GET",code="200",path="/api/\\"v1\\""} 1699999999',
  'http_requests_total{method="POST",code="500",} 3',
  '# TYPE "request.latency" histogram',
  '# UNIT "request.latency_seconds" seconds',
  '{"request.latency_bucket",le="0.5","zone.name"="eu\\nwest"} 12 # {"span.id"="x"} 0.3',
  '{"request.latency_bucket",le="+Inf"} 20',
  '{"request.latency_sum"} 3.25e+01',
  '{"request.latency_count"} 20',
  '# TYPE temperature gauge',
  'temperature{room="kitchen"} -Inf',
  '# TYPE up unknown',
  'up NaN',
  '# TYPE state stateset',
  'state{state="a"} 1',
  '# TYPE s summary',
  's{quantile="0.5"} 1.5e-3 42',
  's_sum 1',
  's_count 2',
  's_created 1.5',
  '# EOF',
  '',
].join('\n');

// Characters that matter to the grammar, plus a few that never should.
const ALPHABET = ['{', '}', '"', '\\', '=', ',', ' ', '\t', '\n', '\r', '#', '# ', ' # {', '\u0000', 'a', 'Z', '_', ':', '0', '9', '.', 'e', '+', '-', 'p', 'x', 'é', '\uD800', '\uDC00', '😀', 'EOF'];

/** Drives a parser over everything it offers; returns a transcript of the entries. */
function exercise(body: string): string[] {
  const p = new OpenMetricsParser(body);
  const transcript: string[] = [];
  for (let e = p.next(); e !== Entry.EOF; e = p.next()) {
    assert.ok(transcript.length <= body.length, 'every entry must consume input');
    if (e === Entry.Series) {
      const x = p.exemplar();
      const exemplar = x === undefined ? '' : ` # ${x.labels.toString()} ${x.value} ${x.timestamp}`;
      transcript.push(`${p.seriesKey()} ${p.labels().toString()} ${p.value()} ${p.timestamp()} ${p.createdTimestamp()}${exemplar}`);
    } else if (e === Entry.Type) {
      transcript.push(`type ${p.metricFamily()} ${p.metricType()}`);
    } else if (e === Entry.Help) {
      transcript.push(`help ${p.metricFamily()} ${p.helpText()}`);
    } else if (e === Entry.Unit) {
      transcript.push(`unit ${p.metricFamily()} ${p.unit()}`);
    } else {
      assert.fail(`OpenMetrics has no entry ${e}`);
    }
  }
  return transcript;
}

/** The transcript, or the error as `line: detail`; anything but ExpositionParseError fails. */
function outcome(body: string, k: number): { transcript?: string[]; line?: number; detail?: string } {
  try {
    return { transcript: exercise(body) };
  } catch (e) {
    if (!(e instanceof ExpositionParseError)) assert.fail(`mutation ${k} threw ${String(e)} for body ${JSON.stringify(body)}`);
    const lines = body.split('\n').length;
    assert.ok(e.line >= 1 && e.line <= lines + 1, `line ${e.line} of ${lines}: ${e.message}`);
    assert.ok(e.message.startsWith(`line ${e.line}: `));
    return { line: e.line, detail: e.detail };
  }
}

// A first line with a lone surrogate (in a quoted exemplar label name, where no check applies)
// makes the body ill-formed, which switches the fast path for label blocks off without changing
// what the rest of the body means. (A metadata line would not do: Go's lexer steps over NULs
// after its newline, so a NUL starting the body would be read differently.)
const GENERAL_PATH_ONLY = 'x_total 1 # {"\uD800"="y"} 1\n';

describe('OpenMetrics parser under random mutation', () => {
  it('parses the unmutated body on both paths', () => {
    const transcript = exercise(VALID_BODY);
    assert.equal(transcript.length, 20); // the two _created lines are hidden once created timestamps are read
    assert.deepEqual(exercise(GENERAL_PATH_ONLY + VALID_BODY).slice(1), transcript);
  });

  it('either parses or throws ExpositionParseError with a sane line number, the same on both paths', { timeout: 120_000 }, () => {
    const random = generator(20240917);
    let parsed = 0;
    let rejected = 0;
    for (let k = 0; k < 6000; k++) {
      const body = mutate(VALID_BODY, random, ALPHABET);
      const result = outcome(body, k);
      const general = outcome(GENERAL_PATH_ONLY + body, k);
      if (result.transcript) {
        parsed++;
        assert.deepEqual(general.transcript?.slice(1), result.transcript, `mutation ${k}: ${JSON.stringify(body)}`);
      } else {
        rejected++;
        assert.deepEqual([general.line, general.detail], [result.line! + 1, result.detail], `mutation ${k}: ${JSON.stringify(body)}`);
      }
    }
    // Both outcomes must actually occur, or the mutations are not probing anything.
    assert.ok(parsed > 300 && rejected > 300, `parsed ${parsed}, rejected ${rejected}`);
  });
});
