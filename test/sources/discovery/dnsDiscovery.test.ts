/**
 * dns_sd against a real DNS server: dnsmasq (Debian package `dnsmasq`) started on a free loopback
 * port with a small zone, and node's resolver pointed at it. Skips when dnsmasq is not installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import type { DnsDiscoveryConfig } from '../../../src/config/discovery/index.js';
import type { LabelSet } from '../../../src/model/labels.js';
import { dnsDiscovery } from '../../../src/sources/discovery/dnsDiscovery.js';
import { pollUntil } from '../../support/poll.js';
import { decodeOne } from '../../config/discovery/sectionDecoding.js';
import { captureLogger, follow } from './discoveryTestSupport.js';

/** dnsmasq lives in sbin, which is not on every user's PATH. */
function findDnsmasq(): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/local/sbin'];
  return dirs.map((d) => join(d, 'dnsmasq')).find((p) => existsSync(p));
}

const dnsmasq = findDnsmasq();
const skip = dnsmasq === undefined ? 'dnsmasq is not installed (Debian package "dnsmasq"; .ci/run installs it)' : false;

/** The zone: example.test answers locally (NXDOMAIN for unknown names); other domains are refused. */
const ZONE = [
  '--srv-host=_metrics._tcp.example.test,web1.example.test,9100,10,5',
  '--srv-host=_metrics._tcp.example.test,web2.example.test,9200,20,5',
  '--host-record=web1.example.test,127.0.0.11,fd00::11',
  '--host-record=web2.example.test,127.0.0.12',
  '--mx-host=example.test,mail.example.test,10',
  '--auth-zone=example.test',
  '--auth-server=ns1.example.test,127.0.0.1',
  '--local=/example.test/',
];

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

function resolverFor(port: number): Resolver {
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  return resolver;
}

/** Starts dnsmasq on a free port and waits until it answers; retries when the port was taken meanwhile. */
async function startDnsmasq(binary: string): Promise<{ port: number; child: ChildProcess }> {
  for (let attempt = 0; ; attempt++) {
    const port = await freeUdpPort();
    const child = spawn(binary, [
      '--keep-in-foreground', '--conf-file=/dev/null', '--no-resolv', '--no-hosts', `--port=${port}`,
      '--listen-address=127.0.0.1', '--bind-interfaces', '--pid-file=', ...ZONE,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let exited = false;
    child.once('exit', () => (exited = true));
    const deadline = Date.now() + 10_000;
    while (!exited && Date.now() < deadline) {
      try {
        await resolverFor(port).resolve4('web1.example.test');
        return { port, child };
      } catch {
        await sleep(50);
      }
    }
    child.kill();
    if (attempt >= 4) throw new Error(`dnsmasq did not start: ${stderr.trim()}`);
  }
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

const byAddress = (targets: readonly LabelSet[]): LabelSet[] => [...targets].sort((a, b) => (a['__address__']! < b['__address__']! ? -1 : 1));

test('dns_sd against dnsmasq on loopback', { skip }, async (t) => {
  const { port, child } = await startDnsmasq(dnsmasq!);
  t.after(async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  });

  const discover = (yaml: string, registry?: Registry) => {
    const { logger, lines } = captureLogger();
    const config = decodeOne<DnsDiscoveryConfig>(`dns_sd_configs: [${yaml}]\n`, 'dns');
    const followed = follow(dnsDiscovery(config, { logger, setName: 'job', registry, dnsResolver: () => resolverFor(port) }));
    t.after(() => followed.subscription.unsubscribe());
    return { latest: followed.latest, lines };
  };
  const firstUpdate = (latest: () => ReturnType<ReturnType<typeof follow>['latest']>) => pollUntil('the first update', latest);

  await t.test('SRV records: targets on their own ports, rooted record names in the meta labels', async () => {
    const name = '_metrics._tcp.example.test';
    const groups = await firstUpdate(discover(`{names: ["${name}"]}`).latest);
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.source, name);
    assert.deepEqual(byAddress(groups[0]!.targets), [
      target('web1.example.test:9100', name, { __meta_dns_srv_record_target: 'web1.example.test.', __meta_dns_srv_record_port: '9100' }),
      target('web2.example.test:9200', name, { __meta_dns_srv_record_target: 'web2.example.test.', __meta_dns_srv_record_port: '9200' }),
    ]);
  });

  await t.test('A and AAAA records with the configured port', async () => {
    const a = await firstUpdate(discover('{names: [web1.example.test], type: A, port: 9100}').latest);
    assert.deepEqual(a[0]!.targets, [target('127.0.0.11:9100', 'web1.example.test')]);
    const aaaa = await firstUpdate(discover('{names: [web1.example.test], type: AAAA, port: 9100}').latest);
    assert.deepEqual(aaaa[0]!.targets, [target('[fd00::11]:9100', 'web1.example.test')]);
  });

  await t.test('MX and NS records', async () => {
    const mx = await firstUpdate(discover('{names: [example.test], type: MX, port: 25}').latest);
    assert.deepEqual(mx[0]!.targets, [target('mail.example.test:25', 'example.test', { __meta_dns_mx_record_target: 'mail.example.test.' })]);
    const ns = await firstUpdate(discover('{names: [example.test], type: NS, port: 9100}').latest);
    assert.deepEqual(ns[0]!.targets, [target('ns1.example.test:9100', 'example.test', { __meta_dns_ns_record_target: 'ns1.example.test.' })]);
  });

  await t.test('an unknown name has no targets; a refused lookup is logged and counted, the other names still resolve', async () => {
    const registry = new Registry();
    const { latest, lines } = discover('{names: [web2.example.test, nope.example.test, x.other.test], type: A, port: 80}', registry);
    const groups = await firstUpdate(latest);
    // The manager keeps no empty groups: only web2's group is left.
    assert.deepEqual(groups, [{ source: 'web2.example.test', labels: {}, targets: [target('127.0.0.12:80', 'web2.example.test')] }]);
    const failures = lines.filter((l) => l['msg'] === 'Error refreshing DNS targets');
    assert.deepEqual(failures.map((l) => l['name']), ['x.other.test']);
    assert.match(String(failures[0]!['err']), /x\.other\.test.*REFUSED/);
    const metrics = await registry.metrics();
    assert.match(metrics, /prometheus_sd_dns_lookups_total 3/);
    assert.match(metrics, /prometheus_sd_dns_lookup_failures_total 1/);
  });
});
