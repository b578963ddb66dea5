import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldSelectorProblem, labelSelectorProblem } from '../../../src/config/discovery/kubernetesSelectors.js';

test('field selectors: key=value terms, comma separated, with escapes', () => {
  for (const ok of ['', 'metadata.name=x', 'status.phase!=Running,spec.nodeName==n1', 'metadata.name=a\\,b']) {
    assert.equal(fieldSelectorProblem(ok), undefined, ok);
  }
  assert.equal(
    fieldSelectorProblem('metadata.status-Running'),
    "invalid selector: 'metadata.status-Running'; can't understand 'metadata.status-Running'",
  );
  assert.match(fieldSelectorProblem('a=b\\c') ?? '', /invalid escape sequence: \\c/);
  assert.match(fieldSelectorProblem('a=b=c') ?? '', /unescaped character in value/);
});

test('label selectors: equality, set and existence requirements', () => {
  for (const ok of ['', 'foo=bar', 'foo==bar,baz!=qux', 'foo in (bar,baz)', 'foo notin (a)', '!canary', 'app', 'x>1', 'example.com/app=v1', 'e=']) {
    assert.equal(labelSelectorProblem(ok), undefined, ok);
  }
  assert.match(labelSelectorProblem('foo in bar') ?? '', /expected: '\('/);
  assert.match(labelSelectorProblem('=bar') ?? '', /expected: !, identifier, or 'end of string'/);
  assert.match(labelSelectorProblem('foo=bar baz') ?? '', /expected: ',' or 'end of string'/);
  assert.match(labelSelectorProblem('-foo=bar') ?? '', /name part must consist of alphanumeric characters/);
  assert.match(labelSelectorProblem('foo=-bar') ?? '', /a valid label must be an empty string/);
  assert.match(labelSelectorProblem('x>a') ?? '', /the value must be an integer/);
});
