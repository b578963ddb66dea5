import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileAnchoredRe2, RegexSyntaxError } from '../../src/model/re2.js';

const matches = (pattern: string, s: string): boolean => compileAnchoredRe2(pattern).test(s);
const syntaxError = (pattern: string): string => {
  try {
    compileAnchoredRe2(pattern);
  } catch (e) {
    assert.ok(e instanceof RegexSyntaxError);
    return (e as Error).message;
  }
  assert.fail(`${pattern} compiled`);
};

test('Go syntax JavaScript lacks: POSIX classes, \\Q…\\E, \\z, octal and \\x{…} escapes, named groups', () => {
  assert.ok(matches('[[:alpha:]]+[[:digit:]]', 'abc1'));
  assert.ok(matches('[[:^digit:]]+', 'abc'));
  assert.ok(!matches('[[:^digit:]]+', 'a1'));
  assert.ok(matches('\\Qa.b*\\E', 'a.b*'));
  assert.ok(!matches('\\Qa.b\\E', 'axb'));
  assert.ok(matches('ab\\z', 'ab'));
  assert.ok(matches('\\101\\x{263a}\\x41', 'A☺A'));
  assert.ok(matches('(?P<x>a)(?<y>b)', 'ab'));
  assert.ok(matches('a\\-b\\:c\\#', 'a-b:c#'));
});

test('inline flags apply to the rest of their group, anywhere in the pattern', () => {
  assert.ok(matches('(?i)abc', 'ABC'));
  assert.ok(matches('a(?i)bc', 'aBC'));
  assert.ok(!matches('a(?i)bc', 'ABC'));
  assert.ok(matches('(?i:b)c', 'Bc'));
  assert.ok(!matches('(?i:b)c', 'BC'));
  assert.ok(matches('x(?i)[a-c]+', 'xAbC'));
  assert.ok(matches('(?i)k', '\u212a'));
  assert.ok(matches('(?m)a$\\n^b', 'a\nb'));
  assert.ok(!matches('(?-s)a.b', 'a\nb'));
  assert.ok(matches('a.b', 'a\nb'));
  assert.equal(compileAnchoredRe2('(?U)(a+)(a*)').exec('aaa')?.[1], 'a');
});

test('Go classes keep their ASCII meaning: \\s has no \\v, \\d no other digits', () => {
  assert.ok(matches('\\s', ' '));
  assert.ok(!matches('\\s', '\v'));
  assert.ok(!matches('\\d', '٣'));
  assert.ok(matches('[^\\s]', 'x'));
  assert.ok(matches('\\pL+\\p{Greek}', 'añβ'));
});

test('literal braces and brackets that are not syntax stay literal', () => {
  assert.ok(matches('a{', 'a{'));
  assert.ok(matches('a{,3}', 'a{,3}'));
  assert.ok(matches(']', ']'));
  assert.ok(matches('[]a]+', ']a'));
  assert.ok(matches('x{2}', 'xx'));
});

test('what Go rejects is rejected with Go\'s wording', () => {
  assert.equal(syntaxError('abc(def'), 'error parsing regexp: missing closing ): `abc(def`');
  assert.equal(syntaxError('abc)'), 'error parsing regexp: unexpected ): `abc)`');
  assert.equal(syntaxError('a**'), 'error parsing regexp: invalid nested repetition operator: `**`');
  assert.equal(syntaxError('*a'), 'error parsing regexp: missing argument to repetition operator: `*`');
  assert.equal(syntaxError('[a'), 'error parsing regexp: missing closing ]: `[a`');
  assert.equal(syntaxError('[z-a]'), 'error parsing regexp: invalid character class range: `z-a`');
  assert.equal(syntaxError('(?=a)'), 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
  assert.equal(syntaxError('\\1'), 'error parsing regexp: invalid escape sequence: `\\1`');
  assert.equal(syntaxError('a{1001}'), 'error parsing regexp: invalid repeat count: `{1001}`');
  assert.equal(syntaxError('[[:foo:]]'), 'error parsing regexp: invalid character class range: `[:foo:]`');
  assert.equal(syntaxError('(?P<a-b>x)'), 'error parsing regexp: invalid named capture: `(?P<a-b>`');
});
