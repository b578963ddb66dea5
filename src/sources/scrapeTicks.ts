/** The ticks of one scrape loop: every interval, at a stable per-target phase inside it. */
import { timer, type Observable, type SchedulerLike } from 'rxjs';

/**
 * The delay until a target's next scrape slot. Each target scrapes at wall-clock times
 * `k * interval + (hash mod interval)`, so many targets spread over the interval and a target
 * keeps its phase across restarts, like Prometheus's scrape offset.
 */
export function scrapeOffset(targetHash: number, intervalMs: number, nowMs: number): number {
  const phase = targetHash % intervalMs;
  return (((phase - (nowMs % intervalMs)) % intervalMs) + intervalMs) % intervalMs;
}

/** Emits 0, 1, 2, … at the target's slots, starting at the next one. */
export function scrapeTicks(offsetMs: number, intervalMs: number, scheduler?: SchedulerLike): Observable<number> {
  return timer(offsetMs, intervalMs, scheduler);
}

/** A 32-bit FNV-1a hash of a string: a stable, well-spread phase for a target key. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
