import { compileAnchoredRe2 } from './re2.js';

export type MatchType = '=' | '!=' | '=~' | '!~';

/** A label matcher such as `job="api"` or `path=~"/api/.*"`; regexes are fully anchored. */
export class Matcher {
  private readonly regex: RegExp | undefined;

  constructor(
    readonly type: MatchType,
    readonly name: string,
    readonly value: string,
  ) {
    if (type === '=~' || type === '!~') this.regex = compileAnchoredRe2(value);
  }

  /** Whether a label value (the empty string for an absent label) satisfies the matcher. */
  matches(v: string): boolean {
    switch (this.type) {
      case '=': return v === this.value;
      case '!=': return v !== this.value;
      case '=~': return this.regex!.test(v);
      case '!~': return !this.regex!.test(v);
    }
  }

  /** Whether the matcher accepts the empty string, i.e. also series without the label. */
  get matchesEmpty(): boolean {
    return this.matches('');
  }

  toString(): string {
    return `${this.name}${this.type}${JSON.stringify(this.value)}`;
  }
}
