/** Runs promstream's promtool in-process and captures what it prints. */
import { join } from 'node:path';
import { runPromtool } from '../../src/promtool/commands.js';
import { memoryIO } from '../../src/promtool/io.js';
import { conformanceDir } from '../support/paths.js';

/** The promtool fixtures of the conformance corpus. */
export const fixtures = join(conformanceDir, 'promtool');

/** A fixture's path. */
export const fixture = (name: string): string => join(fixtures, name);

/** The exit code and output of one run. */
export interface PromtoolRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `promtool ARGS…` with the given standard input. */
export async function promtool(args: readonly string[], stdin = ''): Promise<PromtoolRun> {
  const io = memoryIO(stdin);
  const code = await runPromtool(args, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}
