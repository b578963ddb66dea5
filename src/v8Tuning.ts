/**
 * V8 settings for a long-running server, applied when the entry point loads (imported first, so
 * before anything else allocates).
 *
 * Allocation-site pretenuring is turned off. V8 watches which allocation sites make objects that
 * survive young-generation collections, and then allocates their objects straight in the old
 * generation. At start-up nearly everything survives (100k series are created in a few scrapes),
 * so sites that go on to make only short-lived objects stay pretenured. Their garbage fills the
 * old generation, and every few seconds V8 runs a full mark-compact of the whole head to clear
 * it. Under the scrape-ingest benchmark (bench/scrapeIngest.bench.ts) that was a mark-compact
 * every ~10 s and a quarter of the CPU per sample; with pretenuring off there are none in steady
 * state.
 *
 * V8 reads this flag at each decision, so it can be set at run time. Flags that shape the
 * collector's threads cannot, and are left alone.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-allocation-site-pretenuring');
