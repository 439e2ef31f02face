/** `endorse templates check`, run through the CLI's own `main`: exit codes and what it names. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli';

let out: string;
let err: string;
let dir: string;
const saved = process.env.TEMPLATES_DIR;

beforeEach(() => {
  out = '';
  err = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  dir = mkdtempSync(join(tmpdir(), 'endorse-check-'));
  delete process.env.TEMPLATES_DIR;
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.TEMPLATES_DIR;
  else process.env.TEMPLATES_DIR = saved;
});

const run = () => main(['node', 'endorse', 'templates', 'check']);

test('our templates pass: exit 0, every type listed with its 33 languages', async () => {
  expect(await run()).toBe(0);
  expect(err).toBe('');
  for (const type of ['acknowledgement', 'confirmation', 'withdrawal', 'needs-information']) {
    expect(out).toContain(`${type}: 33 language(s): be bg ca cs da de el en es et fi fr ga hr hu it ja ka lt lv mt nl no pl pt ro ru sk sl sr sv tr uk\n`);
  }
});

test('an organiser\'s template with a misspelt variable: exit 1, naming type, language, part and variable', async () => {
  mkdirSync(join(dir, 'confirmation'));
  writeFileSync(join(dir, 'confirmation', 'it.subject.hbs'), 'Confermato\n');
  writeFileSync(join(dir, 'confirmation', 'it.text.hbs'), 'Ciao {{nome}}\n');
  process.env.TEMPLATES_DIR = dir;
  expect(await run()).toBe(1);
  expect(err).toContain('confirmation/it: text names unknown variable(s): nome\n');
  expect(err).toMatch(/template problem\(s\)/);
});

test('a missing part is named', async () => {
  mkdirSync(join(dir, 'needs-information'));
  writeFileSync(join(dir, 'needs-information', 'fi.text.hbs'), '{{question}}\n');
  process.env.TEMPLATES_DIR = dir;
  expect(await run()).toBe(1);
  expect(err).toContain('needs-information/fi: missing part(s)');
  expect(err).toContain('fi.subject.hbs');
});

test('a TEMPLATES_DIR that does not exist is bad configuration: exit 2, naming the variable', async () => {
  process.env.TEMPLATES_DIR = join(dir, 'nope');
  expect(await run()).toBe(2);
  expect(err).toMatch(/^endorse: TEMPLATES_DIR must be a folder that exists/);
});
