import { extractEndorsements } from '../../../src/mail/extract';
import type { Address, ExtractInput, InboundMail } from '../../../src/mail/types';

const addr = (address: string, name = ''): Address => ({ address, name });

function input(o: {
  from: Address;
  replyTo?: Address;
  subject?: string;
  body: string;
  signature?: string;
  forwarded?: ExtractInput['forwarded'];
  attachmentText?: string;
}): ExtractInput {
  const mail: InboundMail = {
    messageId: '<t@example.test>', from: o.from, replyTo: o.replyTo ?? null, to: [addr('info@ukraine-solidarity.eu')], cc: [],
    subject: o.subject ?? 'Appeal', date: null, inReplyTo: null, references: [], headers: {}, contentType: 'text/plain',
    text: o.body, html: null, attachments: [], size: 100,
  };
  return {
    mail, kind: 'endorsement', language: null, body: o.body, signature: o.signature ?? '', forwarded: o.forwarded ?? null,
    attachmentText: o.attachmentText ?? '',
  };
}

describe('extractEndorsements: one organisation', () => {
  it('reads the subject of an endorsing sentence, in the uninflected form its signature gives', () => {
    const [e, ...rest] = extractEndorsements(
      input({
        from: addr('maria@leftforum.de', 'Maria Schulz'),
        body: 'Liebe Freund*innen,\n\ndas Linke Forum Leipzig unterstützt euren Aufruf „Stoppt den Krieg! Frieden!“.',
        signature: 'Solidarische Grüße\nMaria Schulz\nLinkes Forum Leipzig\nwww.leftforum.de',
      }),
    );
    expect(rest).toEqual([]);
    expect(e).toMatchObject({
      signerType: 'organisation', organisation: 'Linkes Forum Leipzig', country: 'DE', website: 'leftforum.de',
      contactName: 'Maria Schulz', contactEmail: 'maria@leftforum.de',
    });
    expect(e!.evidence.organisation).toMatchObject({ source: 'body' });
    expect(e!.evidence.organisation!.confidence).toBeGreaterThan(0.5);
  });

  it('takes a name given for the list in the sender\'s own words over other forms', () => {
    const [e] = extractEndorsements(
      input({
        from: addr('oksana@ukr.net', 'Оксана Мельник'),
        body: 'Громадська ініціатива «Надія» підтримує звернення. Просимо вказати у списку латиницею: Hromadska Initsiatyva Nadiia (Lviv).',
        signature: 'З повагою,\nОксана Мельник',
      }),
    );
    expect(e).toMatchObject({ organisation: 'Hromadska Initsiatyva Nadiia (Lviv)', country: 'UA', website: null, contactName: 'Оксана Мельник' });
  });

  it('drops decorative quotes, a place in parentheses and a leading article', () => {
    const [e] = extractEndorsements(
      input({
        from: addr('info@asociacion-paz.es', 'Asociación «Paz y Pan»'),
        body: 'Hola:\n\nLa Asociación «Paz y Pan» (Sevilla) se adhiere al llamamiento.',
        signature: 'Un abrazo,\nJuan Pérez',
      }),
    );
    expect(e).toMatchObject({ organisation: 'Asociación Paz y Pan', country: 'ES', website: 'asociacion-paz.es', contactName: 'Juan Pérez' });
  });

  it('records an ALL CAPS signature name in normal case and no contact when a committee signs', () => {
    const [e] = extractEndorsements(
      input({
        from: addr('segreteria@retepace.it', 'Segreteria'),
        body: 'Con la presente comunichiamo la nostra adesione all’appello.',
        signature: 'Cordiali saluti\nIl direttivo\nRETE PER LA PACE DI PADOVA\nwww.retepace.it',
      }),
    );
    expect(e).toMatchObject({ organisation: 'Rete per la Pace di Padova', country: 'IT', website: 'retepace.it', contactName: null });
  });

  it('uses an organisation From display name when the text names nobody, and Reply-To as the contact', () => {
    const [e] = extractEndorsements(
      input({
        from: addr('noreply@peacecollective.org', 'Harbour Peace Collective'),
        replyTo: addr('Team@PeaceCollective.org', 'Team'),
        body: 'Sign us up please!',
        signature: 'Cheers,\nTomás',
      }),
    );
    expect(e).toMatchObject({
      organisation: 'Harbour Peace Collective', website: 'peacecollective.org', country: null, contactName: 'Tomás',
      contactEmail: 'team@peacecollective.org',
    });
    expect(e!.evidence.contactEmail!.source).toBe('reply-to');
  });

  it('never takes a public mail provider for a website, nor its ccTLD for a country', () => {
    const [e] = extractEndorsements(
      input({
        from: addr('kasia.nowak@wp.pl', 'Kasia Nowak'),
        body: 'Dzień dobry, Inicjatywa Pracownicza Gdańsk podpisuje apel.',
        signature: 'Pozdrawiam\nKasia Nowak',
      }),
    );
    expect(e).toMatchObject({ organisation: 'Inicjatywa Pracownicza Gdańsk', website: null, country: 'PL' });
  });

  it('does not take a country from the appeal\'s topic words or the language', () => {
    const [e] = extractEndorsements(
      input({
        from: addr('collective@riseup.net', 'Night Owls Collective'),
        body: 'Night Owls Collective endorses the appeal. We stand with Ukrainian workers and with Russians who refuse the war in Ukraine.',
        signature: 'In solidarity,\nNight Owls Collective',
      }),
    );
    expect(e).toMatchObject({ organisation: 'Night Owls Collective', country: null, website: null, contactName: null });
  });

  it('leaves the website empty when the signature names another organisation than the signer', () => {
    const [e, ...rest] = extractEndorsements(
      input({
        from: addr('ann@tenantsunion.org.uk', 'Ann Lee'),
        body: 'Our student branch, Leeds Student Tenants Network, also voted to endorse the appeal.',
        signature: 'Best wishes,\nAnn Lee\nSecretary, Leeds Tenants Union\ntenantsunion.org.uk',
      }),
    );
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ organisation: 'Leeds Student Tenants Network', website: null, country: 'GB', contactName: 'Ann Lee' });
  });
});

