/** The reply policy from a table: every guard, and both sides of each threshold (per recipient, per hour). */
import { circuitBreaker, decideReply, replyRecipient, type BreakerInput, type ReplyPolicyInput } from '../../src/replies/policy';
import { loadConfig } from '../../src/config';

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
  ['Reply-To at the From domain wins over From', { replyTo: 'office@amis.example' }, { send: true, to: 'office@amis.example' }],
  ['Reply-To at a subdomain of the From domain', { replyTo: 'office@mail.amis.example' }, { send: true, to: 'office@mail.amis.example' }],
  // Backscatter: an attacker's own DMARC-passing domain with Reply-To: victim must not make us write to the victim.
  ['Reply-To at another domain, unproven: From', { replyTo: 'victim@other.example' }, { send: true, to: 'jane@amis.example' }],
  ['Reply-To at another domain, From authenticated but not Reply-To: From', {
    requireAuth: 'dmarc', replyTo: 'victim@other.example', authResults: ['mx.appeal.example; dmarc=pass header.from=amis.example; dkim=pass header.d=amis.example'],
  }, { send: true, to: 'jane@amis.example' }],
  ['Reply-To at another domain whose DKIM passed too', {
    requireAuth: 'dmarc', replyTo: 'office@other.example', authResults: ['mx.appeal.example; dkim=pass header.d=amis.example; dkim=pass header.d=other.example'],
  }, { send: true, to: 'office@other.example' }],
  ['a DMARC pass naming no domain does not vouch for a Reply-To', {
    replyTo: 'victim@other.example', authResults: ['mx.appeal.example; dmarc=pass'],
  }, { send: true, to: 'jane@amis.example' }],
  ['Google Groups rewrites From and keeps the sender in Reply-To', {
    from: '"Jane via Peace" <peace@googlegroups.com>', replyTo: 'jane@amis.example',
  }, { send: true, to: 'jane@amis.example' }],
  ['our own site\'s contact form: From us, Reply-To the visitor', {
    from: 'Web form <form@appeal.example>', replyTo: 'visitor@elsewhere.example',
  }, { send: true, to: 'visitor@elsewhere.example' }],
  ['a contact wins over both', { replyTo: 'office@amis.example', contact: 'orig@other.example' }, { send: true, to: 'orig@other.example' }],
  ['a bare From, upper case, is lower-cased', { from: 'JANE@AMIS.EXAMPLE' }, { send: true, to: 'jane@amis.example' }],
  ['analysis says no reply is due', { due: false }, { send: false, reason: 'not_due' }],
  ['no From and no Reply-To', { from: null }, { send: false, reason: 'no_recipient' }],
  ['a From that is only a name', { from: 'Jane Doe' }, { send: false, reason: 'invalid_address' }],
  ['an empty angle address (<>)', { from: 'Mail System <>' }, { send: false, reason: 'invalid_address' }],
  ['a domain without a dot', { from: 'jane@localhost' }, { send: false, reason: 'invalid_address' }],
  ['an invalid Reply-To is passed over for From', { replyTo: 'not an address' }, { send: true, to: 'jane@amis.example' }],
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
  ['Mailman -bounces address', { from: 'climate-bounces@lists.example' }, { send: false, reason: 'list_address' }],
  ['Mailman -bounces address with a VERP tag', { from: 'climate-bounces+jane=amis.example@lists.example' }, { send: false, reason: 'list_address' }],
  ['a Reply-To at the From domain that is a list address', { replyTo: 'climate-bounces@amis.example' }, { send: false, reason: 'list_address' }],
  ['"requests" inside a word is a person', { from: 'requests.team@amis.example' }, { send: true, to: 'requests.team@amis.example' }],
  ['limit 1: none sent yet -> send', { sentToRecipient: 0, perRecipientLimit: 1 }, { send: true, to: 'jane@amis.example' }],
  ['limit 1: one sent -> limited', { sentToRecipient: 1, perRecipientLimit: 1 }, { send: false, reason: 'rate_limited' }],
  ['limit 3: two sent -> send', { sentToRecipient: 2, perRecipientLimit: 3 }, { send: true, to: 'jane@amis.example' }],
  ['limit 3: three sent -> limited', { sentToRecipient: 3, perRecipientLimit: 3 }, { send: false, reason: 'rate_limited' }],
  ['limit 0: replies off for everyone', { sentToRecipient: 0, perRecipientLimit: 0 }, { send: false, reason: 'rate_limited' }],
  ['no limit', { sentToRecipient: 1000, perRecipientLimit: Infinity }, { send: true, to: 'jane@amis.example' }],
  ['a loop outranks the limit (the reason says why)', { from: 'noreply@shop.example', sentToRecipient: 9 }, { send: false, reason: 'noreply' }],
  ['an address our reply bounced from', { bouncing: true }, { send: false, reason: 'bouncing' }],
  ['not bouncing', { bouncing: false }, { send: true, to: 'jane@amis.example' }],
  ['bouncing outranks the limit', { bouncing: true, sentToRecipient: 3 }, { send: false, reason: 'bouncing' }],
  ['a machine address outranks bouncing', { from: 'postmaster@amis.example', bouncing: true }, { send: false, reason: 'postmaster' }],
  // REPLY_REQUIRE_AUTH=dmarc: only the topmost Authentication-Results (our server's) counts unless an authserv-id is given.
  ['auth not required: no results needed', { requireAuth: null }, { send: true, to: 'jane@amis.example' }],
  ['dmarc required, no results recorded', { requireAuth: 'dmarc' }, { send: false, reason: 'unauthenticated' }],
  ['dmarc required, dmarc=pass for the From domain', { requireAuth: 'dmarc', authResults: ['mx.appeal.example; dmarc=pass header.from=amis.example'] }, { send: true, to: 'jane@amis.example' }],
  ['dmarc required, dmarc=fail', { requireAuth: 'dmarc', authResults: ['mx.appeal.example; spf=fail smtp.mailfrom=amis.example; dmarc=fail header.from=amis.example'] }, { send: false, reason: 'unauthenticated' }],
  ['dmarc=pass for another domain', { requireAuth: 'dmarc', authResults: ['mx.appeal.example; dmarc=pass header.from=other.example'] }, { send: false, reason: 'unauthenticated' }],
  ['aligned spf=pass (a subdomain of the From domain)', { requireAuth: 'dmarc', authResults: ['mx.appeal.example; spf=pass smtp.mailfrom=bounce@mail.amis.example'] }, { send: true, to: 'jane@amis.example' }],
  ['unaligned spf=pass (a mailing service)', { requireAuth: 'dmarc', authResults: ['mx.appeal.example; spf=pass smtp.mailfrom=bounces@sender.example'] }, { send: false, reason: 'unauthenticated' }],
  ['aligned dkim=pass', { requireAuth: 'dmarc', authResults: ['mx.appeal.example; dkim=pass (2048-bit key) header.d=amis.example header.s=s1; spf=softfail'] }, { send: true, to: 'jane@amis.example' }],
  ['unaligned dkim=pass', { requireAuth: 'dmarc', authResults: ['mx.appeal.example; dkim=pass header.d=esp.example'] }, { send: false, reason: 'unauthenticated' }],
  ['a pass only in a lower (forgeable) header', { requireAuth: 'dmarc', authResults: ['mx.appeal.example; dmarc=none', 'forger.example; dmarc=pass header.from=amis.example'] }, { send: false, reason: 'unauthenticated' }],
  ['with our authserv-id, our header is found below others', { requireAuth: 'dmarc', authservId: 'mx.appeal.example', authResults: ['relay.example; dmarc=fail', 'mx.appeal.example; dmarc=pass header.from=amis.example'] }, { send: true, to: 'jane@amis.example' }],
  ['with our authserv-id, a pass by someone else does not count', { requireAuth: 'dmarc', authservId: 'mx.appeal.example', authResults: ['forger.example; dmarc=pass header.from=amis.example'] }, { send: false, reason: 'unauthenticated' }],
  ['auth is checked on From even when Reply-To is elsewhere', { requireAuth: 'dmarc', replyTo: 'office@elsewhere.example', authResults: ['mx.appeal.example; dkim=pass header.d=amis.example'] }, { send: true, to: 'jane@amis.example' }],
  ['auth is checked on From when Reply-To is proven', { requireAuth: 'dmarc', replyTo: 'office@elsewhere.example', authResults: ['mx.appeal.example; dkim=pass header.d=elsewhere.example'] }, { send: false, reason: 'unauthenticated' }],
  // REPLY_REQUIRE_AUTH=auto (the default): dmarc whenever our own server's results are on the message.
  ['auto, our server\'s results say fail', { requireAuth: 'auto', authservId: 'mx.appeal.example', authResults: ['mx.appeal.example; dmarc=fail header.from=amis.example'] }, { send: false, reason: 'unauthenticated' }],
  ['auto, our server\'s results say pass', { requireAuth: 'auto', authservId: 'mx.appeal.example', authResults: ['mx.appeal.example; dmarc=pass header.from=amis.example'] }, { send: true, to: 'jane@amis.example' }],
  ['auto, no results of our server', { requireAuth: 'auto', authservId: 'mx.appeal.example', authResults: ['relay.example; dmarc=fail'] }, { send: true, to: 'jane@amis.example' }],
  ['auto without an authserv-id: not asked', { requireAuth: 'auto', authResults: ['mx.appeal.example; dmarc=fail'] }, { send: true, to: 'jane@amis.example' }],
];

