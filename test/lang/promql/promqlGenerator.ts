/**
 * A small random generator of PromQL token sequences for differential testing: valid
 * expressions over the whole syntax (operators, modifiers, aggregations, calls, ranges,
 * subqueries, durations, offset/@, fill, anchored/smoothed), optionally corrupted by a
 * token-level edit so that about half of the inputs are invalid.
 */

const METRICS = ['foo', 'bar', 'http_requests_total', 'job:rate5m', 'sum', 'by', 'step', 'start', 'anchored', 'fill', 'min'];
const LABELS = ['job', 'instance', 'le', 'on', 'by', 'offset'];
const BINARY = ['+', '-', '*', '/', '%', '^', 'atan2', '==', '!=', '>', '<', '>=', '<=', '</', '>/', 'and', 'or', 'unless'];
const AGGREGATIONS = ['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar'];
const PARAM_AGGREGATIONS = ['topk', 'bottomk', 'quantile', 'limitk', 'limit_ratio'];
const INSTANT_FUNCTIONS = ['abs', 'ceil', 'sort', 'timestamp', 'histogram_sum', 'year', 'scalar'];
const RANGE_FUNCTIONS = ['rate', 'increase', 'delta', 'sum_over_time', 'mad_over_time', 'ts_of_max_over_time'];
const NUMBERS = ['1', '2.5', '0x1f', '1e3', '.5', 'Inf', 'NaN', '1_000', '0755'];
const DURATIONS = ['5m', '30s', '1h30m', '10', '1d', '500ms'];
/** Tokens inserted by corruptions. */
const NOISE = ['(', ')', '[', ']', '{', '}', ',', ':', '@', 'offset', 'by', 'bool', 'on', '+', '*', '5m', '1', 'foo', '"s"', '=', 'group_left'];

/** Generates token sequences from a random source returning values in [0, 1). */
export class PromqlGenerator {
  constructor(private readonly random: () => number) {}

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  /** A query as tokens; `corrupt` applies one random token-level edit. */
  query(corrupt: boolean): string[] {
    const tokens = this.expr(3);
    if (!corrupt || tokens.length === 0) return tokens;
    const at = Math.floor(this.random() * tokens.length);
    switch (Math.floor(this.random() * 3)) {
      case 0:
        return [...tokens.slice(0, at), ...tokens.slice(at + 1)];
      case 1:
        return [...tokens.slice(0, at), this.pick(NOISE), ...tokens.slice(at)];
      default:
        return [...tokens.slice(0, at), tokens[at]!, ...tokens.slice(at)];
    }
  }

  private expr(depth: number): string[] {
    if (depth <= 0) return this.operand();
    switch (Math.floor(this.random() * 9)) {
      case 0:
      case 1:
        return [...this.expr(depth - 1), this.pick(BINARY), ...this.binModifiers(), ...this.expr(depth - 1)];
      case 2:
        return ['-', ...this.expr(depth - 1)];
      case 3:
        return ['(', ...this.expr(depth - 1), ')'];
      case 4:
        return this.aggregation(depth);
      case 5:
        return this.call(depth);
      case 6:
        return [...this.subqueryBase(depth), '[', ...this.duration(), ':', ...(this.chance(0.5) ? this.duration() : []), ']', ...this.timeModifiers()];
      default:
        return this.operand();
    }
  }

  private operand(): string[] {
    switch (Math.floor(this.random() * 5)) {
      case 0:
        return [this.pick(NUMBERS)];
      case 1:
        return [this.chance(0.3) ? '-' : '', this.pick(DURATIONS)].filter((t) => t !== '');
      default: {
        const selector = this.selector();
        if (this.chance(0.3)) return [...selector, '[', ...this.duration(), ']', ...this.timeModifiers(), ...this.boundary()];
        return [...selector, ...this.timeModifiers()];
      }
    }
  }

  private selector(): string[] {
    const out: string[] = [];
    if (this.chance(0.85)) out.push(this.pick(METRICS));
    if (out.length === 0 || this.chance(0.3)) {
      out.push('{');
      const n = out.length === 1 ? 1 + Math.floor(this.random() * 2) : Math.floor(this.random() * 3);
      for (let i = 0; i < n; i++) {
        if (i > 0) out.push(',');
        out.push(this.chance(0.2) ? '"a.b"' : this.pick(LABELS), this.pick(['=', '!=', '=~', '!~']), '"v"');
      }
      out.push('}');
    }
    return out;
  }

