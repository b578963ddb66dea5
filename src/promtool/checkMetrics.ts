/**
 * `promtool check metrics`: lints an exposition body read from standard input (exit 3 on
 * problems) and, with --extended, prints each family's cardinality in promtool's table.
 */
import { formatGoFloat } from '../lang/template/index.js';
import { eprintln, EXIT_FAILURE, EXIT_LINT, EXIT_SUCCESS, type PromtoolIO } from './io.js';
import { familyCardinality, parseMetricFamilies, type MetricFamily } from './metricFamilies.js';
import { lintMetricFamilies } from './promlint.js';

/** How `check metrics` runs. */
export interface CheckMetricsOptions {
  readonly extended: boolean;
  /** `all` or `none`. */
  readonly lint: string;
}

/** Lays out rows like Go's tabwriter (minwidth 4, padding 4, spaces), each cell padded to its column. */
export function tabulate(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length + 4, 4)));
  return rows.map((row) => row.map((cell, i) => cell + ' '.repeat(widths[i]! - [...cell].length)).join('') + '\n').join('');
}

/** The --extended table: families by cardinality, largest first, then the total. */
export function cardinalityTable(families: readonly MetricFamily[]): string {
  const stats = families.map((f) => ({ name: f.name, cardinality: familyCardinality(f) }));
  const total = stats.reduce((n, s) => n + s.cardinality, 0);
  // A stable sort keeps families of equal cardinality in the order they came.
  stats.sort((a, b) => b.cardinality - a.cardinality);
  const rows = [['Metric', 'Cardinality', 'Percentage']];
  for (const s of stats) rows.push([s.name, String(s.cardinality), formatGoFloat((s.cardinality / total) * 100, 'f', 2) + '%']);
  rows.push(['Total', String(total), '100%']);
  return tabulate(rows);
}

/** `promtool check metrics`; returns the exit code. */
export async function checkMetricsCommand(options: CheckMetricsOptions, io: PromtoolIO): Promise<number> {
  const lint = options.lint !== 'none';
  if (!options.extended && !lint) {
    eprintln(io, 'error: at least one of --extended or linting must be enabled');
    eprintln(io, 'Use --extended for cardinality analysis, or remove --lint=none to enable linting');
    return EXIT_FAILURE;
  }
  const body = await io.readStdin();
  let families: MetricFamily[];
  try {
    families = parseMetricFamilies(body);
  } catch (e) {
    eprintln(io, lint ? `error while linting: ${(e as Error).message}` : `error while parsing text to metric families: ${(e as Error).message}`);
    return EXIT_FAILURE;
  }
  const problems = lint ? lintMetricFamilies(families) : [];
  for (const p of problems) eprintln(io, p.metric, p.text);
  if (options.extended) io.out(cardinalityTable(families));
  return problems.length > 0 ? EXIT_LINT : EXIT_SUCCESS;
}
