import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, dirname } from 'node:path';
import { Registry } from 'prom-client';
import { defer, of, Subject, throwError, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { FileDiscoveryConfig } from '../src/config/discovery/index.js';
import type { TargetGroup } from '../src/model/targetGroup.js';
import type { FileSdIo } from '../src/sources/discovery/discoveryDeps.js';
import { fileDiscovery } from '../src/sources/discovery/fileDiscovery.js';
import { compileGlobElement } from '../src/sources/discovery/globPattern.js';
import { silentLogger } from '../src/telemetry/logger.js';
import { decodeOne } from '../test/config/discovery/sectionDecoding.js';

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
}

function config(files: string[], refreshInterval = '5m'): FileDiscoveryConfig {
  return decodeOne<FileDiscoveryConfig>(`file_sd_configs: [{files: ${JSON.stringify(files)}, refresh_interval: ${refreshInterval}}]\n`, 'file');
}

/** An in-memory directory tree whose watches the test fires by hand. */
class FakeFiles implements FileSdIo {
  readonly files = new Map<string, string>();
  readonly changes = new Subject<string>();
  watchCalls = 0;
  failWatches = 0;
  readCount = 0;

  list(pattern: string): Observable<readonly string[]> {
    const element = compileGlobElement(basename(pattern));
    return of([...this.files.keys()].filter((p) => dirname(p) === dirname(pattern) && element.test(basename(p))).sort());
  }

  read(path: string): Observable<{ text: string; mtimeMs: number }> {
    return defer(() => {
      this.readCount++;
      const text = this.files.get(path);
      return text === undefined ? throwError(() => new Error(`open ${path}: no such file or directory`)) : of({ text, mtimeMs: 1_700_000_000_000 });
    });
  }

  watch(dir: string): Observable<unknown> {
    return defer(() => {
      this.watchCalls++;
      if (this.failWatches > 0) {
        this.failWatches--;
        return throwError(() => new Error(`watch ${dir}: no such file or directory`));
      }
      return this.changes;
    });
  }
}

function group(path: string, index: number, addresses: string[], labels: Record<string, string> = {}): TargetGroup {
  return { source: `${path}:${index}`, targets: addresses.map((a) => ({ __address__: a })), labels: { ...labels, __meta_filepath: path } };
}

const removed = (path: string, index: number): TargetGroup => ({ source: `${path}:${index}`, targets: [], labels: {} });

test('files are read at once, again shortly after a change in their directory, and every refresh interval', () => {
  const ts = scheduler();
  ts.run(({ expectObservable, flush }) => {
    const fs = new FakeFiles();
    fs.files.set('/sd/a.json', '[{"targets": ["a:1"], "labels": {"env": "prod"}}]');
    fs.files.set('/sd/b.yml', '- targets: [b:1]\n');
    fs.files.set('/sd/ignored.txt', 'not a target file');
    const out = fileDiscovery(config(['/sd/*.json', '/sd/*.yml']), { logger: silentLogger(), setName: 'job', files: fs });
    ts.schedule(() => {
      fs.files.set('/sd/a.json', '[{"targets": ["a:2"]}]');
      fs.changes.next('a.json');
      fs.changes.next('a.json');
    }, 1000);
    // A change nobody reported (a network file system, say) is found by the periodic refresh.
    ts.schedule(() => fs.files.set('/sd/b.yml', '- targets: [b:2]\n'), 2000);
    expectObservable(out, '^ 301s !').toBe('x 1049ms y 298949ms z', {
      x: [group('/sd/a.json', 0, ['a:1'], { env: 'prod' }), group('/sd/b.yml', 0, ['b:1'])],
      y: [group('/sd/a.json', 0, ['a:2']), group('/sd/b.yml', 0, ['b:1'])],
      z: [group('/sd/a.json', 0, ['a:2']), group('/sd/b.yml', 0, ['b:2'])],
    });
    flush();
    assert.equal(fs.readCount, 6, 'a burst of events is read once');
  });
});

test('a bad file keeps its last good groups; a deleted file and a shortened file send empty groups', async () => {
  const registry = new Registry();
  const ts = scheduler();
  ts.run(({ expectObservable }) => {
    const fs = new FakeFiles();
    fs.files.set('/sd/a.json', '[{"targets": ["a:1"]}, {"targets": ["a:2"]}]');
    fs.files.set('/sd/b.json', '[{"targets": ["b:1"]}]');
    const out = fileDiscovery(config(['/sd/*.json'], '10s'), { logger: silentLogger(), setName: 'job', files: fs, registry });
    ts.schedule(() => fs.files.set('/sd/a.json', '[{"targets": ["a:1"]}, null]'), 5_000);
    ts.schedule(() => fs.files.set('/sd/a.json', '[{"targets": ["a:3"]}]'), 15_000);
    ts.schedule(() => fs.files.delete('/sd/b.json'), 25_000);
    expectObservable(out, '^ 31s !').toBe('v 9999ms w 9999ms x 9999ms y', {
      v: [group('/sd/a.json', 0, ['a:1']), group('/sd/a.json', 1, ['a:2']), group('/sd/b.json', 0, ['b:1'])],
      // a.json is invalid: only b.json is resent, a.json's groups stay where they are.
      w: [group('/sd/b.json', 0, ['b:1'])],
      x: [group('/sd/a.json', 0, ['a:3']), group('/sd/b.json', 0, ['b:1']), removed('/sd/a.json', 1)],
      y: [group('/sd/a.json', 0, ['a:3']), removed('/sd/b.json', 0)],
    });
  });
  const text = await registry.metrics();
  assert.match(text, /prometheus_sd_file_read_errors_total 1/);
  assert.match(text, /prometheus_sd_file_scan_duration_seconds_count 4/);
  assert.doesNotMatch(text, /prometheus_sd_file_mtime_seconds\{/, 'a stopped provider leaves no mtime series');
});

test('a directory that cannot be watched is tried again after each refresh interval', async () => {
  const registry = new Registry();
  const ts = scheduler();
  const fs = new FakeFiles();
  fs.failWatches = 2;
  ts.run(({ expectObservable }) => {
    fs.files.set('/sd/a.json', '[{"targets": ["a:1"]}]');
    const out = fileDiscovery(config(['/sd/*.json'], '1m'), { logger: silentLogger(), setName: 'job', files: fs, registry });
    ts.schedule(() => {
      fs.files.set('/sd/a.json', '[{"targets": ["a:2"]}]');
      fs.changes.next('a.json');
    }, 150_000);
    expectObservable(out, '^ 151s !').toBe('x 59999ms x 59999ms x 29999ms 50ms y', {
      x: [group('/sd/a.json', 0, ['a:1'])],
      y: [group('/sd/a.json', 0, ['a:2'])],
    });
  });
  assert.equal(fs.watchCalls, 3);
  assert.match(await registry.metrics(), /prometheus_sd_file_watcher_errors_total 2/);
});
