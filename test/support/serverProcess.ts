/** Starts the built server (dist/server.js) as a child process on a free loopback port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './paths.js';
import { pollUntil } from './poll.js';

/** The built server entry: dist/server.js, or PROMSTREAM_SERVER_JS (to test a build in another directory). */
export const serverScript = process.env.PROMSTREAM_SERVER_JS ?? join(repoRoot, 'dist', 'server.js');

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  logs(): string;
  /** Resolves with the exit code once the process ended. */
  readonly exited: Promise<number | null>;
  /** Sends SIGTERM (or the given signal) and waits for the exit, killing it after a deadline. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `node dist/server.js` with the given flags (a free listen address is added unless given). */
export async function startServer(args: string[], options: { waitReady?: boolean; cwd?: string } = {}): Promise<ServerProcess> {
  let listen = args.find((a) => a.startsWith('--web.listen-address='))?.split('=')[1];
  const extra: string[] = [];
  if (!listen) {
    listen = `127.0.0.1:${await freePort()}`;
    extra.push(`--web.listen-address=${listen}`);
  }
  const child = spawn(process.execPath, [serverScript, ...args, ...extra], {
    cwd: options.cwd ?? repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://${listen}`;
  const server: ServerProcess = {
    url,
    process: child,
    logs: () => stderr,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  if (options.waitReady !== false) {
    await pollUntil(`${url}/-/ready`, async () => {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr}`);
      const res = await fetch(`${url}/-/ready`);
      return res.status === 200 ? true : undefined;
    });
  }
  return server;
}
