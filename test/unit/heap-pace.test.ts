/**
 * The heap pacer (src/heap-pace.ts): a full collection once the heap grew past the margin since the
 * last one, never before, and none at all with a margin of 0.
 */
import { startHeapPacer } from '../../src/heap-pace';

const MB = 1048576;

test('collects only once the heap grew past the margin since the last collection', () => {
  let used = 100 * MB;
  const pacer = startHeapPacer(24, 60_000, () => used);
  try {
    used += 20 * MB;
    pacer.check();
    expect(pacer.collections).toBe(0);
    used += 10 * MB;
    pacer.check();
    expect(pacer.collections).toBe(1);
    // The collection's result is the new base: growth is counted from it.
    pacer.check();
    expect(pacer.collections).toBe(1);
    used += 25 * MB;
    pacer.check();
    expect(pacer.collections).toBe(2);
  } finally {
    pacer.stop();
  }
});

test('a real heap: objects that outlived the young generation and were dropped are collected at the check', () => {
  const pacer = startHeapPacer(16, 60_000);
  try {
    const base = process.memoryUsage().heapUsed;
    // About 40 MB held across several scavenges, so V8 promotes it to the old generation, then dropped:
    // garbage that only a full collection reclaims.
    let held: string[][] | null = [];
    for (let i = 0; i < 40; i++) held.push(Array.from({ length: 16_384 }, (_, j) => `${i}:${j}:`.padEnd(40, 'x')));
    expect(held).toHaveLength(40);
    held = null;
    const grown = process.memoryUsage().heapUsed - base;
    pacer.check();
    const after = process.memoryUsage().heapUsed - base;
    expect({ grownPastMargin: grown > 16 * MB, collections: pacer.collections }).toEqual({ grownPastMargin: true, collections: 1 });
    expect(after).toBeLessThan(grown / 4);
  } finally {
    pacer.stop();
  }
});

test('a margin of 0 leaves the heap to V8', () => {
  let used = 0;
  const pacer = startHeapPacer(0, 60_000, () => used);
  used = 4096 * MB;
  pacer.check();
  expect(pacer.collections).toBe(0);
  pacer.stop();
});