describe('extractEndorsements: coalitions, individuals, forwards', () => {
  it('makes one entry per listed member, with the country written on its line', () => {
    const list = extractEndorsements(
      input({
        from: addr('contact@balticpeace.eu', 'Baltic Peace Network'),
        body:
          'Baltic Peace Network endorses the appeal. The following member groups also sign:\n\n' +
          '- Vilnius Solidarity Group (Lithuania)\n- Riga Peace Initiative – Riga, Latvia\n- Tartu Workers Union (Estonia)\n\nThanks!',
        signature: 'Best,\nLina Kazlauskaitė\nBaltic Peace Network',
      }),
    );
    expect(list.map((e) => [e.organisation, e.country, e.website])).toEqual([
      ['Baltic Peace Network', null, 'balticpeace.eu'],
      ['Vilnius Solidarity Group', 'LT', null],
      ['Riga Peace Initiative', 'LV', null],
      ['Tartu Workers Union', 'EE', null],
    ]);
    expect(new Set(list.map((e) => e.contactName))).toEqual(new Set(['Lina Kazlauskaitė']));
  });

  it('reads an individual signer without titles or affiliation, and with no website or contact name', () => {
    const [e, ...rest] = extractEndorsements(
      input({
        from: addr('j.moreau@univ-lyon.fr', 'Julien Moreau'),
        body: 'Je signe l’appel à titre individuel. Merci de m’inscrire comme : Prof. Julien Moreau, historien, Université de Lyon (affiliation à titre indicatif).',
        signature: 'Bien à vous,\nJulien Moreau',
      }),
    );
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ signerType: 'individual', organisation: null, name: 'Julien Moreau', website: null, contactName: null, country: 'FR' });
  });

  it('answers the original sender of a forward and reads the forwarded text', () => {
    const [e] = extractEndorsements(
      input({
        from: addr('organiser@gmail.com', 'Helpful Organiser'),
        subject: 'Fwd: endorsement',
        body: 'Forwarding this one for the list.',
        signature: 'Cheers,\nHelpful Organiser',
        forwarded: {
          from: addr('Kontakt@Friedensnetz-Kiel.de', 'Friedensnetz Kiel'),
          text: 'Hallo,\n\ndas Friedensnetz Kiel unterzeichnet den Aufruf.\n\nViele Grüße\nJens Petersen\nFriedensnetz Kiel',
        },
      }),
    );
    expect(e).toMatchObject({
      organisation: 'Friedensnetz Kiel', contactEmail: 'kontakt@friedensnetz-kiel.de', contactName: 'Jens Petersen',
      website: 'friedensnetz-kiel.de', country: 'DE',
    });
    expect(e!.evidence.contactEmail!.source).toBe('forwarded');
  });

  it('reads a letter that is only in the attachment text', () => {
    const [e] = extractEndorsements(
      input({
        from: addr('office@gewerkschaft-wien.at', 'Büro'),
        body: 'Anbei unser Schreiben.',
        attachmentText: 'Sehr geehrte Damen und Herren,\n\ndie Basisgewerkschaft Wien-Favoriten unterstützt den Aufruf.\n\nMit freundlichen Grüßen\nKarl Huber\nObmann',
      }),
    );
    expect(e).toMatchObject({ organisation: 'Basisgewerkschaft Wien-Favoriten', country: 'AT', website: 'gewerkschaft-wien.at', contactName: 'Karl Huber' });
  });
});

describe('extractEndorsements: robustness', () => {
  it('carries no state from one message to the next', () => {
    const first = input({ from: addr('a@peace-kiel.de', 'A'), body: 'Hallo.\n\nPeace Network Kiel endorses the appeal today' });
    const second = input({ from: addr('b@kpu.de', 'B'), body: 'Kiel Peace Union endorses.' });
    expect(extractEndorsements(first)[0]!.organisation).toBe('Peace Network Kiel');
    expect(extractEndorsements(second)[0]!.organisation).toBe('Kiel Peace Union');
  });

  it('never throws on a malformed input and still names the contact', () => {
    const bad = { ...input({ from: addr('x@example.org'), body: '' }), body: undefined, signature: null } as unknown as ExtractInput;
    expect(() => extractEndorsements(bad)).not.toThrow();
    expect(extractEndorsements(bad)[0]!.contactEmail).toBe('x@example.org');
  });

  it('reads no more than a line of a 130 kB subject or display name', () => {
    const big = input({ from: addr('a@b.org', 'Peace Union '.repeat(10_000)), subject: 'Solidarity Union - '.repeat(7_000), body: 'We endorse.' });
    const t0 = Date.now();
    const got = extractEndorsements(big);
    expect(Date.now() - t0).toBeLessThan(500);
    expect(got).toHaveLength(1);
  });

  it('is linear on hostile text: 100k characters on one line and 10,000 lines', () => {
    const oneLine = 'Union '.repeat(10_000) + '(((' + 'a, '.repeat(15_000) + ' endorses «' + '!'.repeat(10_000);
    const manyLines = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? 'Network:' : '- Peace Group (Sverige)')).join('\n');
    const t0 = Date.now();
    const a = extractEndorsements(input({ from: addr('a@b.org', 'A B'), body: oneLine, signature: 'www.'.repeat(20_000) }));
    const b = extractEndorsements(input({ from: addr('a@b.org', 'A B'), body: manyLines }));
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
  });
});
