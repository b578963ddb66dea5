/**
 * Differential test against Prometheus's own second PromQL grammar: the lezer grammar of the
 * Prometheus UI (`@prometheus-io/lezer-promql`, the 3.14 release). Random expressions, valid and
 * corrupted, must be accepted or rejected alike by our grammar and lezer's.
 *
 * Only syntax is compared: lezer does no type checking, so our parse is `parseSyntax` (the grammar
 * alone, before Prometheus's post-parse checks). Inputs in categories where the two grammars are
 * known to differ on purpose are set aside and counted:
 * - `offset` as a metric name: Prometheus's yacc grammar allows it, lezer makes `offset` a
 *   reserved keyword. And the reverse for `atan2`: lezer lets it name a metric, Prometheus's
 *   grammar does not (`x atan2 atan2` is an error there).
 * - `min_of(a, b)` / `max_of(a, b)` as expressions: functions in Prometheus 3.14 (functions.test
 *   calls them), known to lezer only inside durations.
 * - A trailing comma in call arguments, and a call of an identifier that is not a function:
 *   Prometheus's grammar accepts both and reports an error afterwards (so does ours); lezer's
 *   grammar rejects them.
 * - A label name with a colon in `by`/`on` lists (`on(a:b)`): Prometheus accepts any UTF-8 label
 *   name there, lezer only legacy names.
 * - A `:` inside brackets before any number (`x[step():]`): Prometheus's lexer only accepts the
 *   subquery colon after a number or duration and fails with "unexpected colon before duration
 *   in duration expression" (so do we); lezer accepts it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parser as lezer } from '@prometheus-io/lezer-promql';
import { walkExpr } from '../../../src/lang/promql/ast.js';
import { FUNCTIONS } from '../../../src/lang/promql/functionSignatures.js';
import { PromQLParseError, parseSyntax } from '../../../src/lang/promql/parser.js';
import { seededRandom } from './parseHelpers.js';
import { PromqlGenerator } from './promqlGenerator.js';

function lezerAccepts(query: string): boolean {
  let ok = true;
  lezer.parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) ok = false;
      return ok;
    },
  });
  return ok;
}

/** Whether our grammar accepts the query, and the known-difference category its tree shows. */
function ours(query: string): { accepted: boolean; category?: string } {
  try {
    let category: string | undefined;
    walkExpr(parseSyntax(query), (e) => {
      if (e.kind === 'VectorSelector' && e.name === 'offset') category = 'offset as a metric name';
      if (e.kind === 'Call' && (e.func === 'min_of' || e.func === 'max_of')) category = 'min_of/max_of as an expression';
    });
    return category === undefined ? { accepted: true } : { accepted: true, category };
  } catch (e) {
    // Anything but a parse error (an ambiguous grammar, a crash) is a bug, not a rejection.
    if (!(e instanceof PromQLParseError)) throw e;
    return { accepted: false };
  }
}

const KEYWORDS_BEFORE_PAREN = new Set(['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile',
  'limitk', 'limit_ratio', 'count_values', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'fill', 'fill_left',
  'fill_right', 'start', 'end', 'step', 'range', 'min_of', 'max_of', 'atan2', 'and', 'or', 'unless', 'bool']);

const OPERATOR_WORDS = new Set(['and', 'or', 'unless', 'atan2', 'bool', 'offset', 'on', 'ignoring', 'group_left', 'group_right', 'by', 'without']);
const GROUPING_KEYWORDS = new Set(['on', 'ignoring', 'group_left', 'group_right', 'by', 'without']);

// Whether a token can end an operand (so that a following keyword is a modifier or operator).
function endsOperand(t: string | undefined): boolean {
  return t !== undefined && /^[\w\])}"'`.]/.test(t) && !OPERATOR_WORDS.has(t);
}

/** The documented category an input belongs to, if the two grammars are known to disagree on it. */
function knownDifference(tokens: readonly string[]): string | undefined {
  let grouping = false;
  let inBrackets = false;
  let numberInBrackets = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (t === ':' && (prev === '(' || prev === ',') && grouping) return 'label name with a colon';
    if (t === 'atan2' && !endsOperand(prev)) return 'atan2 as a metric name';
    if (t === '(') grouping = prev !== undefined && GROUPING_KEYWORDS.has(prev);
    if (t === ')' && prev === ',') return 'trailing comma in call arguments';
    if (next === '(' && /^[a-z_]\w*$/i.test(t) && !FUNCTIONS.has(t) && !KEYWORDS_BEFORE_PAREN.has(t.toLowerCase())) return 'call of an unknown function';
    if (t === '[') [inBrackets, numberInBrackets] = [true, false];
    else if (t === ']') inBrackets = false;
    else if (inBrackets && /^[0-9.]/.test(t)) numberInBrackets = true;
    else if (inBrackets && t === ':' && !numberInBrackets) return 'subquery colon before any number';
  }
  return undefined;
}

describe('PromQL grammar agrees with the Prometheus UI (lezer) grammar', () => {
  it('accepts and rejects random expressions alike', (t) => {
    const generator = new PromqlGenerator(seededRandom(42));
    const skipped = new Map<string, number>();
    const disagreements: string[] = [];
    let compared = 0;
    let accepted = 0;
    const iterations = 5000;
    for (let i = 0; i < iterations; i++) {
      const tokens = generator.query(i % 2 === 1);
      const query = tokens.join(' ');
      const verdict = ours(query);
      const category = verdict.category ?? knownDifference(tokens);
      if (category !== undefined) {
        skipped.set(category, (skipped.get(category) ?? 0) + 1);
        continue;
      }
      compared++;
      if (verdict.accepted) accepted++;
      if (verdict.accepted !== lezerAccepts(query)) disagreements.push(`${verdict.accepted ? 'we accept' : 'we reject'}: ${query}`);
    }
    const skippedText = [...skipped].map(([k, v]) => `${k}: ${v}`).join(', ');
    t.diagnostic(`${compared} compared (${accepted} accepted, ${compared - accepted} rejected), ${compared - disagreements.length} agree; set aside: ${skippedText}`);
    assert.ok(accepted > compared / 4 && accepted < compared * 0.9, 'a mix of valid and invalid inputs');
    assert.deepEqual(disagreements.slice(0, 40), []);
  });
});
