import { owner, timeByOwner } from '../../scripts/profile-summary';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url }, children });

test('a script belongs to its package, scoped or not, or to our src folder', () => {
  expect(owner('file:///app/node_modules/ioredis/built/Pipeline.js')).toBe('ioredis');
  expect(owner('file:///app/node_modules/@zone-eu/mailsplit/lib/headers.js')).toBe('@zone-eu/mailsplit');
  expect(owner('file:///app/node_modules/bullmq/node_modules/ioredis/built/Redis.js')).toBe('bullmq');
  expect(owner('file:///app/dist/src/replies/service.js')).toBe('src/replies');
  expect(owner('file:///app/dist/src/cli.js')).toBe('src/cli');
  expect(owner('node:net')).toBeNull();
  expect(owner('')).toBeNull();
});

test('each sample counts for the nearest owner up its stack; V8 own samples keep their names', () => {
  // root -> service.js -> ioredis write -> (native writeBuffer); root -> (garbage collector); root -> node:net
  const p = {
    nodes: [
      frame(1, '(root)', '', [2, 5, 6]),
      frame(2, 'deliver', 'file:///app/dist/src/replies/service.js', [3]),
      frame(3, 'write', 'file:///app/node_modules/ioredis/built/Pipeline.js', [4]),
      frame(4, 'writeBuffer', ''),
      frame(5, '(garbage collector)', ''),
      frame(6, 'emit', 'node:events'),
    ],
    samples: [4, 4, 2, 5, 6, 3],
    timeDeltas: [1000, 2000, 500, 4000, 250, 1500],
  };
  expect(Object.fromEntries(timeByOwner(p))).toEqual({ ioredis: 4.5, 'src/replies': 0.5, '(garbage collector)': 4, node: 0.25 });
});
