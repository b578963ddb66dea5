/**
 * Command-line parsing in the manner of kingpin, which promtool uses: a command path
 * (`check rules`), flags anywhere after the program name (`--lint=none`, `--lint none`,
 * `--no-lint-fatal`), positional arguments, and kingpin's error texts
 * (`expected command but got "x"`, `path 'x' does not exist`), each followed by `, try --help`.
 */
import { statSync } from 'node:fs';

/** A flag a command accepts. */
export interface FlagSpec {
  readonly name: string;
  readonly kind: 'bool' | 'string' | 'strings' | 'duration';
  readonly default?: string;
  readonly help: string;
  /** A one-letter alias (`-o json` for `--format=json`). */
  readonly short?: string;
}

/** A command: its words, flags, and positional arguments. */
export interface CommandSpec {
  readonly path: readonly string[];
  readonly help: string;
  readonly flags: readonly FlagSpec[];
  readonly args?: { readonly name: string; readonly required: boolean; readonly existingFiles: boolean };
  /** Required single arguments, in order (`<server> <expr>`); used instead of `args`. */
  readonly positional?: readonly string[];
}

/** What the command line asked for. */
export interface ParsedArgs {
  readonly command: CommandSpec;
  readonly flags: ReadonlyMap<string, string | boolean | readonly string[] | number>;
  readonly args: readonly string[];
}

/** A command line kingpin would refuse. */
export class UsageError extends Error {}

/** The outcome of parsing: a command to run, or a request for help or the version. */
export type ParseResult = { readonly kind: 'command'; readonly parsed: ParsedArgs } | { readonly kind: 'help'; readonly command?: CommandSpec } | { readonly kind: 'version' };

const GO_DURATION = /^([0-9]*(?:\.[0-9]*)?)(ns|us|µs|ms|s|m|h)/;
const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, in milliseconds. */
export function parseGoDuration(text: string): number {
  const fail = (): never => {
    throw new UsageError(`time: invalid duration ${JSON.stringify(text)}`);
  };
  let s = text;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') fail();
  let ms = 0;
  while (s !== '') {
    const m = GO_DURATION.exec(s);
    if (m === null || m[1] === '' || m[1] === '.') fail();
    ms += Number(m![1]) * UNIT_MS[m![2]!]!;
    s = s.slice(m![0].length);
  }
  return sign * ms;
}

function findCommand(commands: readonly CommandSpec[], words: readonly string[]): CommandSpec | undefined {
  return commands.find((c) => c.path.length === words.length && c.path.every((w, i) => w === words[i]));
}

function isPrefix(commands: readonly CommandSpec[], words: readonly string[]): boolean {
  return commands.some((c) => c.path.length > words.length && words.every((w, i) => c.path[i] === w));
}

