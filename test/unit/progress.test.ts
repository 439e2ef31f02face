/** The import's progress display: a bar redrawn in place on a terminal, sparse plain lines otherwise. */
import { createProgress } from '../../src/commands/progress';

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, write: (s: string) => writes.push(s) };
}

test('on a terminal: one line redrawn with a carriage return, ended by the summary', () => {
  const out = stream(true);
  const p = createProgress(4, 'messages', out, () => 0);
  for (let i = 1; i <= 4; i++) p.update(i);
  p.finish('done');
  expect(out.writes).toHaveLength(6);
  expect(out.writes[1]).toBe('\r[###############...............] 2/4 messages (50%, 0.0 s)');
  expect(out.writes.slice(4)).toEqual(['\n', 'done\n']);
});

test('not a terminal: a line per tenth of the way, none in between, no control characters', () => {
  const out = stream(false);
  const p = createProgress(500, 'messages', out, () => 0);
  for (let i = 1; i <= 500; i++) p.update(i);
  p.finish('done');
  expect(out.writes).toHaveLength(11);
  expect(out.writes[0]).toBe('50/500 messages (10%, 0.0 s)\n');
  expect(out.writes.join('')).not.toMatch(/\r/);
});

test('not a terminal: a slow run still says something every few seconds', () => {
  const out = stream(false);
  let t = 0;
  const p = createProgress(1000, 'messages', out, () => t);
  p.update(1);
  t = 6000;
  p.update(2);
  expect(out.writes).toEqual(['2/1000 messages (0%, 6.0 s)\n']);
});
