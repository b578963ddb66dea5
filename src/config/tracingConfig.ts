/** The `tracing` section: where Prometheus sends its own OpenTelemetry traces (gRPC by default). */
import type { Fields } from './decode.js';
import { decodeTlsConfig, type TlsConfig } from './httpClientConfig.js';
import { decodeRemoteHeaders } from './remoteHeaders.js';

export interface TracingConfig {
  readonly clientType: 'grpc' | 'http';
  readonly endpoint: string;
  readonly samplingFraction: number;
  readonly insecure: boolean;
  readonly tlsConfig: TlsConfig;
  readonly headers: Readonly<Record<string, string>>;
  /** '' or 'gzip'. */
  readonly compression: string;
  /** 0 means the exporter's default. */
  readonly timeoutMs: number;
}

/** Decodes the tracing section; undefined when absent or null (tracing off). */
export function decodeTracingConfig(f: Fields | undefined, configDir: string): TracingConfig | undefined {
  if (f === undefined) return undefined;
  const clientType = f.stringOr('client_type', 'grpc');
  if (clientType !== 'grpc' && clientType !== 'http') {
    throw f.error(f.node_('client_type'), `expected tracing client type to be to be http or grpc, but got ${clientType}`);
  }
  const config: TracingConfig = {
    clientType,
    endpoint: f.string('endpoint') ?? '',
    samplingFraction: f.number('sampling_fraction') ?? 0,
    insecure: f.bool('insecure') ?? false,
    tlsConfig: decodeTlsConfig(f, configDir),
    headers: decodeRemoteHeaders(f, 'custom authorization header configuration is not yet supported'),
    compression: f.string('compression') ?? '',
    timeoutMs: f.duration('timeout') ?? 0,
  };
  f.done();
  if (config.endpoint === '') throw f.error(f.node, 'tracing endpoint must be set');
  if (config.compression !== '' && config.compression !== 'gzip') {
    throw f.error(f.node_('compression'), `invalid compression type ${config.compression} provided, valid options: gzip`);
  }
  return config;
}
