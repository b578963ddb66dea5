/** Starts Debian's Prometheus (2.42) on an existing data directory, for side-by-side benchmarks. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PrometheusOnData {
  readonly baseUrl: string;
  stop(): Promise<void>;
}

/** Runs Prometheus on `dataDir` (empty config, retention long enough to keep old data) and waits until it is ready. */
export async function startPrometheusOnData(dataDir: string): Promise<PrometheusOnData> {
  const config = join(dataDir, '..', 'empty.yml');
  writeFileSync(config, 'global: {}\n');
  const port = 19000 + Math.floor(Math.random() * 1000);
  const child = spawn('prometheus', [`--storage.tsdb.path=${dataDir}`, `--web.listen-address=127.0.0.1:${port}`, '--storage.tsdb.retention.time=100y', `--config.file=${config}`], { stdio: 'ignore' });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${baseUrl}/-/ready`)).status === 200) return { baseUrl, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`Prometheus on ${dataDir} never became ready`);
}
