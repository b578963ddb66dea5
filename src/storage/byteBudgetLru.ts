/**
 * A least-recently-used cache bounded by bytes, whose entries live in their owners' own maps
 * (so a caller keys them however suits it, and drops a whole map at once); the LRU only keeps
 * the recency order across all of them and evicts from the oldest end when over budget.
 */

/** One cached value, linked into the recency order and registered in its home map. */
export class LruEntry<K, V> {
  prev: LruEntry<unknown, unknown> | undefined;
  next: LruEntry<unknown, unknown> | undefined;

  constructor(
    readonly home: Map<K, LruEntry<K, V>>,
    readonly key: K,
    readonly value: V,
    readonly bytes: number,
  ) {}
}

/** The recency order and byte count of every entry, across any number of home maps. */
export class ByteBudgetLru {
  /** The least recently used entry. */
  private oldest: LruEntry<unknown, unknown> | undefined;
  /** The most recently used entry. */
  private newest: LruEntry<unknown, unknown> | undefined;
  private used = 0;

  /** `budgetBytes`: the most the entries may add up to; a single value above a quarter of it is not kept. */
  constructor(readonly budgetBytes: number) {}

  /** Bytes of the entries held now. */
  get bytes(): number {
    return this.used;
  }

  /** The value under `key` in `home`, marked as most recently used. */
  get<K, V>(home: Map<K, LruEntry<K, V>>, key: K): V | undefined {
    const entry = home.get(key);
    if (entry === undefined) return undefined;
    if (entry !== this.newest) {
      this.unlink(entry as LruEntry<unknown, unknown>);
      this.append(entry as LruEntry<unknown, unknown>);
    }
    return entry.value;
  }

  /** Stores a value under `key` in `home` (replacing any), then evicts the oldest entries while over budget. */
  set<K, V>(home: Map<K, LruEntry<K, V>>, key: K, value: V, bytes: number): void {
    // One huge value would flush everything else for a single use.
    if (bytes * 4 > this.budgetBytes) return;
    const previous = home.get(key);
    if (previous !== undefined) this.remove(previous as LruEntry<unknown, unknown>);
    const entry = new LruEntry(home, key, value, bytes);
    home.set(key, entry);
    this.append(entry as LruEntry<unknown, unknown>);
    this.used += bytes;
    while (this.used > this.budgetBytes && this.oldest !== undefined) this.remove(this.oldest);
  }

  /** Forgets every entry of a home map. */
  clear<K, V>(home: Map<K, LruEntry<K, V>>): void {
    for (const entry of home.values()) {
      this.unlink(entry as LruEntry<unknown, unknown>);
      this.used -= entry.bytes;
    }
    home.clear();
  }

  private remove(entry: LruEntry<unknown, unknown>): void {
    this.unlink(entry);
    this.used -= entry.bytes;
    entry.home.delete(entry.key);
  }

  private append(entry: LruEntry<unknown, unknown>): void {
    entry.prev = this.newest;
    entry.next = undefined;
    if (this.newest !== undefined) this.newest.next = entry;
    else this.oldest = entry;
    this.newest = entry;
  }

  private unlink(entry: LruEntry<unknown, unknown>): void {
    if (entry.prev !== undefined) entry.prev.next = entry.next;
    else this.oldest = entry.next;
    if (entry.next !== undefined) entry.next.prev = entry.prev;
    else this.newest = entry.prev;
    entry.prev = undefined;
    entry.next = undefined;
  }
}
