/** The range dataset (rangeDataset.ts) as an OpenMetrics file, for backfilling it with `promtool tsdb create-blocks-from openmetrics`. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { datasetSeries, INTERVAL_MS, SAMPLES_PER_SERIES, START_MS } from './rangeDataset.js';

/** Writes every series of the dataset to `path`. */
export async function writeRangeDatasetOpenMetrics(path: string): Promise<void> {
  const out = createWriteStream(path);
  let family = '';
  for (const series of datasetSeries()) {
    const name = series.labels.__name__!;
    if (name !== family) {
      // Backfill reads families; counters need the _total suffix in OpenMetrics, so both are gauges here.
      out.write(`# TYPE ${name} gauge\n`);
      family = name;
    }
    const labels = Object.entries(series.labels).filter(([n]) => n !== '__name__').map(([n, v]) => `${n}="${v}"`).join(',');
    let chunk = '';
    for (let k = 0; k < SAMPLES_PER_SERIES; k++) chunk += `${name}{${labels}} ${series.value(k)} ${(START_MS + k * INTERVAL_MS) / 1000}\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end('# EOF\n');
  await once(out, 'finish');
}
