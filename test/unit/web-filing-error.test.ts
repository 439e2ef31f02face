/** A filing failure (the message stayed in the inbox) shows with its reason: on the message page (escaped) and in the messages JSON. */
import { messagesJson } from '../../src/review/export';
import { messageBody } from '../../src/web/views/messages';
import type { MessageRecord } from '../../src/review/types';

const rec: MessageRecord = {
  key: 'k1', messageId: null, mailbox: 'INBOX', uidValidity: '1', uid: 1, receivedAt: '2026-01-01T09:00:00.000Z', from: null, replyTo: null,
  subject: 's', kind: 'endorsement', language: null, acknowledgeDue: false, acknowledged: false, reply: 'none', reasons: [], notes: [],
  size: 1, oversized: false, endorsementIds: [], folder: null, text: '', attachments: [], references: [],
};

test('a filing error is shown beside "Filed in", naming the folder', () => {
  const page = String(messageBody({ ...rec, filingError: 'the server refused to create folder "A<b>": NO invalid name' }, 'csrf'));
  expect(page).toMatch(/<dt>Filed in<\/dt><dd>\(inbox\) <span class="error">\(filing failed: the server refused to create folder &#34;A&#60;b&#62;&#34;: NO invalid name\)<\/span><\/dd>/);
});

test('without one, only the folder is shown', () => {
  expect(String(messageBody({ ...rec, folder: 'Endorsements' }, 'csrf'))).toMatch(/<dt>Filed in<\/dt><dd>Endorsements<\/dd>/);
});

test('endorse messages --json and GET /api/messages carry filingError (null when filing did not fail)', () => {
  const [failed, fine] = messagesJson([{ ...rec, filingError: 'the server refused to create folder "X": NO' }, { ...rec, key: 'k2', folder: 'Automated' }]);
  expect(failed).toMatchObject({ key: 'k1', folder: null, filingError: 'the server refused to create folder "X": NO' });
  expect(fine).toMatchObject({ key: 'k2', folder: 'Automated', filingError: null });
});
