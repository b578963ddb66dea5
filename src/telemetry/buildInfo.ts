/** Version facts reported by --version, prometheus_build_info and /api/v1/status/buildinfo. */
import { readFileSync } from 'node:fs';

function packageVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return manifest.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export const BUILD_INFO = {
  version: packageVersion(),
  revision: process.env.PROMSTREAM_REVISION ?? 'unknown',
  branch: process.env.PROMSTREAM_BRANCH ?? 'unknown',
  runtimeVersion: `node${process.versions.node}`,
} as const;
