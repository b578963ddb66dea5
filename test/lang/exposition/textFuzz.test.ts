/**
 * A scrape body comes from the network: whatever its bytes, the parser must either parse it or
 * throw ExpositionParseError, never another exception and never loop. Random mutations of a valid
 * body, from a seeded generator so that a failure replays.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Entry, ExpositionParseError, PrometheusTextParser, type ExpositionBody } from '../../../src/lang/exposition/index.js';
import { generator, mutate } from './mutation.js';

const VALID_BODY = [
  '# HELP http_requests_total Requests served, by \\\\ path and\\ncode.',
  '# TYPE http_requests_total counter',
  'http_requests_total{method="GET",code="200",path="/api/\\"v1\\""} 1027 1700000000000',
  'http_requests_total{method="POST", code="500",} 3',
  '',
  '# TYPE "request.latency" histogram',
  '{"request.latency_bucket", le="0.5", "zone.name"="eu\\nwest"} 12',
  '{"request.latency_bucket", le="+Inf"} 20',
  '{"request.latency_sum"} 3.25e+01',
  '# just a comment',
  'temperature{room="kitchen"} -Inf',
  'up NaN',
  '   indented_metric 1.5e-3 42',
  'gauge_with_spaces { a = "b" } +17',
].join('\n');

// Characters that matter to the grammar, plus a few that never should.
const ALPHABET = ['{', '}', '"', '\\', '=', ',', ' ', '\t', '\n', '\r', '#', '\u0000', 'a', 'Z', '_', ':', '0', '9', '.', 'e', '+', '-', 'p', 'x', 'é', '\uD800', '\uDC00', '😀'];

/** Drives a parser over everything it offers; returns a transcript of the entries. */
function exercise(body: ExpositionBody): string[] {
  const p = new PrometheusTextParser(body);
  const transcript: string[] = [];
  for (let e = p.next(); e !== Entry.EOF; e = p.next()) {
    assert.ok(transcript.length <= (typeof body === 'string' ? body : body.join('')).length, 'every entry must consume input');
    if (e === Entry.Series) {
      transcript.push(`${p.seriesKey()} ${p.labels().toString()} ${p.value()} ${p.timestamp()}`);
    } else if (e === Entry.Type) {
      transcript.push(`type ${p.metricFamily()} ${p.metricType()}`);
    } else if (e === Entry.Help) {
      transcript.push(`help ${p.metricFamily()} ${p.helpText()}`);
    } else transcript.push(p.comment());
  }
  return transcript;
}

/** The transcript, or the error as `line: detail`; anything but ExpositionParseError fails. */
function outcome(body: string, k: number, pieces: ExpositionBody = body): { transcript?: string[]; line?: number; detail?: string } {
  try {
    return { transcript: exercise(pieces) };
  } catch (e) {
    if (!(e instanceof ExpositionParseError)) assert.fail(`mutation ${k} threw ${String(e)} for body ${JSON.stringify(body)}`);
    const lines = body.split('\n').length;
    assert.ok(e.line >= 1 && e.line <= lines + 1, `line ${e.line} of ${lines}: ${e.message}`);
    assert.ok(e.message.startsWith(`line ${e.line}: `));
    return { line: e.line, detail: e.detail };
  }
}

/** The body cut after every newline: the most piece boundaries a line-aligned split can have. */
function linePieces(body: string): string[] {
  return body.split(/(?<=\n)/);
}

// A leading comment with a lone surrogate switches off the parser's fast path for plain label
// blocks (which needs a well-formed body) without changing what the rest of the body means.
const GENERAL_PATH_ONLY = '# \uD800\n';

describe('text parser under random mutation', () => {
  it('parses the unmutated body', () => {
    assert.equal(exercise(VALID_BODY).length, 13);
  });

  it('either parses or throws ExpositionParseError with a sane line number, on both label paths', { timeout: 60_000 }, () => {
    const random = generator(20240601);
    let parsed = 0;
    let rejected = 0;
    for (let k = 0; k < 5000; k++) {
      const body = mutate(VALID_BODY, random, ALPHABET);
      const result = outcome(body, k);
      const general = outcome(GENERAL_PATH_ONLY + body, k);
      // Pieces must change nothing, even where a quoted string runs across a piece's end.
      assert.deepEqual(outcome(body, k, linePieces(body)), result, `mutation ${k} in pieces: ${JSON.stringify(body)}`);
      if (result.transcript) {
        parsed++;
        assert.deepEqual(general.transcript?.slice(1), result.transcript, `mutation ${k}: ${JSON.stringify(body)}`);
      } else {
        rejected++;
        assert.deepEqual([general.line, general.detail], [result.line! + 1, result.detail], `mutation ${k}: ${JSON.stringify(body)}`);
      }
    }
    // Both outcomes must actually occur, or the mutations are not probing anything.
    assert.ok(parsed > 200 && rejected > 200, `parsed ${parsed}, rejected ${rejected}`);
  });
});
