/** Locations tests need: the repository root and the shared conformance corpus beside it. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'promstream') return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** The promstream checkout. */
export const repoRoot = findRepoRoot();

/** Upstream Prometheus's conformance fixtures (read in place, never copied). */
export const conformanceDir = resolve(repoRoot, '..', 'shared', 'conformance');

/** Whether the conformance corpus is present; suites skip with a message when it is not. */
export const hasConformance = existsSync(conformanceDir);
