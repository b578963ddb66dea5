/**
 * The dns_sd_configs provider: every refresh_interval each name is looked up (SRV by default, or
 * A, AAAA, MX, NS with the configured port) and becomes one group sourced by the name, with
 * Prometheus's `__meta_dns_*` labels. A name that does not exist (NXDOMAIN) or has no records
 * gives an empty group; a lookup that fails (timeout, SERVFAIL, refused) is logged and counted
 * and keeps that name's last group.
 */
import { Resolver } from 'node:dns/promises';
import { catchError, defer, finalize, forkJoin, from, map, of, tap, type Observable } from 'rxjs';
import type { DnsDiscoveryConfig } from '../../config/discovery/index.js';
import type { LabelSet } from '../../model/labels.js';
import type { TargetGroup } from '../../model/targetGroup.js';
import { errorText, providerLogger, type DnsResolverLike, type ProviderDeps } from './discoveryDeps.js';
import { discoveryMetrics, type DiscoveryMetrics } from './discoveryMetrics.js';
import { refreshDiscovery } from './refreshDiscovery.js';

/** The name that was looked up. */
export const DNS_NAME_LABEL = '__meta_dns_name';
/** An SRV record's target host, rooted (`host.example.`); empty for other record types. */
export const DNS_SRV_RECORD_TARGET_LABEL = '__meta_dns_srv_record_target';
/** An SRV record's port; empty for other record types. */
export const DNS_SRV_RECORD_PORT_LABEL = '__meta_dns_srv_record_port';
/** An MX record's exchange host, rooted; empty for other record types. */
export const DNS_MX_RECORD_TARGET_LABEL = '__meta_dns_mx_record_target';
/** An NS record's name server, rooted; empty for other record types. */
export const DNS_NS_RECORD_TARGET_LABEL = '__meta_dns_ns_record_target';

/** Answers that mean "this name has no such records", which is a successful, empty lookup. */
const EMPTY_ANSWER_CODES = new Set(['ENOTFOUND', 'ENODATA']);

/** The system resolver with resolv.conf's default patience (5 s, 2 attempts) rather than c-ares' 4. */
function systemResolver(): DnsResolverLike {
  return new Resolver({ timeout: 5000, tries: 2 });
}

/** The groups of a dns_sd config: one per name, refreshed every interval. */
export function dnsDiscovery(config: DnsDiscoveryConfig, deps: ProviderDeps): Observable<readonly TargetGroup[]> {
  return defer(() => {
    const resolver = (deps.dnsResolver ?? systemResolver)();
    const logger = providerLogger(deps, 'dns');
    const metrics = discoveryMetrics(deps.registry);
    const refresh = (): Observable<readonly TargetGroup[]> =>
      forkJoin(
        config.names.map((name) =>
          lookupGroup(name, config, resolver, metrics).pipe(
            map((group) => [group]),
            catchError((e: unknown) => {
              logger.error({ name, err: errorText(e) }, 'Error refreshing DNS targets');
              return of([]);
            }),
          ),
        ),
      ).pipe(map((groups) => groups.flat()));
    return refreshDiscovery({ mechanism: 'dns', intervalMs: config.refreshIntervalMs, refresh }, deps).pipe(
      finalize(() => resolver.cancel?.()),
    );
  });
}

/** Looks one name up and builds its group; errors only when the lookup itself failed. */
function lookupGroup(
  name: string, config: DnsDiscoveryConfig, resolver: DnsResolverLike, metrics: DiscoveryMetrics,
): Observable<TargetGroup> {
  return defer(() => {
    metrics.dnsLookups.inc();
    return from(lookupTargets(name, config, resolver));
  }).pipe(
    catchError((e: unknown) => {
      if (EMPTY_ANSWER_CODES.has((e as { code?: string }).code ?? '')) return of([]);
      metrics.dnsLookupFailures.inc();
      throw lookupError(name, config.type, e);
    }),
    map((targets) => ({ source: name, targets, labels: {} })),
  );
}

/** The targets of one name's records. */
function lookupTargets(name: string, config: DnsDiscoveryConfig, resolver: DnsResolverLike): Observable<LabelSet[]> {
  const target = (address: string, extra: Record<string, string>): LabelSet => ({
    __address__: address,
    [DNS_NAME_LABEL]: name,
    [DNS_SRV_RECORD_TARGET_LABEL]: '',
    [DNS_SRV_RECORD_PORT_LABEL]: '',
    [DNS_MX_RECORD_TARGET_LABEL]: '',
    [DNS_NS_RECORD_TARGET_LABEL]: '',
    ...extra,
  });
  switch (config.type) {
    case 'SRV':
      return from(resolver.resolveSrv(name)).pipe(
        map((records) =>
          records.map((r) =>
            target(joinHostPort(unrooted(r.name), r.port), {
              [DNS_SRV_RECORD_TARGET_LABEL]: rooted(r.name),
              [DNS_SRV_RECORD_PORT_LABEL]: String(r.port),
            }),
          ),
        ),
      );
    case 'MX':
      return from(resolver.resolveMx(name)).pipe(
        map((records) =>
          records.map((r) => target(joinHostPort(unrooted(r.exchange), config.port), { [DNS_MX_RECORD_TARGET_LABEL]: rooted(r.exchange) })),
        ),
      );
    case 'NS':
      return from(resolver.resolveNs(name)).pipe(
        map((records) => records.map((ns) => target(joinHostPort(unrooted(ns), config.port), { [DNS_NS_RECORD_TARGET_LABEL]: rooted(ns) }))),
      );
    case 'A':
      return from(resolver.resolve4(name)).pipe(map((addresses) => addresses.map((a) => target(joinHostPort(a, config.port), {}))));
    case 'AAAA':
      return from(resolver.resolve6(name)).pipe(map((addresses) => addresses.map((a) => target(joinHostPort(a, config.port), {}))));
  }
}

// Prometheus's meta labels carry names as DNS returns them, rooted with a final dot (node strips
// it); the address drops the dot "to make them look more usual".
function rooted(host: string): string {
  return host.endsWith('.') ? host : `${host}.`;
}

function unrooted(host: string): string {
  return host.replace(/\.+$/, '');
}

/** Go's net.JoinHostPort: IPv6 literals in brackets. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A lookup failure that names the query, since node's messages only carry the code. */
function lookupError(name: string, type: string, e: unknown): Error {
  const code = (e as { code?: string }).code;
  const message = errorText(e);
  const detail = code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
  return new Error(`could not resolve ${JSON.stringify(name)} (${type}): ${detail}`);
}
