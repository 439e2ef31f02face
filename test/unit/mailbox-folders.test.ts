/** Role folders from a LIST answer (imapflow's `specialUse`, set from RFC 6154 flags or names). */
import { roleFolders } from '../../src/mailbox/folders';

test('each role maps to the folder imapflow marked with its flag; roles nobody has are absent', () => {
  const list = [
    { path: 'INBOX', specialUse: '\\Inbox' },
    { path: 'Sent Items', specialUse: '\\Sent' },
    { path: 'Junk Email', specialUse: '\\Junk' },
    { path: 'Endorsements', specialUse: undefined },
    { path: 'Entwürfe', specialUse: '\\Drafts' },
  ];
  expect(roleFolders(list)).toEqual({ sent: 'Sent Items', junk: 'Junk Email', drafts: 'Entwürfe' });
});

test('Gmail\'s folders under [Gmail]/ and Courier\'s under INBOX. are returned with their full path', () => {
  expect(roleFolders([{ path: '[Gmail]/Sent Mail', specialUse: '\\Sent' }, { path: '[Gmail]/Spam', specialUse: '\\Junk' }]))
    .toEqual({ sent: '[Gmail]/Sent Mail', junk: '[Gmail]/Spam' });
  expect(roleFolders([{ path: 'INBOX.Archive', specialUse: '\\Archive' }])).toEqual({ archive: 'INBOX.Archive' });
});
