/**
 * Sorted lists of series refs as Uint32Arrays (4 bytes a ref, no boxing), and the set operations
 * label matching needs: union, intersection and difference of sorted lists.
 */

/** A growable list of refs, usually appended in increasing order; sorted lazily when not. */
export class RefList {
  private refs: Uint32Array;
  private count = 0;
  private sorted = true;

  constructor(capacity = 2) {
    this.refs = new Uint32Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(ref: number): void {
    if (this.count === this.refs.length) {
      const bigger = new Uint32Array(this.refs.length * 2);
      bigger.set(this.refs);
      this.refs = bigger;
    }
    if (this.count > 0 && ref < this.refs[this.count - 1]!) this.sorted = false;
    this.refs[this.count++] = ref;
  }

  /** The refs in increasing order, as a view valid until the next change. */
  view(): Uint32Array {
    if (!this.sorted) {
      this.refs.subarray(0, this.count).sort();
      this.sorted = true;
    }
    return this.refs.subarray(0, this.count);
  }

  /** Keeps only the refs the predicate accepts. */
  retain(keep: (ref: number) => boolean): void {
    let n = 0;
    for (let i = 0; i < this.count; i++) {
      const r = this.refs[i]!;
      if (keep(r)) this.refs[n++] = r;
    }
    this.count = n;
    if (n * 4 < this.refs.length && this.refs.length > 8) this.refs = this.refs.slice(0, Math.max(2, n * 2));
  }
}

/** The union of sorted lists (assumed disjoint or not: duplicates are removed). */
export function unionAll(lists: readonly Uint32Array[]): Uint32Array {
  if (lists.length === 0) return new Uint32Array(0);
  if (lists.length === 1) return lists[0]!;
  let total = 0;
  for (const l of lists) total += l.length;
  const out = new Uint32Array(total);
  let at = 0;
  for (const l of lists) {
    out.set(l, at);
    at += l.length;
  }
  out.sort();
  let n = 0;
  for (let i = 0; i < out.length; i++) if (n === 0 || out[i] !== out[n - 1]) out[n++] = out[i]!;
  return out.subarray(0, n);
}

/**
 * The first index at or after `from` whose ref is >= `ref` (sorted.length when none): gallops
 * (1, 2, 4, … ahead) then bisects, so walking a long list in steps costs the log of each step.
 */
export function seek(sorted: Uint32Array, ref: number, from: number): number {
  let lo = from;
  let step = 1;
  let hi = from;
  while (hi < sorted.length && sorted[hi]! < ref) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > sorted.length) hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < ref) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A much shorter list is cheaper to gallop through the longer one than to merge with it. */
const GALLOP_RATIO = 16;

/** The refs in both sorted lists. */
export function intersect(a: Uint32Array, b: Uint32Array): Uint32Array {
  if (a.length > b.length) [a, b] = [b, a];
  const out = new Uint32Array(a.length);
  let n = 0;
  if (a.length * GALLOP_RATIO < b.length) {
    for (let i = 0, j = 0; i < a.length && j < b.length; i++) {
      j = seek(b, a[i]!, j);
      if (b[j] === a[i]) out[n++] = a[i]!;
    }
    return out.subarray(0, n);
  }
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out[n++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out.subarray(0, n);
}

/** The refs of sorted list a that are not in sorted list b. */
export function subtract(a: Uint32Array, b: Uint32Array): Uint32Array {
  if (b.length === 0) return a;
  const out = new Uint32Array(a.length);
  let n = 0;
  let j = 0;
  const gallop = a.length * GALLOP_RATIO < b.length;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (gallop) j = seek(b, x, j);
    else while (j < b.length && b[j]! < x) j++;
    if (j >= b.length || b[j] !== x) out[n++] = x;
  }
  return out.subarray(0, n);
}
