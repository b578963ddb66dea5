/** `file_sd_configs`: targets read from JSON/YAML files matching path patterns, re-read on change and periodically. */
import { quoteGoString } from '../../model/goString.js';
import type { Fields } from '../decode.js';
import { resolveConfigPath } from '../httpClientConfig.js';
import { durationOr, fail, MINUTE, type DiscoveryConfig, type SdContext } from './sdSection.js';

export interface FileDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'file';
  readonly implemented: true;
  /** Path patterns (a `*` allowed in the last element), joined to the config directory. */
  readonly files: readonly string[];
  readonly refreshIntervalMs: number;
}

/** Prometheus's pattern for acceptable file SD paths: at most one `*`, in the last path element, and a known extension. */
const FILE_SD_NAME = /^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$/;

/** Decodes one `file_sd_configs` entry. */
export function decodeFileSdConfig(f: Fields, ctx: SdContext): FileDiscoveryConfig {
  const files = f.stringList('files') ?? [];
  const refreshIntervalMs = durationOr(f, 'refresh_interval', 5 * MINUTE);
  f.done();
  if (files.length === 0) fail(f, 'file service discovery config must contain at least one path name');
  for (const name of files) {
    if (!FILE_SD_NAME.test(name)) fail(f, `path name ${quoteGoString(name)} is not valid for file discovery`);
  }
  return { kind: 'file', implemented: true, files: files.map((p) => resolveConfigPath(ctx.configDir, p)), refreshIntervalMs };
}