/** Parses argv (without the program name) against the commands and the global flags. */
export function parseArgs(argv: readonly string[], commands: readonly CommandSpec[], globalFlags: readonly FlagSpec[]): ParseResult {
  const words: string[] = [];
  const positional: string[] = [];
  const raw: Array<{ name: string; value: string | undefined }> = [];
  let command: CommandSpec | undefined;
  let flagsDone = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (!flagsDone && token === '--') {
      flagsDone = true;
      continue;
    }
    if (!flagsDone && token.startsWith('-') && token !== '-') {
      if (token === '-h' || token === '--help') return { kind: 'help', command };
      if (token === '--version') return { kind: 'version' };
      const allFlags = [...globalFlags, ...commands.flatMap((c) => c.flags)];
      let name: string;
      let value: string | undefined;
      if (token.startsWith('--')) {
        const eq = token.indexOf('=');
        name = eq < 0 ? token.slice(2) : token.slice(2, eq);
        value = eq < 0 ? undefined : token.slice(eq + 1);
      } else {
        const short = allFlags.find((f) => f.short !== undefined && f.short === token[1]);
        if (short === undefined) throw new UsageError(`unknown short flag '${token.slice(0, 2)}'`);
        name = short.name;
        value = token.length > 2 ? token.slice(2) : undefined;
      }
      const spec = allFlags.find((f) => f.name === name || (f.kind === 'bool' && `no-${f.name}` === name));
      if (spec !== undefined && spec.kind !== 'bool' && value === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`expected argument for flag '--${name}'`);
        value = argv[++i];
      }
      raw.push({ name, value });
      continue;
    }
    if (command === undefined) {
      const next = [...words, token];
      const exact = findCommand(commands, next);
      if (exact !== undefined && !isPrefix(commands, next)) command = exact;
      else if (isPrefix(commands, next)) words.push(token);
      else throw new UsageError(`expected command but got ${JSON.stringify(token)}`);
      continue;
    }
    positional.push(token);
  }
  if (command === undefined) throw new UsageError(words.length === 0 ? 'command not specified' : `expected command but got none after "${words.join(' ')}"`);
  const allowed = [...globalFlags, ...command.flags];
  const flags = new Map<string, string | boolean | readonly string[] | number>();
  for (const f of allowed) {
    if (f.kind === 'bool') flags.set(f.name, f.default === 'true');
    else if (f.kind === 'strings') flags.set(f.name, f.default === undefined || f.default === '' ? [] : [f.default]);
    else if (f.kind === 'duration') flags.set(f.name, parseGoDuration(f.default ?? '0'));
    else flags.set(f.name, f.default ?? '');
  }
  const given = new Set<string>();
  for (const { name, value } of raw) {
    const negated = name.startsWith('no-') && allowed.some((f) => f.kind === 'bool' && f.name === name.slice(3));
    const spec = allowed.find((f) => f.name === (negated ? name.slice(3) : name));
    if (spec === undefined) throw new UsageError(`unknown long flag '--${name}'`);
    if (spec.kind === 'bool') {
      if (value !== undefined) throw new UsageError(`unexpected ${value}`);
      flags.set(spec.name, !negated);
    } else if (spec.kind === 'strings') {
      flags.set(spec.name, [...(given.has(spec.name) ? (flags.get(spec.name) as string[]) : []), value!]);
    } else if (spec.kind === 'duration') {
      flags.set(spec.name, parseGoDuration(value!));
    } else {
      flags.set(spec.name, value!);
    }
    given.add(spec.name);
  }
  const named = command.positional;
  if (named !== undefined) {
    if (positional.length < named.length) throw new UsageError(`required argument '${named[positional.length]}' not provided`);
    if (positional.length > named.length) throw new UsageError(`unexpected ${positional[named.length]}`);
    return { kind: 'command', parsed: { command, flags, args: positional } };
  }
  const argSpec = command.args;
  if (argSpec === undefined && positional.length > 0) throw new UsageError(`unexpected ${positional[0]}`);
  if (argSpec?.required && positional.length === 0) throw new UsageError(`required argument '${argSpec.name}' not provided`);
  if (argSpec?.existingFiles) {
    for (const path of positional) {
      let isDir: boolean;
      try {
        isDir = statSync(path).isDirectory();
      } catch {
        throw new UsageError(`path '${path}' does not exist`);
      }
      if (isDir) throw new UsageError(`'${path}' is a directory`);
    }
  }
  return { kind: 'command', parsed: { command, flags, args: positional } };
}

/** kingpin-style usage text for the commands. */
export function usage(program: string, commands: readonly CommandSpec[], globalFlags: readonly FlagSpec[], command?: CommandSpec): string {
  const flagLines = (flags: readonly FlagSpec[]): string =>
    flags.map((f) => `  ${f.short !== undefined ? `-${f.short}, ` : ''}--${f.name}${f.kind === 'bool' ? '' : '=' + (f.kind === 'duration' ? 'DURATION' : 'VALUE')}\n      ${f.help}\n`).join('');
  if (command !== undefined) {
    const arg = command.positional
      ? command.positional.map((p) => ` <${p}>`).join('')
      : command.args
        ? ` ${command.args.required ? '' : '['}<${command.args.name}>...${command.args.required ? '' : ']'}`
        : '';
    return `usage: ${program} ${command.path.join(' ')} [<flags>]${arg}\n\n${command.help}\n\nFlags:\n${flagLines([...globalFlags, ...command.flags])}`;
  }
  const lines = commands.map((c) => `  ${c.path.join(' ')}\n    ${c.help}\n`).join('\n');
  return `usage: ${program} [<flags>] <command> [<args> ...]\n\nTooling for the Prometheus monitoring system.\n\nFlags:\n  -h, --help\n      Show context-sensitive help.\n  --version\n      Show application version.\n${flagLines(globalFlags)}\nCommands:\n${lines}`;
}
