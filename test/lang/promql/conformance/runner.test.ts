import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runScript } from './runner.js';
import { parseScript } from './scriptParser.js';
import { expandItem, parseSeriesLine, type SequenceValue } from '../../../../src/lang/seriesNotation.js';

function show(values: SequenceValue[]): string {
  return values.map((v) => (v.kind === 'float' ? String(v.value) : v.kind === 'stale' ? 'stale' : '_')).join(' ');
}

describe('test script notation', () => {
  it('expands value items', () => {
    assert.equal(show(expandItem('0+10x3')), '0 10 20 30');
    assert.equal(show(expandItem('10-2.5x2')), '10 7.5 5');
    assert.equal(show(expandItem('-2+1x1')), '-2 -1');
    assert.equal(show(expandItem('7x2')), '7 7 7');
    assert.equal(show(expandItem('_x3')), '_ _ _');
    assert.equal(show(expandItem('1e3')), '1000');
    assert.equal(show(expandItem('-Inf')), '-Infinity');
    assert.equal(show(expandItem('.5')), '0.5');
  });

  it('parses series lines with every label syntax', () => {
    const line = parseSeriesLine('http_requests{job="api, x", instance=\'0\'}\t1 _ stale 2+1x1');
    assert.equal(line.labels.toString(), '{__name__="http_requests", instance="0", job="api, x"}');
    assert.equal(show(line.values), '1 _ stale 2 3');
    assert.equal(parseSeriesLine('{} 1').labels.size, 0);
    assert.equal(parseSeriesLine('{__name__="m", a="b"} 1').labels.toString(), '{__name__="m", a="b"}');
    assert.equal(parseSeriesLine('{"my.metric", "a.b"="c"} 1').labels.toString(), '{__name__="my.metric", a.b="c"}');
    assert.ok(parseSeriesLine('h {{schema:0 sum:1}}').hasHistograms);
  });

  it('parses commands, blocks and expectations', () => {
    const commands = parseScript([
      'load 1m',
      '  m{a="1"} 1 2',
      '',
      '# comment',
      'eval instant at 1m m',
      '  expect no_warn',
      '  m{a="1"} 2',
      '',
      'eval range from 0 to 2m step 1m m',
      '  m{a="1"} 1 2 2',
      '',
      'eval instant at 0 1',
      '  1',
      'eval_fail instant at 0 foo',
      '  expected_fail_message boom',
      '',
      'clear',
    ].join('\n'));
    assert.deepEqual(commands.map((c) => `${c.kind}@${c.line}`), ['load@1', 'eval@5', 'eval@9', 'eval@12', 'eval@14', 'clear@17']);
    const [, first, second, third, fourth] = commands;
    assert.ok(first?.kind === 'eval' && first.noWarn && first.timeMs === 60_000 && first.results.length === 1);
    assert.ok(second?.kind === 'eval' && second.range?.endMs === 120_000);
    assert.ok(third?.kind === 'eval' && third.scalar === 1);
    assert.ok(fourth?.kind === 'eval' && fourth.fail?.msg === 'boom');
  });
});

describe('test script runner', () => {
  it('passes matching evals, fails wrong ones and skips only the listed lines', async () => {
    const outcomes = await runScript([
      'load 1m',
      '  m{a="1"} 1 2 stale',
      '  m{a="2"} 5',
      '  m{a="2"} 7',
      '',
      'eval instant at 1m m',
      '  m{a="1"} 2',
      '  m{a="2"} 7',
      '',
      'eval instant at 2m m{a="1"}',
      '',
      'eval instant at 1m m{a="1"}',
      '  m{a="1"} 3',
      '',
      'eval range from 0 to 3m step 1m m{a="1"}',
      '  m{a="1"} 1 2 _ _',
      '',
      'eval instant at 0 "s"',
      '  expect string "s"',
      '',
      'eval instant at 0 -1',
      '  -1',
      '',
      'eval instant at 0 m{',
      '  expect fail msg: 1:3: parse error: unexpected end of input inside braces',
      '',
      'eval instant at 0 sum(m)',
      '  {} 8',
      '',
      'eval instant at 0 h',
      '  h {{schema:0 sum:1}}',
    ].join('\n'), 'inline.test', undefined, { skip: new Map([[30, 'needs native histograms']]) });
    assert.deepEqual(outcomes.map((o) => `${o.name} ${o.status}`), [
      'inline.test:6 passed',
      'inline.test:10 passed',
      'inline.test:12 failed',
      'inline.test:15 passed',
      'inline.test:18 passed',
      'inline.test:21 passed',
      'inline.test:24 passed',
      'inline.test:27 passed',
      'inline.test:30 skipped',
    ]);
    assert.match(outcomes[2]!.reason!, /expected 3, got 2/);
  });

  it('cross-checks instant evals as range queries and with @ at other times', async () => {
    const outcomes = await runScript([
      'load 1m',
      '  m 0+1x10',
      '',
      'eval instant at 5m m',
      '  m 5',
      '',
      'eval instant at 5m time()',
      '  300',
    ].join('\n'), 'inline.test', undefined, { stepInvariance: true, rangeCrossCheck: true });
    assert.deepEqual(outcomes.map((o) => o.status), ['passed', 'passed']);
  });
});