  private timeModifiers(): string[] {
    const out: string[] = [];
    if (this.chance(0.2)) out.push('offset', ...this.offsetDuration());
    if (this.chance(0.15)) out.push('@', ...this.pick([['100'], ['-5'], ['start', '(', ')'], ['end', '(', ')'], ['1m']]));
    return out;
  }

  private boundary(): string[] {
    return this.chance(0.1) ? [this.pick(['anchored', 'smoothed'])] : [];
  }

  private offsetDuration(): string[] {
    const sign = this.chance(0.3) ? ['-'] : [];
    return [...sign, ...this.durationAtom(1)];
  }

  private duration(depth = 2): string[] {
    if (depth > 0 && this.chance(0.25)) {
      return [...this.duration(depth - 1), this.pick(['+', '-', '*', '/', '%', '^']), ...this.duration(depth - 1)];
    }
    return [...(this.chance(0.1) ? ['-'] : []), ...this.durationAtom(depth)];
  }

  private durationAtom(depth: number): string[] {
    switch (Math.floor(this.random() * 8)) {
      case 0:
        return ['step', '(', ')'];
      case 1:
        return ['range', '(', ')'];
      case 2:
        return depth > 0 ? [this.pick(['min_of', 'max_of']), '(', ...this.duration(depth - 1), ',', ...this.duration(depth - 1), ')'] : ['1m'];
      case 3:
        return depth > 0 ? ['(', ...this.duration(depth - 1), ')'] : ['2m'];
      default:
        return [this.pick(DURATIONS)];
    }
  }

  private binModifiers(): string[] {
    const out: string[] = [];
    if (this.chance(0.15)) out.push('bool');
    if (this.chance(0.25)) {
      out.push(this.pick(['on', 'ignoring']), ...this.labelList());
      if (this.chance(0.4)) {
        out.push(this.pick(['group_left', 'group_right']));
        if (this.chance(0.5)) out.push(...this.labelList());
      }
    }
    if (this.chance(0.1)) out.push(...this.pick([['fill', '(', '0', ')'], ['fill_left', '(', '-', '1', ')'], ['fill_right', '(', 'NaN', ')']]));
    return out;
  }

  private labelList(): string[] {
    const out = ['('];
    const n = Math.floor(this.random() * 3);
    for (let i = 0; i < n; i++) {
      if (i > 0) out.push(',');
      out.push(this.chance(0.2) ? '"a.b"' : this.pick(LABELS));
    }
    if (n > 0 && this.chance(0.1)) out.push(',');
    out.push(')');
    return out;
  }

  private aggregation(depth: number): string[] {
    const withParam = this.chance(0.3);
    const op = withParam ? this.pick(PARAM_AGGREGATIONS) : this.pick(AGGREGATIONS);
    const clause = this.chance(0.4) ? [this.pick(['by', 'without']), ...this.labelList()] : [];
    const body = ['(', ...(withParam ? [this.pick(['3', '0.5']), ','] : []), ...this.expr(depth - 1), ')'];
    return this.chance(0.5) ? [op, ...clause, ...body] : [op, ...body, ...clause];
  }

  private call(depth: number): string[] {
    if (this.chance(0.4)) {
      const base = this.chance(0.7) ? [...this.selector(), '[', ...this.duration(), ']', ...this.boundary()] : [...this.subqueryBase(depth), '[', '5m', ':', ']'];
      return [this.pick(RANGE_FUNCTIONS), '(', ...base, ')'];
    }
    if (this.chance(0.2)) return [this.pick(['time', 'pi', 'step', 'start', 'end', 'range']), '(', ')'];
    return [this.pick(INSTANT_FUNCTIONS), '(', ...this.expr(depth - 1), ')'];
  }

  private subqueryBase(depth: number): string[] {
    return this.chance(0.5) ? this.selector() : ['(', ...this.expr(depth - 1), ')'];
  }
}
