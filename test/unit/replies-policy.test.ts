/** The reply policy from a table: every guard, and both sides of the per-recipient threshold. */
import { decideReply, replyRecipient, type ReplyPolicyInput } from '../../src/replies/policy';

const base: ReplyPolicyInput = {
  due: true,
  from: 'Jane Doe <jane@amis.example>',
  replyTo: null,
  messageId: '<abc@amis.example>',
  xLoop: [],
  ownAddresses: ['info@appeal.example', 'inbox@appeal.example'],
  ownDomains: ['appeal.example'],
  sentToRecipient: 0,
  perRecipientLimit: 1,
};

type Row = [string, Partial<ReplyPolicyInput>, { send: true; to: string } | { send: false; reason: string }];

const table: Row[] = [
  ['a person writing: reply to From', {}, { send: true, to: 'jane@amis.example' }],
  ['Reply-To wins over From', { replyTo: 'office@amis.example' }, { send: true, to: 'office@amis.example' }],
  ['a contact wins over both', { replyTo: 'office@amis.example', contact: 'orig@other.example' }, { send: true, to: 'orig@other.example' }],
  ['a bare From, upper case, is lower-cased', { from: 'JANE@AMIS.EXAMPLE' }, { send: true, to: 'jane@amis.example' }],
  ['analysis says no reply is due', { due: false }, { send: false, reason: 'not_due' }],
  ['no From and no Reply-To', { from: null }, { send: false, reason: 'no_recipient' }],
  ['a From that is only a name', { from: 'Jane Doe' }, { send: false, reason: 'invalid_address' }],
  ['an empty angle address (<>)', { from: 'Mail System <>' }, { send: false, reason: 'invalid_address' }],
  ['a domain without a dot', { from: 'jane@localhost' }, { send: false, reason: 'invalid_address' }],
  ['an invalid Reply-To is not replaced by From', { replyTo: 'not an address' }, { send: false, reason: 'invalid_address' }],
  ['our own address', { from: 'Appeal <INFO@appeal.example>' }, { send: false, reason: 'own_address' }],
  ['our other own address, as Reply-To', { replyTo: 'inbox@appeal.example' }, { send: false, reason: 'own_address' }],
  ['a colleague at our domain is a person', { from: 'ana@appeal.example' }, { send: true, to: 'ana@appeal.example' }],
  ['a Message-ID of our own domain: our mail came back', { messageId: '<acknowledgement.k1@appeal.example>' }, { send: false, reason: 'own_message_id' }],
  ['a Message-ID of a subdomain is not ours', { messageId: '<x@mail.appeal.example.net>' }, { send: true, to: 'jane@amis.example' }],
  ['X-Loop naming our address', { xLoop: ['info@appeal.example'] }, { send: false, reason: 'x_loop' }],
  ['X-Loop naming our domain', { xLoop: ['Appeal.Example'] }, { send: false, reason: 'x_loop' }],
  ['X-Loop naming someone else', { xLoop: ['lists@other.example'] }, { send: true, to: 'jane@amis.example' }],
  ['noreply', { from: 'noreply@shop.example' }, { send: false, reason: 'noreply' }],
  ['no-reply with a tag', { from: 'no-reply+abc@shop.example' }, { send: false, reason: 'noreply' }],
  ['do-not-reply', { from: 'Do-Not-Reply@bank.example' }, { send: false, reason: 'noreply' }],
  ['donotreply', { from: 'donotreply@bank.example' }, { send: false, reason: 'noreply' }],
  ['a person named Noreen is not noreply', { from: 'noreen@amis.example' }, { send: true, to: 'noreen@amis.example' }],
  ['mailer-daemon', { from: 'MAILER-DAEMON@mx.example' }, { send: false, reason: 'mailer_daemon' }],
  ['postmaster', { from: 'postmaster@amis.example' }, { send: false, reason: 'postmaster' }],
  ['list -request address', { from: 'climate-request@lists.example' }, { send: false, reason: 'list_address' }],
  ['list owner- address', { from: 'owner-climate@lists.example' }, { send: false, reason: 'list_address' }],
  ['list -owner address', { from: 'climate-owner@lists.example' }, { send: false, reason: 'list_address' }],
  ['Mailman -bounces address', { replyTo: 'climate-bounces@lists.example' }, { send: false, reason: 'list_address' }],
  ['"requests" inside a word is a person', { from: 'requests.team@amis.example' }, { send: true, to: 'requests.team@amis.example' }],
  ['limit 1: none sent yet -> send', { sentToRecipient: 0, perRecipientLimit: 1 }, { send: true, to: 'jane@amis.example' }],
  ['limit 1: one sent -> limited', { sentToRecipient: 1, perRecipientLimit: 1 }, { send: false, reason: 'rate_limited' }],
  ['limit 3: two sent -> send', { sentToRecipient: 2, perRecipientLimit: 3 }, { send: true, to: 'jane@amis.example' }],
  ['limit 3: three sent -> limited', { sentToRecipient: 3, perRecipientLimit: 3 }, { send: false, reason: 'rate_limited' }],
  ['limit 0: replies off for everyone', { sentToRecipient: 0, perRecipientLimit: 0 }, { send: false, reason: 'rate_limited' }],
  ['no limit', { sentToRecipient: 1000, perRecipientLimit: Infinity }, { send: true, to: 'jane@amis.example' }],
  ['a loop outranks the limit (the reason says why)', { from: 'noreply@shop.example', sentToRecipient: 9 }, { send: false, reason: 'noreply' }],
];

test.each(table)('%s', (_name, over, expected) => {
  expect(decideReply({ ...base, ...over })).toMatchObject(expected);
});

test('a suppression still names the recipient it would have gone to, for the review page', () => {
  expect(decideReply({ ...base, sentToRecipient: 5 })).toEqual({ send: false, reason: 'rate_limited', to: 'jane@amis.example' });
});

test('replyRecipient reads a quoted display name with commas and angle brackets', () => {
  expect(replyRecipient({ from: '"Doe, Jane <boss>" <jane@amis.example>', replyTo: null })).toEqual({
    value: '"Doe, Jane <boss>" <jane@amis.example>', address: 'jane@amis.example',
  });
});
