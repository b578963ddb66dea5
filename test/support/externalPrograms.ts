/** Programs from Debian's packages that some tests run beside promstream (installed by .ci/run). */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { pollUntil } from './poll.js';

/** The path of an installed program, or undefined (tests then skip with a message). */
export function findProgram(...names: string[]): string | undefined {
  for (const name of names) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() !== '') return r.stdout.trim();
  }
  return undefined;
}

export interface RunningProgram {
  readonly process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts a program and waits until `readyUrl` answers 200 (killing it on failure). */
export async function startProgram(path: string, args: string[], readyUrl: string): Promise<RunningProgram> {
  const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const program: RunningProgram = {
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  try {
    await pollUntil(`${path} to answer ${readyUrl}`, async () => {
      if (child.exitCode !== null) throw new Error(`${path} exited with ${child.exitCode}: ${output}`);
      return (await fetch(readyUrl)).status === 200 ? true : undefined;
    }, 30_000);
  } catch (e) {
    await program.stop();
    throw e;
  }
  return program;
}
