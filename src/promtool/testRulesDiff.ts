/**
 * `promtool test rules --diff`: expected and received alerts as indented JSON, compared line by
 * line, removed lines in red and added lines in green (promtool colours a JSON diff the same way).
 */
import type { LabelsAndAnnotations } from './testRulesText.js';

const RED = '\x1b[0;31m';
const GREEN = '\x1b[0;32m';
const RESET = '\x1b[0m';

function alertsJson(alerts: readonly LabelsAndAnnotations[]): string[] {
  // An empty side is shown as one empty alert, as promtool does, so the other side lines up.
  const shown = alerts.length > 0 ? alerts : [{ labels: undefined, annotations: undefined }];
  const plain = shown.map((a) => ({ Labels: a.labels?.toRecord() ?? {}, Annotations: a.annotations?.toRecord() ?? {} }));
  return JSON.stringify(plain, null, 4).split('\n');
}

/** The coloured line diff of the expected and received alerts; undefined when they print the same. */
export function alertsDiff(expected: readonly LabelsAndAnnotations[], got: readonly LabelsAndAnnotations[]): string | undefined {
  const a = alertsJson(expected);
  const b = alertsJson(got);
  // Longest common subsequence table, from the ends, for a minimal line diff.
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: string[] = [];
  let changed = false;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(a[i++]!);
      j++;
    } else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push(`${GREEN}${b[j++]}${RESET}`);
      changed = true;
    } else {
      out.push(`${RED}${a[i++]}${RESET}`);
      changed = true;
    }
  }
  return changed ? out.join('\n') : undefined;
}
