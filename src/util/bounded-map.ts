/**
 * @module util/bounded-map
 * A Map capped at `capacity` entries that forgets the oldest insertion first, in O(1).
 *
 * Why not `map.delete(map.keys().next().value)`: V8 leaves deleted entries as holes at the front
 * of a Map's table until it rehashes, and a fresh iterator walks over every hole, so a FIFO Map
 * held at its cap scans thousands of holes per insert (6 µs per insert at 10,000 entries — more
 * than the rest of a turn's bookkeeping). Here the insertion order is a separate queue of slots.
 */

/** One insertion: the queue holds slots, the map points at the live slot of each key. */
interface Slot<K, V> {
  readonly key: K;
  value: V;
}

/** Queue entries skipped before the queue array is compacted (keeps shifting amortised O(1)). */
const COMPACT_AT = 1024;

/** A capped Map with insertion-order eviction (like a Map whose oldest key is deleted past the cap). */
export class BoundedMap<K, V> {
  private readonly slots = new Map<K, Slot<K, V>>();
  /** insertion order; entries from `head` on, some of them deleted since (not in `slots`). */
  private queue: Slot<K, V>[] = [];
  private head = 0;

  /**
   * @param capacity entries kept; inserting past it forgets the oldest insertion.
   * @param onEvict told of each entry forgotten that way (not of `delete`s).
   */
  constructor(
    readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  /** Live entries. */
  get size(): number {
    return this.slots.size;
  }

  /** The value of `key`, or undefined. */
  get(key: K): V | undefined {
    return this.slots.get(key)?.value;
  }

  /** Whether `key` is present. */
  has(key: K): boolean {
    return this.slots.has(key);
  }

  /**
   * Sets `key`. A present key keeps its place in the insertion order (as in a Map); a new one
   * goes last and, past the capacity, the oldest entry is forgotten.
   */
  set(key: K, value: V): this {
    const slot = this.slots.get(key);
    if (slot !== undefined) {
      slot.value = value;
      return this;
    }
    const inserted: Slot<K, V> = { key, value };
    this.slots.set(key, inserted);
    this.queue.push(inserted);
    if (this.slots.size > this.capacity) this.evictOldest();
    return this;
  }

  /** Deletes `key`; returns whether it was present. */
  delete(key: K): boolean {
    if (!this.slots.delete(key)) return false;
    // deleted slots stay queued until evicted; drop them once they outnumber the live ones
    if (this.queue.length - this.head > 2 * this.slots.size + COMPACT_AT) this.compact();
    return true;
  }

  /** Keys, oldest insertion first. */
  *keys(): IterableIterator<K> {
    for (let i = this.head; i < this.queue.length; i++) {
      const slot = this.queue[i]!;
      if (this.slots.get(slot.key) === slot) yield slot.key;
    }
  }

  private evictOldest(): void {
    while (this.head < this.queue.length) {
      const slot = this.queue[this.head]!;
      this.head++;
      // a deleted (or deleted and re-inserted) key's old slot is not the live one: skip it
      if (this.slots.get(slot.key) === slot) {
        this.slots.delete(slot.key);
        this.onEvict?.(slot.key, slot.value);
        break;
      }
    }
    if (this.head >= COMPACT_AT && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private compact(): void {
    const live: Slot<K, V>[] = [];
    for (let i = this.head; i < this.queue.length; i++) {
      const slot = this.queue[i]!;
      if (this.slots.get(slot.key) === slot) live.push(slot);
    }
    this.queue = live;
    this.head = 0;
  }
}
