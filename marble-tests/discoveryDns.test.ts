import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { defer, of, throwError, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { DnsDiscoveryConfig } from '../src/config/discovery/index.js';
import type { LabelSet } from '../src/model/labels.js';
import type { DnsResolverLike } from '../src/sources/discovery/discoveryDeps.js';
import { dnsDiscovery } from '../src/sources/discovery/dnsDiscovery.js';
import { silentLogger } from '../src/telemetry/logger.js';
import { decodeOne } from '../test/config/discovery/sectionDecoding.js';

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
}

function config(yaml: string): DnsDiscoveryConfig {
  return decodeOne<DnsDiscoveryConfig>(`dns_sd_configs: [${yaml}]\n`, 'dns');
}

/** An error as node's resolver raises it. */
function dnsError(code: string): Error {
  return Object.assign(new Error(`query ${code}`), { code });
}

type Answers = Record<string, Array<() => Observable<unknown>>>;

/** A resolver answering each query of `<type> <name>` with the next scripted answer. */
function scriptedResolver(answers: Answers): { resolver: () => DnsResolverLike; cancelled: () => boolean } {
  let cancelled = false;
  const answer = <T>(type: string, name: string): Observable<T> =>
    defer(() => {
      const next = answers[`${type} ${name}`]?.shift();
      if (next === undefined) throw new Error(`unexpected query ${type} ${name}`);
      return next() as Observable<T>;
    });
  const resolver: DnsResolverLike = {
    resolveSrv: (name) => answer('SRV', name),
    resolve4: (name) => answer('A', name),
    resolve6: (name) => answer('AAAA', name),
    resolveMx: (name) => answer('MX', name),
    resolveNs: (name) => answer('NS', name),
    cancel: () => {
      cancelled = true;
    },
  };
  return { resolver: () => resolver, cancelled: () => cancelled };
}

function target(address: string, name: string, meta: Record<string, string> = {}): LabelSet {
  return {
    __address__: address,
    __meta_dns_name: name,
    __meta_dns_srv_record_target: '',
    __meta_dns_srv_record_port: '',
    __meta_dns_mx_record_target: '',
    __meta_dns_ns_record_target: '',
    ...meta,
  };
}

test('SRV records become targets with their own ports and the record labels, one group per name', () => {
  scheduler().run(({ expectObservable }) => {
    const srv = '_metrics._tcp.example.test';
    const { resolver } = scriptedResolver({
      [`SRV ${srv}`]: [() => of([{ name: 'web1.example.test', port: 9100, priority: 10, weight: 5 }, { name: 'web2.example.test', port: 9200 }])],
    });
    const out = dnsDiscovery(config(`{names: ["${srv}"]}`), { logger: silentLogger(), setName: 'job', dnsResolver: resolver });
    expectObservable(out, '^ 10s !').toBe('x', {
      x: [
        {
          source: srv,
          labels: {},
          targets: [
            target('web1.example.test:9100', srv, { __meta_dns_srv_record_target: 'web1.example.test.', __meta_dns_srv_record_port: '9100' }),
            target('web2.example.test:9200', srv, { __meta_dns_srv_record_target: 'web2.example.test.', __meta_dns_srv_record_port: '9200' }),
          ],
        },
      ],
    });
  });
});

test('A, AAAA, MX and NS records take the configured port; IPv6 addresses are bracketed', () => {
  scheduler().run(({ expectObservable }) => {
    const { resolver } = scriptedResolver({
      'A a.test': [() => of(['10.0.0.1', '10.0.0.2'])],
      'AAAA a.test': [() => of(['fd00::1'])],
      'MX example.test': [() => of([{ exchange: 'mail.example.test', priority: 10 }])],
      'NS example.test': [() => of(['ns1.example.test'])],
    });
    const deps = { logger: silentLogger(), setName: 'job', dnsResolver: resolver };
    const one = (yaml: string) => dnsDiscovery(config(yaml), deps);
    expectObservable(one('{names: [a.test], type: A, port: 9100}'), '^ 1s !').toBe('x', {
      x: [{ source: 'a.test', labels: {}, targets: [target('10.0.0.1:9100', 'a.test'), target('10.0.0.2:9100', 'a.test')] }],
    });
    expectObservable(one('{names: [a.test], type: AAAA, port: 9100}'), '^ 1s !').toBe('x', {
      x: [{ source: 'a.test', labels: {}, targets: [target('[fd00::1]:9100', 'a.test')] }],
    });
    expectObservable(one('{names: [example.test], type: mx, port: 25}'), '^ 1s !').toBe('x', {
      x: [{ source: 'example.test', labels: {}, targets: [target('mail.example.test:25', 'example.test', { __meta_dns_mx_record_target: 'mail.example.test.' })] }],
    });
    expectObservable(one('{names: [example.test], type: NS, port: 53}'), '^ 1s !').toBe('x', {
      x: [{ source: 'example.test', labels: {}, targets: [target('ns1.example.test:53', 'example.test', { __meta_dns_ns_record_target: 'ns1.example.test.' })] }],
    });
  });
});

test('a name that does not exist empties its group; a failed lookup keeps that name\'s last group', async () => {
  const registry = new Registry();
  const ts = scheduler();
  const { resolver, cancelled } = scriptedResolver({
    'A a.test': [() => of(['10.0.0.1']), () => throwError(() => dnsError('ETIMEOUT')), () => of(['10.0.0.2'])],
    'A b.test': [() => of(['10.0.0.9']), () => of(['10.0.0.9']), () => throwError(() => dnsError('ENOTFOUND'))],
  });
  ts.run(({ expectObservable }) => {
    const out = dnsDiscovery(config('{names: [a.test, b.test], type: A, port: 80, refresh_interval: 30s}'), {
      logger: silentLogger(), setName: 'job', dnsResolver: resolver, registry,
    });
    const group = (name: string, ...addresses: string[]) => ({ source: name, labels: {}, targets: addresses.map((a) => target(`${a}:80`, name)) });
    // At 30 s a.test times out: only b.test's group is sent, so a.test's group stays as it was.
    expectObservable(out, '^ 61s !').toBe('x 29999ms y 29999ms z', {
      x: [group('a.test', '10.0.0.1'), group('b.test', '10.0.0.9')],
      y: [group('b.test', '10.0.0.9')],
      z: [group('a.test', '10.0.0.2'), group('b.test')],
    });
  });
  assert.ok(cancelled(), 'outstanding queries are cancelled when the provider stops');
  const text = await registry.metrics();
  assert.match(text, /prometheus_sd_dns_lookups_total 6/);
  assert.match(text, /prometheus_sd_dns_lookup_failures_total 1/);
  // A failing name does not fail the refresh, as in Prometheus.
  assert.match(text, /prometheus_sd_refresh_failures_total\{mechanism="dns",config="job"\} 0/);
});
