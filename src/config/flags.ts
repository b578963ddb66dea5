/**
 * Command-line flags with Prometheus's names, defaults and help, parsed in the manner of
 * kingpin: `--name=value` or `--name value`, booleans as `--name` / `--no-name`.
 */
import { formatDuration, parseDuration } from '../model/duration.js';
import { compileAnchoredRe2 } from '../model/re2.js';
import { parseBase2Bytes } from './units.js';

export class FlagError extends Error {}

type FlagKind = 'string' | 'bool' | 'duration' | 'int' | 'bytes' | 'enum' | 'strings' | 'regex';

interface FlagSpec {
  readonly name: string;
  readonly kind: FlagKind;
  readonly help: string;
  readonly default?: string;
  readonly choices?: readonly string[];
}

const FLAG_SPECS: readonly FlagSpec[] = [
  { name: 'config.file', kind: 'string', default: 'prometheus.yml', help: 'Prometheus configuration file path.' },
  { name: 'web.listen-address', kind: 'string', default: '0.0.0.0:9090', help: 'Address to listen on for UI, API, and telemetry.' },
  { name: 'web.external-url', kind: 'string', help: 'The URL under which Prometheus is externally reachable (for example, if Prometheus is served via a reverse proxy). Used for generating relative and absolute links back to Prometheus itself.' },
  { name: 'web.route-prefix', kind: 'string', help: 'Prefix for the internal routes of web endpoints. Defaults to path of --web.external-url.' },
  { name: 'web.config.file', kind: 'string', help: '[EXPERIMENTAL] Path to configuration file that can enable TLS or authentication.' },
  { name: 'web.cors.origin', kind: 'regex', default: '.*', help: 'Regex for CORS origin. It is fully anchored. Example: \'https?://(domain1|domain2)\\.com\'' },
  { name: 'web.enable-lifecycle', kind: 'bool', default: 'false', help: 'Enable shutdown and reload via HTTP request.' },
  { name: 'web.enable-admin-api', kind: 'bool', default: 'false', help: 'Enable API endpoints for admin control actions.' },
  { name: 'storage.tsdb.path', kind: 'string', default: 'data/', help: 'Base path for metrics storage.' },
  { name: 'storage.tsdb.retention.time', kind: 'duration', default: '15d', help: 'How long to retain samples in storage.' },
  { name: 'storage.tsdb.retention.size', kind: 'bytes', default: '0B', help: 'Maximum number of bytes that can be stored for blocks. A unit is required, supported units: B, KB, MB, GB, TB, PB, EB. Ex: "512MB". 0 means disabled.' },
  { name: 'query.lookback-delta', kind: 'duration', default: '5m', help: 'The maximum lookback duration for retrieving metrics during expression evaluations and federation.' },
  { name: 'query.timeout', kind: 'duration', default: '2m', help: 'Maximum time a query may take before being aborted.' },
  { name: 'query.max-samples', kind: 'int', default: '50000000', help: 'Maximum number of samples a single query can load into memory.' },
  { name: 'query.max-concurrency', kind: 'int', default: '20', help: 'Maximum number of queries executed concurrently.' },
  { name: 'rules.alert.for-outage-tolerance', kind: 'duration', default: '1h', help: 'Max time to tolerate prometheus outage for restoring "for" state of alert.' },
  { name: 'rules.alert.for-grace-period', kind: 'duration', default: '10m', help: 'Minimum duration between alert and restored "for" state. This is maintained only for alerts with configured "for" time greater than grace period.' },
  { name: 'rules.alert.resend-delay', kind: 'duration', default: '1m', help: 'Minimum amount of time to wait before resending an alert to Alertmanager.' },
  { name: 'alertmanager.notification-queue-capacity', kind: 'int', default: '10000', help: 'The capacity of the queue for pending Alertmanager notifications.' },
  { name: 'alertmanager.drain-notification-queue-on-shutdown', kind: 'bool', default: 'true', help: 'Send any outstanding Alertmanager notifications when shutting down. If false, any outstanding Alertmanager notifications will be dropped when shutting down.' },
  { name: 'enable-feature', kind: 'strings', help: 'Comma separated feature names to enable.' },
  { name: 'log.level', kind: 'enum', default: 'info', choices: ['debug', 'info', 'warn', 'error'], help: 'Only log messages with the given severity or above. One of: [debug, info, warn, error]' },
  { name: 'log.format', kind: 'enum', default: 'logfmt', choices: ['logfmt', 'json'], help: 'Output format of log messages. One of: [logfmt, json]' },
];

/** The parsed flags, with durations in milliseconds and sizes in bytes. */
export interface ServerFlags {
  readonly configFile: string;
  /** Whether --config.file was given explicitly (a missing default file falls back to the built-in config). */
  readonly configFileExplicit: boolean;
  readonly listenAddress: string;
  readonly externalUrl: string | undefined;
  readonly routePrefix: string | undefined;
  readonly webConfigFile: string | undefined;
  readonly corsOrigin: string;
  readonly enableLifecycle: boolean;
  readonly enableAdminApi: boolean;
  readonly tsdbPath: string;
  readonly retentionTimeMs: number;
  readonly retentionSizeBytes: number;
  readonly lookbackDeltaMs: number;
  readonly queryTimeoutMs: number;
  readonly queryMaxSamples: number;
  readonly queryMaxConcurrency: number;
  readonly enabledFeatures: readonly string[];
  readonly ruleForOutageToleranceMs: number;
  readonly ruleForGracePeriodMs: number;
  readonly ruleResendDelayMs: number;
  readonly notificationQueueCapacity: number;
  readonly drainNotificationQueueOnShutdown: boolean;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly logFormat: 'logfmt' | 'json';
  /** Every flag's effective value as text, for /api/v1/status/flags. */
  readonly all: Readonly<Record<string, string>>;
}

