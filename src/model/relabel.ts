/**
 * Relabeling exactly like Prometheus's model/relabel: rules run in order over one label builder,
 * each may rewrite labels or drop the whole set. The config layer compiles YAML rules into
 * RelabelRule values; this module only runs them.
 */
import { goStringToBytes } from './goString.js';
import { isLegacyLabelName, isWellFormedUnicode, Labels } from './labels.js';
import { md5 } from './md5.js';
import { expandTemplate } from './regexTemplate.js';

export type RelabelAction =
  | 'replace' | 'keep' | 'drop' | 'keepequal' | 'dropequal' | 'hashmod'
  | 'labelmap' | 'labeldrop' | 'labelkeep' | 'lowercase' | 'uppercase';

/** One compiled relabel rule. */
export interface RelabelRule {
  readonly action: RelabelAction;
  readonly sourceLabels: readonly string[];
  readonly separator: string;
  /** Anchored at both ends (`^(?s:…)$`), translated from RE2. */
  readonly regex: RegExp;
  /** Names of the regex's capture groups by number, for `${name}` in templates. */
  readonly groupNames: readonly string[];
  /** Only used by hashmod; a uint64 in Prometheus. */
  readonly modulus: bigint;
  readonly targetLabel: string;
  readonly replacement: string;
  /** Which label names a replace may create; Prometheus 3 defaults to UTF-8. */
  readonly nameValidation?: 'utf8' | 'legacy';
}

/**
 * Prometheus's labels.Builder: changes on top of a base label set. Iteration sees a snapshot
 * (base labels not deleted or overridden, then added labels in the order they were first set),
 * which decides the winner when labelmap maps two names onto one.
 */
class LabelsBuilder {
  private readonly add: Array<[string, string]> = [];
  private readonly del: string[] = [];

  constructor(private readonly base: Labels) {}

  get(name: string): string {
    for (const [n, v] of this.add) if (n === name) return v;
    if (this.del.includes(name)) return '';
    return this.base.get(name);
  }

  set(name: string, value: string): void {
    if (value === '') return this.delete(name);
    const entry = this.add.find(([n]) => n === name);
    if (entry) entry[1] = value;
    else this.add.push([name, value]);
  }

  delete(name: string): void {
    const i = this.add.findIndex(([n]) => n === name);
    if (i >= 0) this.add.splice(i, 1);
    this.del.push(name);
  }

  snapshot(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (let i = 0; i < this.base.size; i++) {
      const name = this.base.names[i]!;
      if (!this.del.includes(name) && !this.add.some(([n]) => n === name)) out.push([name, this.base.values[i]!]);
    }
    for (const [n, v] of this.add) out.push([n, v]);
    return out;
  }

  labels(): Labels {
    const record = this.base.toRecord();
    for (const name of this.del) delete record[name];
    for (const [n, v] of this.add) record[n] = v;
    return Labels.from(record);
  }
}

/** Applies the rules in order; returns the new labels, or null when a rule drops the set. */
export function relabel(labels: Labels, rules: readonly RelabelRule[]): Labels | null {
  if (rules.length === 0) return labels;
  const builder = new LabelsBuilder(labels);
  for (const rule of rules) if (!applyRule(rule, builder)) return null;
  return builder.labels();
}

function applyRule(rule: RelabelRule, lb: LabelsBuilder): boolean {
  const value = rule.sourceLabels.map((n) => lb.get(n)).join(rule.separator);
  switch (rule.action) {
    case 'drop':
      return !rule.regex.test(value);
    case 'keep':
      return rule.regex.test(value);
    case 'dropequal':
      return lb.get(rule.targetLabel) !== value;
    case 'keepequal':
      return lb.get(rule.targetLabel) === value;
    case 'replace': {
      const match = rule.regex.exec(value);
      // No match, no replacement.
      if (match === null) return true;
      const target = expandTemplate(rule.targetLabel, match, rule.groupNames);
      if (!isValidName(target, rule.nameValidation)) return true;
      lb.set(target, expandTemplate(rule.replacement, match, rule.groupNames));
      return true;
    }
    case 'lowercase':
      lb.set(rule.targetLabel, mapRunes(value, 'lower'));
      return true;
    case 'uppercase':
      lb.set(rule.targetLabel, mapRunes(value, 'upper'));
      return true;
    case 'hashmod':
      lb.set(rule.targetLabel, hashMod(value, rule.modulus).toString());
      return true;
    case 'labelmap':
      for (const [name, v] of lb.snapshot()) {
        const match = rule.regex.exec(name);
        if (match !== null) lb.set(expandTemplate(rule.replacement, match, rule.groupNames), v);
      }
      return true;
    case 'labeldrop':
      for (const [name] of lb.snapshot()) if (rule.regex.test(name)) lb.delete(name);
      return true;
    case 'labelkeep':
      for (const [name] of lb.snapshot()) if (!rule.regex.test(name)) lb.delete(name);
      return true;
  }
}

function isValidName(name: string, scheme: 'utf8' | 'legacy' | undefined): boolean {
  return scheme === 'legacy' ? isLegacyLabelName(name) : name.length > 0 && isWellFormedUnicode(name);
}

/** hashmod's value: the last 8 bytes of the MD5 of the joined source values, big-endian, mod modulus. */
export function hashMod(value: string, modulus: bigint): bigint {
  const digest = md5(goStringToBytes(value));
  const view = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
  return view.getBigUint64(8, false) % modulus;
}

/**
 * Go's strings.ToLower/ToUpper map rune by rune with simple case mappings: a rune whose full
 * mapping would expand (ß → SS) stays as it is, except İ, whose simple lowercase is i.
 */
function mapRunes(s: string, direction: 'lower' | 'upper'): string {
  // Plain ASCII is by far the common case and maps identically.
  if (/^[\x00-\x7f]*$/.test(s)) return direction === 'lower' ? s.toLowerCase() : s.toUpperCase();
  let out = '';
  for (const ch of s) {
    if (direction === 'lower' && ch === '\u0130') {
      out += 'i';
      continue;
    }
    const mapped = direction === 'lower' ? ch.toLowerCase() : ch.toUpperCase();
    out += [...mapped].length === 1 ? mapped : ch;
  }
  return out;
}
