/**
 * Where promtool writes and reads. Commands take this instead of touching process streams, so
 * tests can run them in-process and compare the exact text promtool users see.
 */

/** promtool's exit codes. */
export const EXIT_SUCCESS = 0;
/** An error (bad file, bad arguments). */
export const EXIT_FAILURE = 1;
/** A lint problem made fatal with --lint-fatal. */
export const EXIT_LINT = 3;

/** Standard output, standard error and standard input of one promtool run. */
export interface PromtoolIO {
  /** Writes text to standard output as is. */
  readonly out: (text: string) => void;
  /** Writes text to standard error as is. */
  readonly err: (text: string) => void;
  /** Reads all of standard input. */
  readonly readStdin: () => Promise<string>;
}

/** fmt.Println to stdout: arguments joined by spaces, then a newline. */
export function println(io: PromtoolIO, ...parts: string[]): void {
  io.out(parts.join(' ') + '\n');
}

/** fmt.Fprintln(os.Stderr, …). */
export function eprintln(io: PromtoolIO, ...parts: string[]): void {
  io.err(parts.join(' ') + '\n');
}

/** The real process streams. */
export function processIO(): PromtoolIO {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** An in-memory IO for tests: what was written, and a fixed stdin. */
export function memoryIO(stdin = ''): PromtoolIO & { readonly stdout: () => string; readonly stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => (out += t),
    err: (t) => (err += t),
    readStdin: async () => stdin,
    stdout: () => out,
    stderr: () => err,
  };
}