/** What the command line asks for: run the server, or print help or the version. */
export type CommandLine = { readonly action: 'run'; readonly flags: ServerFlags } | { readonly action: 'help' | 'version' };

function checkValue(spec: FlagSpec, value: string): void {
  try {
    switch (spec.kind) {
      case 'duration': parseDuration(value); break;
      case 'bytes': parseBase2Bytes(value); break;
      case 'regex': compileAnchoredRe2(value); break;
      case 'int': if (!/^-?\d+$/.test(value)) throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`); break;
      case 'bool': if (!['true', 'false'].includes(value)) throw new Error(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`); break;
      case 'enum': if (!spec.choices!.includes(value)) throw new Error(`enum value must be one of ${spec.choices!.join(',')}, got '${value}'`); break;
      default: break;
    }
  } catch (e) {
    throw new FlagError(`invalid value "${value}" for flag --${spec.name}: ${(e as Error).message}`);
  }
}

/** Parses argv (without node and script); throws FlagError with kingpin's wording on bad input. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const values = new Map<string, string>();
  const features: string[] = [];
  const specs = new Map(FLAG_SPECS.map((s) => [s.name, s]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { action: 'help' };
    if (arg === '--version') return { action: 'version' };
    if (!arg.startsWith('--')) throw new FlagError(`unexpected ${arg}, try --help`);
    const eq = arg.indexOf('=');
    let name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    let value: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    let spec = specs.get(name);
    if (!spec && name.startsWith('no-') && specs.get(name.slice(3))?.kind === 'bool' && value === undefined) {
      name = name.slice(3);
      spec = specs.get(name);
      value = 'false';
    }
    if (!spec) throw new FlagError(`unknown long flag '--${name}', try --help`);
    if (value === undefined) {
      if (spec.kind === 'bool') value = 'true';
      else if (i + 1 < argv.length) value = argv[++i]!;
      else throw new FlagError(`expected argument for flag '--${name}'`);
    }
    checkValue(spec, value);
    if (spec.kind === 'strings') features.push(...value.split(',').map((f) => f.trim()).filter((f) => f !== ''));
    else values.set(name, value);
  }
  const get = (name: string): string | undefined => values.get(name) ?? specs.get(name)!.default;
  const all: Record<string, string> = {};
  for (const spec of FLAG_SPECS) all[spec.name] = spec.kind === 'strings' ? features.join(',') : get(spec.name) ?? '';
  const flags: ServerFlags = {
    configFile: get('config.file')!,
    configFileExplicit: values.has('config.file'),
    listenAddress: get('web.listen-address')!,
    externalUrl: get('web.external-url'),
    routePrefix: get('web.route-prefix'),
    webConfigFile: get('web.config.file'),
    corsOrigin: get('web.cors.origin')!,
    enableLifecycle: get('web.enable-lifecycle') === 'true',
    enableAdminApi: get('web.enable-admin-api') === 'true',
    tsdbPath: get('storage.tsdb.path')!,
    retentionTimeMs: parseDuration(get('storage.tsdb.retention.time')!),
    retentionSizeBytes: parseBase2Bytes(get('storage.tsdb.retention.size')!),
    lookbackDeltaMs: parseDuration(get('query.lookback-delta')!),
    queryTimeoutMs: parseDuration(get('query.timeout')!),
    queryMaxSamples: Number(get('query.max-samples')),
    queryMaxConcurrency: Number(get('query.max-concurrency')),
    enabledFeatures: features,
    ruleForOutageToleranceMs: parseDuration(get('rules.alert.for-outage-tolerance')!),
    ruleForGracePeriodMs: parseDuration(get('rules.alert.for-grace-period')!),
    ruleResendDelayMs: parseDuration(get('rules.alert.resend-delay')!),
    notificationQueueCapacity: Number(get('alertmanager.notification-queue-capacity')),
    drainNotificationQueueOnShutdown: get('alertmanager.drain-notification-queue-on-shutdown') === 'true',
    logLevel: get('log.level') as ServerFlags['logLevel'],
    logFormat: get('log.format') as ServerFlags['logFormat'],
    all,
  };
  if (flags.queryMaxConcurrency < 1) throw new FlagError(`invalid value "${flags.queryMaxConcurrency}" for flag --query.max-concurrency: must be at least 1`);
  return { action: 'run', flags };
}

/** The --help text. */
export function helpText(program: string): string {
  const lines = [`usage: ${program} [<flags>]`, '', 'The Prometheus-compatible monitoring server', '', 'Flags:', '  -h, --help                 Show context-sensitive help.', '      --version              Show application version.'];
  for (const spec of FLAG_SPECS) {
    const head = spec.kind === 'bool' ? `--[no-]${spec.name}` : `--${spec.name}=${spec.kind === 'strings' ? 'FEATURE' : 'VALUE'}`;
    const def = spec.default !== undefined && spec.kind !== 'bool' ? ` (default: ${spec.kind === 'duration' ? formatDuration(parseDuration(spec.default)) : spec.default})` : '';
    lines.push(`      ${head}`, `          ${spec.help}${def}`);
  }
  return lines.join('\n') + '\n';
}
