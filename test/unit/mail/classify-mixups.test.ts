import { analyzeMail } from '../../../src/mail/analyze';
import { CTX, mail } from './classify-mail.helper';

describe('out-of-office replies without automatic-reply headers', () => {
  it.each([
    ['ro', 'Sunt în concediu până pe 20 februarie', 'Bună ziua, sunt în concediu până pe 20 februarie și nu am acces la e-mail.'],
    ['el', 'Re: Call for endorsements', 'Απουσιάζω από το γραφείο έως και τις 27 Φεβρουαρίου και δεν θα έχω πρόσβαση στο ηλεκτρονικό ταχυδρομείο.'],
    ['be', 'Аўтаадказ: у адпачынку да 27 лютага', 'Дзякуй за ліст. Я ў адпачынку да 27 лютага і не маю доступу да пошты.'],
    ['hu', 'Re: Felhívás', 'Szabadságon vagyok március 3-ig, utána válaszolok.'],
    ['nl', 'Re: Oproep', 'Ik ben met vakantie tot 6 maart en lees mijn mail niet.'],
    ['fi', 'Re: Vetoomus', 'Olen lomalla 10.3. asti.'],
  ])('reads a %s out-of-office reply as an auto-reply', async (_lang, subject, body) => {
    const a = analyzeMail(await mail({ Subject: subject }, body), CTX);
    expect(a.kind).toBe('auto_reply');
    expect(a.acknowledge).toBe(false);
  });

  it('keeps an endorsement that mentions the writer’s holiday an endorsement', async () => {
    const body = 'Our union endorses the appeal. I will be on holiday until 3 March, so please write to my colleague if you need anything.';
    expect(analyzeMail(await mail({ Subject: 'Endorsement' }, body), CTX).kind).toBe('endorsement');
  });
});

describe('challenge-response and calendar invitations', () => {
  it('reads a sender-verification challenge as an auto-reply', async () => {
    const body = 'The message you sent requires that you verify that you\nare a real live human being and not a spam source.\n\nTo complete this verification, simply reply to this message.';
    expect(analyzeMail(await mail({ Subject: 'Your email requires verification verify#123' }, body), CTX).kind).toBe('auto_reply');
  });

  it('reads a calendar invitation a person sent as a question, despite Auto-Submitted', async () => {
    const raw = [
      'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', '',
      'You have been invited to an online meeting of the organisations that want to sign the appeal. Can you present it?', '',
      '--b', 'Content-Type: text/calendar; method=REQUEST; charset=utf-8', '', 'BEGIN:VCALENDAR', 'METHOD:REQUEST', 'END:VCALENDAR', '', '--b--', '',
    ];
    const m = await mail({ 'Auto-Submitted': 'auto-generated', Subject: 'Invitation: meeting on the appeal', 'Content-Type': raw[0]!.slice(14) }, raw.slice(2).join('\n'));
    expect(analyzeMail(m, CTX).kind).toBe('question');
  });
});

describe('spam and machine mail dressed as endorsements', () => {
  it('does not let an "endorse" subject overrule List-Unsubscribe and a mass mailer', async () => {
    const m = await mail(
      { Subject: 'We endorse your appeal!', 'List-Unsubscribe': '<https://mailer.example/u/1>', 'Feedback-ID': 'c1:mailer', To: 'subscribers@mailer.example' },
      'Hundreds of organisations have signed appeals like yours. Our platform helps you grow your list. Book a demo today.',
    );
    const a = analyzeMail(m, CTX);
    expect(['bulk', 'spam']).toContain(a.kind);
    expect(a.acknowledge).toBe(false);
  });

  it('does not let the subject decide for a mail with List-Unsubscribe, even addressed to us', async () => {
    const m = await mail(
      { Subject: 'Endorsement of the appeal Stop the war', 'List-Unsubscribe': '<https://crm.example/u/9>' },
      'Dear friends, our spring offers are here: discover the new collection in our shop.',
    );
    const a = analyzeMail(m, CTX);
    expect(a.kind).not.toBe('endorsement');
    expect(a.acknowledge).toBe(false);
  });

  it('reads a discussion list’s copy of a member’s clear endorsement as an endorsement, acknowledged to the member', async () => {
    const m = await mail(
      {
        From: "'Fiona Mac' via Solidarity Coordination <coord@lists.example>",
        'Reply-To': 'Fiona Mac <secretary@campaign.example>',
        'X-Original-Sender': 'secretary@campaign.example',
        'List-Id': '<coord.lists.example>',
        'List-Post': '<mailto:coord@lists.example>',
        Precedence: 'list',
        To: 'coord@lists.example',
        Subject: 'Glasgow endorsement of the appeal',
      },
      'Our campaign agreed to endorse the appeal. Could whoever looks after the signatory list add us?',
    );
    const a = analyzeMail(m, CTX);
    expect(a.kind).toBe('endorsement');
    expect(a.acknowledge).toBe(true);
  });

  it('reads ordinary list traffic from a discussion list as bulk', async () => {
    const m = await mail(
      { From: "'Ann' via Coordination <coord@lists.example>", 'X-Original-Sender': 'ann@group.example', 'List-Id': '<coord.lists.example>', Precedence: 'list', To: 'coord@lists.example', Subject: 'Minutes' },
      'Here are the minutes of Tuesday’s call.',
    );
    expect(analyzeMail(m, CTX).kind).toBe('bulk');
  });
});

describe('questions and withdrawals full of endorsing words', () => {
  it.each([
    ['asks to leave our mailings', 'Please take me off this mailing list. I never signed anything.', 'Re: Reminder: endorse the appeal', 'question'],
    ['reports an earlier endorsement and asks about the list', 'We sent our endorsement on 10 February, but we are still not on the list of signatories. Does it take time?', 'Question about the list of signatories', 'question'],
    ['withdraws though it names the endorsement', 'Our board decided that we no longer sign political appeals. Please remove our name from the list of signatories.', 'Withdrawal', 'withdrawal'],
  ])('%s', async (_what, body, subject, kind) => {
    expect(analyzeMail(await mail({ Subject: subject }, body), CTX).kind).toBe(kind);
  });
});

describe('web-form relays', () => {
  it('reads the form’s text as the sender’s words and acknowledges the Reply-To', async () => {
    const body = 'From: Lorraine W <lorraine@mail.example>\nSubject: Adding my name\n\nMessage Body:\nI would like to add my name to your appeal as an individual.\n\n--\nThis e-mail was sent from a contact form on the appeal website';
    const a = analyzeMail(await mail({ From: 'Appeal site <wordpress@appeal.example>', 'Reply-To': 'Lorraine W <lorraine@mail.example>', Subject: 'Appeal site "Adding my name"' }, body), CTX);
    expect(a.kind).toBe('endorsement');
    expect(a.acknowledge).toBe(true);
  });
});
