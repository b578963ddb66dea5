import { test } from 'node:test';
import assert from 'node:assert/strict';
import { map, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { DiscoveryConfig } from '../src/config/discovery/index.js';
import type { TargetGroup } from '../src/model/targetGroup.js';
import { discoverTargets } from '../src/streams/scrape.js';
import type { ScrapeJob } from '../src/streams/scrapeJob.js';
import { scrapeJobOf } from '../src/streams/scrapeJobs.js';
import { parseConfig } from '../src/config/config.js';

/** Jobs from a config text: `a` and `b` with static targets, `b`'s scrape interval as given. */
function jobsOf(bInterval: string, bTarget = 'b:1'): ScrapeJob[] {
  const config = parseConfig(
    `scrape_configs:
  - job_name: a
    static_configs: [{ targets: ['a:1'] }]
  - job_name: b
    scrape_interval: ${bInterval}
    static_configs: [{ targets: ['${bTarget}'] }]
`,
    'prometheus.yml',
  );
  return config.scrapeConfigs.map(scrapeJobOf);
}

const targetsOf = (discovery: readonly DiscoveryConfig[]): TargetGroup[] => [{ source: '0', targets: [{ __address__: JSON.stringify(discovery).includes('a:1') ? 'a:1' : 'b:1' }], labels: {} }];

/** "job@interval" of every active target, to read the marbles. */
const describe = (jobs$: Observable<ReturnType<typeof discoverTargets> extends Observable<infer T> ? T : never>) =>
  jobs$.pipe(map((all) => all.flatMap((j) => j.active.map((t) => `${t.job.name}@${t.job.targetSettings.scrapeIntervalMs / 1000}`)).join(' ')));

test('a reload keeps the providers of jobs whose discovery is unchanged, and applies new scrape settings at once', () => {
  const scheduler = new TestScheduler((a, e) => assert.deepEqual(a, e));
  scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
    // Each job's providers: they report after one frame and then stay running.
    const providers: Record<string, ReturnType<typeof cold<TargetGroup[]>>[]> = { a: [], b: [] };
    const discover = (job: ScrapeJob): Observable<TargetGroup[]> => {
      const provider = cold<TargetGroup[]>('-g', { g: targetsOf(job.discovery) });
      providers[job.name]!.push(provider);
      return provider;
    };
    // At frame 5 a reload changes only b's scrape interval; at frame 8 one changes b's targets.
    const jobs$ = hot<ScrapeJob[]>('j----k--l', { j: jobsOf('15s'), k: jobsOf('30s'), l: jobsOf('30s', 'c:1') });
    expectObservable(describe(discoverTargets(jobs$, discover))).toBe('-x---y---z', {
      x: 'a@60 b@15',
      y: 'a@60 b@30',
      z: 'a@60 b@30',
    });
    scheduler.flush();
    assert.equal(providers.a!.length, 1, "a's providers ran once, across both reloads");
    assert.equal(providers.b!.length, 2, "b's were restarted only when its targets changed");
    expectSubscriptions(providers.a![0]!.subscriptions).toBe('^');
    expectSubscriptions(providers.b![0]!.subscriptions).toBe('^-------!');
  });
});

test('a removed job stops its providers; no jobs at all is an empty list at once', () => {
  const scheduler = new TestScheduler((a, e) => assert.deepEqual(a, e));
  scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
    const started: ReturnType<typeof cold<TargetGroup[]>>[] = [];
    const discover = (job: ScrapeJob): Observable<TargetGroup[]> => {
      const provider = cold<TargetGroup[]>('-g', { g: targetsOf(job.discovery) });
      started.push(provider);
      return provider;
    };
    const jobs$ = hot<ScrapeJob[]>('j---e', { j: jobsOf('15s'), e: [] });
    expectObservable(describe(discoverTargets(jobs$, discover))).toBe('-x--y', { x: 'a@60 b@15', y: '' });
    scheduler.flush();
    for (const provider of started) expectSubscriptions(provider.subscriptions).toBe('^---!');
  });
});
