import { describe, expect, it } from "vitest";
import { BoundedMap } from "./bounded-map.js";

/** The reference behaviour: a Map whose oldest key is deleted past the cap. */
class ReferenceMap<K, V> {
  readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}
  set(key: K, value: V): void {
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }
}

describe("BoundedMap", () => {
  it("forgets the oldest insertion past its capacity", () => {
    const map = new BoundedMap<string, number>(2);
    map.set("a", 1).set("b", 2).set("c", 3);
    expect(map.has("a")).toBe(false);
    expect([...map.keys()]).toEqual(["b", "c"]);
    expect(map.size).toBe(2);
  });

  it("tells onEvict of what it forgets past the cap, not of deletes", () => {
    const evicted: [string, number][] = [];
    const map = new BoundedMap<string, number>(2, (key, value) => evicted.push([key, value]));
    map.set("a", 1).set("b", 2);
    map.delete("a");
    map.set("c", 3).set("d", 4);
    expect(evicted).toEqual([["b", 2]]);
  });

  it("keeps a key's place when its value is replaced, as a Map does", () => {
    const map = new BoundedMap<string, number>(2);
    map.set("a", 1).set("b", 2).set("a", 10).set("c", 3);
    expect(map.get("a")).toBeUndefined();
    expect(map.get("b")).toBe(2);
  });

  it("puts a deleted and re-inserted key last", () => {
    const map = new BoundedMap<string, number>(2);
    map.set("a", 1).set("b", 2);
    expect(map.delete("a")).toBe(true);
    expect(map.delete("a")).toBe(false);
    map.set("a", 3).set("c", 4);
    expect([...map.keys()]).toEqual(["a", "c"]);
    expect(map.get("a")).toBe(3);
  });

  it("matches a Map with oldest-key eviction over a long random workload", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const bounded = new BoundedMap<number, number>(50);
    const reference = new ReferenceMap<number, number>(50);
    for (let i = 0; i < 20_000; i++) {
      const key = Math.floor(random() * 200);
      if (random() < 0.3) {
        expect(bounded.delete(key)).toBe(reference.map.delete(key));
      } else {
        bounded.set(key, i);
        reference.set(key, i);
      }
    }
    expect([...bounded.keys()]).toEqual([...reference.map.keys()]);
    for (const [key, value] of reference.map) expect(bounded.get(key)).toBe(value);
    expect(bounded.size).toBe(reference.map.size);
  });

  it("does not grow its queue when keys are inserted and deleted below the cap", () => {
    const map = new BoundedMap<number, number>(10_000);
    for (let i = 0; i < 100_000; i++) {
      map.set(i, i);
      map.delete(i);
    }
    const queued = (map as unknown as { queue: unknown[]; head: number }).queue.length;
    expect(map.size).toBe(0);
    expect(queued).toBeLessThan(3_000);
  });
});
