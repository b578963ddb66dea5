/**
 * JUnit XML for `promtool test --junit=FILE rules …`, in the shape of Prometheus's
 * util/junitxml: one <testsuite> per test file, one <testcase> per test group that ran, each
 * failure text in a <failure>, and a file that could not be run as an <error> (on a case named
 * `unknown` when no group ran).
 */

interface JunitCase {
  readonly name: string;
  readonly failures: string[];
  error?: string;
}

/** One test file's results. */
export class JunitSuite {
  readonly cases: JunitCase[] = [];
  errorCount = 0;

  constructor(
    readonly name: string,
    readonly timestamp: string,
  ) {}

  /** Starts the case of a test group. */
  startCase(name: string): void {
    this.cases.push({ name, failures: [] });
  }

  /** Records a failure of the current test group. */
  fail(text: string): void {
    this.lastCase().failures.push(text);
  }

  /** Records that the file could not be tested. */
  abort(text: string): void {
    this.errorCount++;
    this.lastCase().error = text;
  }

  private lastCase(): JunitCase {
    if (this.cases.length === 0) this.startCase('unknown');
    return this.cases.at(-1)!;
  }
}

// Go's xml.EscapeText, used for attributes and text alike.
function escapeXml(text: string): string {
  return text.replace(/[&<>"'\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' })[c]!);
}

/** Go's time.Now().Format("2006-01-02T15:04:05"), in local time. */
export function junitTimestamp(now: Date = new Date()): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}T${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}`;
}

/** The whole document, as Go's xml.Encoder writes it (no declaration, no indentation). */
export function junitXml(suites: readonly JunitSuite[]): string {
  const suiteXml = suites.map((s) => {
    const cases = s.cases
      .map((c) => {
        const failures = c.failures.map((f) => `<failure>${escapeXml(f)}</failure>`).join('');
        const error = c.error === undefined ? '' : `<error>${escapeXml(c.error)}</error>`;
        return `<testcase name="${escapeXml(c.name)}">${failures}${error}</testcase>`;
      })
      .join('');
    // promtool records failures on the test cases only, so its suites always say failures="0".
    const attributes = `name="${escapeXml(s.name)}" tests="${s.cases.length}" failures="0" errors="${s.errorCount}" skipped="0" timestamp="${escapeXml(s.timestamp)}"`;
    return `<testsuite ${attributes}>${cases}</testsuite>`;
  });
  return `<testsuites>${suiteXml.join('')}</testsuites>`;
}
