/**
 * Syntax checks for Kubernetes field and label selectors, as Prometheus runs them on
 * `kubernetes_sd_configs[].selectors` at load time through apimachinery's parsers. Messages follow
 * apimachinery's wording (`invalid selector: '...'; can't understand '...'`).
 */
import { quoteGoString } from '../../model/goString.js';

/** Splits a field selector on unescaped commas. */
function splitFieldTerms(selector: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** Checks a value's escapes: `\\`, `\,` and `\=` are the only escapes, and `,`/`=` must be escaped. */
function fieldValueProblem(value: string): string | undefined {
  let escaped = false;
  for (const c of value) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=') return `invalid field selector: invalid escape sequence: \\${c}`;
      escaped = false;
    } else if (c === '\\') escaped = true;
    else if (c === ',' || c === '=') return `invalid field selector: unescaped character in value: ${c.codePointAt(0)}`;
  }
  return escaped ? 'invalid field selector: invalid escape sequence: \\' : undefined;
}

/** Why a field selector (`metadata.name=x,status.phase!=Running`) is invalid, or undefined. */
export function fieldSelectorProblem(selector: string): string | undefined {
  if (selector === '') return undefined;
  for (const term of splitFieldTerms(selector)) {
    if (term === '') continue;
    // The first operator occurrence splits the term; `!=` and `==` win over `=` at the same place.
    const at = /!=|==|=/.exec(term);
    if (at === null) return `invalid selector: '${selector}'; can't understand '${term}'`;
    const problem = fieldValueProblem(term.slice(at.index + at[0].length));
    if (problem !== undefined) return problem;
  }
  return undefined;
}

type LabelToken = { kind: 'id' | 'op' | 'end'; text: string };

const SPECIAL = '=!(),<>';

function lexLabelSelector(selector: string): LabelToken[] {
  const tokens: LabelToken[] = [];
  let i = 0;
  while (i < selector.length) {
    const c = selector[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (SPECIAL.includes(c)) {
      const two = selector.slice(i, i + 2);
      const op = two === '==' || two === '!=' ? two : c;
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else {
      let j = i;
      while (j < selector.length && !SPECIAL.includes(selector[j]!) && !/\s/.test(selector[j]!)) j++;
      tokens.push({ kind: 'id', text: selector.slice(i, j) });
      i = j;
    }
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  if (prefix !== undefined && (prefix === '' || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `key: Invalid value: ${quoteGoString(key)}: prefix part must be a valid DNS subdomain`;
  }
  if (name === '' || name.length > 63 || !NAME_PART.test(name)) {
    return `key: Invalid value: ${quoteGoString(key)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}

function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !NAME_PART.test(value)) {
    return `values[0]: Invalid value: ${quoteGoString(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}

const show = (t: LabelToken): string => (t.kind === 'end' ? '' : t.text);

/** Why a label selector (`app=x,tier in (a,b),!canary`) is invalid, or undefined. */
export function labelSelectorProblem(selector: string): string | undefined {
  const tokens = lexLabelSelector(selector);
  let pos = 0;
  const next = (): LabelToken => tokens[Math.min(pos++, tokens.length - 1)]!;
  const peek = (): LabelToken => tokens[Math.min(pos, tokens.length - 1)]!;
  if (peek().kind === 'end') return undefined;
  for (;;) {
    let t = next();
    const negated = t.kind === 'op' && t.text === '!';
    if (negated) t = next();
    if (t.kind !== 'id' || t.text === 'in' || t.text === 'notin') {
      return negated
        ? `unable to parse requirement: found '${show(t)}', expected: identifier after '!'`
        : `unable to parse requirement: found '${show(t)}', expected: !, identifier, or 'end of string'`;
    }
    const keyProblem = labelKeyProblem(t.text);
    if (keyProblem !== undefined) return keyProblem;
    const after = peek();
    const endsRequirement = after.kind === 'end' || (after.kind === 'op' && after.text === ',');
    if (!negated && !endsRequirement) {
      const op = next();
      if (op.kind === 'id' && (op.text === 'in' || op.text === 'notin')) {
        const open = next();
        if (open.text !== '(') return `found '${show(open)}', expected: '('`;
        for (;;) {
          const v = peek();
          if (v.kind === 'id') {
            const problem = labelValueProblem(v.text);
            if (problem !== undefined) return problem;
            next();
          }
          const sep = next();
          if (sep.text === ')') break;
          if (sep.text !== ',') return `found '${show(sep)}', expected: ',', or ')'`;
        }
      } else if (op.kind === 'op' && ['=', '==', '!='].includes(op.text)) {
        const v = peek();
        if (v.kind === 'id') {
          const problem = labelValueProblem(v.text);
          if (problem !== undefined) return problem;
          next();
        }
      } else if (op.kind === 'op' && (op.text === '<' || op.text === '>')) {
        const v = next();
        if (v.kind !== 'id' || !/^-?\d+$/.test(v.text)) return "for 'Gt', 'Lt' operators, the value must be an integer";
      } else {
        return `found '${show(op)}', expected: in, notin, =, ==, !=, gt, lt`;
      }
    }
    const sep = next();
    if (sep.kind === 'end') return undefined;
    if (sep.text !== ',') return `found '${show(sep)}', expected: ',' or 'end of string'`;
  }
}