test.each(table)('%s', (_name, over, expected) => {
  expect(decideReply({ ...base, ...over })).toMatchObject(expected);
});

test('a suppression still names the recipient it would have gone to, for the review page', () => {
  expect(decideReply({ ...base, sentToRecipient: 5 })).toEqual({ send: false, reason: 'rate_limited', to: 'jane@amis.example' });
});

test('a passed-over Reply-To is noted on the decision', () => {
  expect(decideReply({ ...base, replyTo: 'victim@other.example' })).toEqual({
    send: true, to: 'jane@amis.example', note: 'Reply-To victim@other.example not proven by the message: reply to From',
  });
});

test('replyRecipient reads a quoted display name with commas and angle brackets', () => {
  expect(replyRecipient({ from: '"Doe, Jane <boss>" <jane@amis.example>', replyTo: null })).toEqual({
    value: '"Doe, Jane <boss>" <jane@amis.example>', address: 'jane@amis.example',
  });
});

describe('circuitBreaker: both sides of REPLY_MAX_PER_HOUR', () => {
  const at = Date.UTC(2026, 0, 1, 12);
  const hour = 3600_000;
  const row = (over: Partial<BreakerInput>): BreakerInput => ({ sentInWindow: 1, max: 200, oldestAt: at, windowMs: hour, ...over });
  test.each<[string, Partial<BreakerInput>, ReturnType<typeof circuitBreaker>]>([
    ['the first reply of the hour', { sentInWindow: 1 }, { open: false }],
    ['199th of 200', { sentInWindow: 199 }, { open: false }],
    ['200th of 200: still allowed', { sentInWindow: 200 }, { open: false }],
    ['201st of 200: paused until the oldest leaves the window', { sentInWindow: 201, oldestAt: at - 10 * 60_000 }, { open: true, retryAt: at + 50 * 60_000 }],
    ['limit 1: the second is paused', { sentInWindow: 2, max: 1 }, { open: true, retryAt: at + hour }],
    ['limit 1: the first goes', { sentInWindow: 1, max: 1 }, { open: false }],
  ])('%s', (_name, over, expected) => {
    expect(circuitBreaker(row(over))).toEqual(expected);
  });
});

test('the reply settings default to the safe side: auto authentication, daily and per-domain holds', () => {
  const c = loadConfig({
    IMAP_HOST: 'imap.example.org', IMAP_USER: 'info@example.org', IMAP_PASSWORD: 'pw', SMTP_HOST: 'smtp.example.org',
    FROM_ADDRESS: 'info@example.org', APPEAL_TITLE: 'Stop the war',
  });
  expect(c).toMatchObject({ REPLY_REQUIRE_AUTH: 'auto', REPLY_MAX_PER_DOMAIN_PER_HOUR: 30, REPLY_MAX_PER_DAY: 1000, BOUNCE_MARK_DAYS: 30, RAW_TTL_HOURS: 72 });
  expect(c.REPLY_SECRET).toBeUndefined();
});
