/** promstream's own metrics registry, exposed on /metrics in the text format. */
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { BUILD_INFO } from './buildInfo.js';

/** Creates a registry with process_*, nodejs_* and prometheus_build_info already registered. */
export function createSelfMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const buildInfo = new Gauge({
    name: 'prometheus_build_info',
    help: 'A metric with a constant \'1\' value labeled by version, revision, branch, goversion from which prometheus was built, and the goos and goarch for the build.',
    labelNames: ['version', 'revision', 'branch', 'goversion', 'goos', 'goarch', 'tags'],
    registers: [registry],
  });
  buildInfo.set(
    {
      version: BUILD_INFO.version,
      revision: BUILD_INFO.revision,
      branch: BUILD_INFO.branch,
      goversion: BUILD_INFO.runtimeVersion,
      goos: process.platform,
      goarch: process.arch,
      tags: 'promstream',
    },
    1,
  );
  return registry;
}
