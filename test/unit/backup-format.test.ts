/**
 * What a backup keeps (keyRole: working state out, records whole) and how a file is recognised
 * (parseHeader, parseRecord): a foreign or damaged file is refused with words that say why.
 */
import { BackupFormatError, parseHeader, parseRecord } from '../../src/backup/format';
import { backupFileName } from '../../src/backup/files';
import { keyRole, restoredValue } from '../../src/backup/keys';

test('records are kept whole, working state and derived indexes are left out, anything else is a key', () => {
  expect(keyRole('item:mabc-0')).toEqual({ role: 'item', id: 'mabc-0' });
  expect(keyRole('msg:mabc')).toEqual({ role: 'message', key: 'mabc' });
  expect(keyRole('inbox:q:mabc')).toEqual({ role: 'inbox', id: 'mabc' });
  for (const k of ['item:mabc-0:history', 'inbox:q:mabc:log', 'messages', 'items:all', 'items:approved', 'inbox:open', 'inbox:closed',
    'reply:ack-x', 'reply:meta', 'intake:wait', 'intake-large:1', 'raw:mabc', 'sending:confirmation:mabc-0', 'lease:INBOX', 'budget:smtp',
    'presence:mabc-0', 'undo:u1', 'rcpt:acknowledgement:a@b', 'replies:recent', 'replies:day', 'replies:domain:example.org', 'replies:paused',
    'web:session:ff', 'web:user-sessions:alice', 'web:login:1.2.3.4:alice', 'web:login-ip:1.2.3.4', 'status', 'messages:kinds', 'messages:counted']) {
    expect([k, keyRole(k).role]).toEqual([k, 'skip']);
  }
  for (const k of ['sent:acknowledgement:mabc', 'attempt:confirmation:mabc-0', 'replies:secret', 'replies:held', 'replies:held:example.org',
    'bouncing:a@b', 'question:q1', 'questions:mabc', 'inbox:saved', 'web:user:alice', 'web:token:ff', 'web:user-tokens:alice',
    'cursor:INBOX:7', 'intake-start:INBOX', 'dedupe', 'filing', 'filing:req', 'filing:seq', 'a-family-added-later:x']) {
    expect([k, keyRole(k).role]).toEqual([k, 'key']);
  }
});

const header = { format: 'endorse-backup', version: 1, prefix: 'endorse', createdAt: '2026-06-01T00:00:00.000Z', counts: { messages: 1, items: 2 } };

test('a header of our format is read; another format, not JSON, a damaged or newer header is refused', () => {
  expect(parseHeader(JSON.stringify(header), 'f')).toEqual(header);
  expect(() => parseHeader('PK\u0003\u0004', 'f.zip')).toThrow(new BackupFormatError('f.zip is not an endorse backup: its first line is not JSON'));
  expect(() => parseHeader('[1,2]', 'f')).toThrow('f is not an endorse backup: its first line has format null, not "endorse-backup"');
  expect(() => parseHeader(JSON.stringify({ ...header, format: 'redis-dump' }), 'f')).toThrow('its first line has format "redis-dump"');
  expect(() => parseHeader(JSON.stringify({ ...header, prefix: '' }), 'f')).toThrow(/^f: the backup header is damaged \(prefix: /);
  expect(() => parseHeader(JSON.stringify({ ...header, version: 2 }), 'f')).toThrow('f is a backup of format version 2; this version of endorse reads up to 1: restore it with a newer endorse');
  expect(() => parseHeader(undefined, 'f')).toThrow(BackupFormatError);
});

test('record lines are checked one by one, naming the line', () => {
  const item = { t: 'item', id: 'm-0', score: 1, version: 3, hash: { data: '{}', status: 'approved', version: '3' }, history: ['{"a":1}'] };
  expect(parseRecord(JSON.stringify(item), 2, 'f')).toEqual(item);
  const zset = { t: 'key', key: 'questions:m', type: 'zset', value: [['q1', 5]] };
  expect(parseRecord(JSON.stringify(zset), 3, 'f')).toEqual(zset);
  expect(() => parseRecord('{"t":"item","id":"m-0"}', 7, 'f')).toThrow(/^f line 7 is not a backup record \(.*\): the backup is damaged$/);
  expect(() => parseRecord('{"t":"key","key":"k","type":"stream","value":[]}', 8, 'f')).toThrow(/^f line 8 is not a backup record/);
  expect(() => parseRecord('{"t":"key","key":"k","type":"hash","value":{"a":1}}', 9, 'f')).toThrow(/^f line 9 is not a backup record/);
  expect(() => parseRecord('{"t":', 4, 'f')).toThrow('f line 4 is not JSON: the backup is damaged');
});

test('file names carry the prefix and a UTC time that sorts as text', () => {
  expect(backupFileName('endorse', new Date('2026-06-01T09:05:03.042Z'))).toBe('endorse-endorse-20260601T090503042Z.jsonl');
  const names = ['2026-06-01T09:05:03.042Z', '2026-06-01T10:00:00.000Z', '2026-12-31T23:59:59.999Z'].map((t) => backupFileName('p', new Date(t)));
  expect([...names].reverse().sort()).toEqual(names);
});

test('only the epoch changes on the way back: marked not ready', () => {
  expect(restoredValue('epoch', '{"id":"e1","checkpoint":5,"ready":true}')).toBe('{"id":"e1","checkpoint":5,"ready":false}');
  expect(restoredValue('epoch', 'not json')).toBe('not json');
  expect(restoredValue('replies:secret', '{"ready":true}')).toBe('{"ready":true}');
});
