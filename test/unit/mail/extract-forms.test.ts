import { extractEndorsements } from '../../../src/mail/extract';
import type { Address, ExtractInput } from '../../../src/mail/types';

const addr = (address: string, name = ''): Address => ({ address, name });

function input(from: Address, body: string, signature = '', subject = 'Appeal'): ExtractInput {
  return {
    mail: {
      messageId: null, from, replyTo: null, to: [addr('info@ukraine-solidarity.eu')], cc: [], subject, date: null, inReplyTo: null,
      references: [], headers: {}, contentType: 'text/plain', text: body, html: null, attachments: [], size: 1,
    },
    kind: 'endorsement', language: null, body, signature, forwarded: null, attachmentText: '',
  };
}
const brief = (e: ReturnType<typeof extractEndorsements>) => e.map((x) => [x.signerType, x.organisation ?? x.name, x.country, x.website, x.contactName]);

describe('extractEndorsements: forms seen in the wild', () => {
  it('reads a bulleted member list that has no introducing colon', () => {
    const got = extractEndorsements(
      input(addr('contact@antiwar.eu', 'Antiwar Europe'), 'Antiwar Europe endorses the appeal.\nSigned by\n- Rete Pace Sicilia (Italia)\n- Kollektiv Morgenrot – Leipzig, Germany'),
    );
    expect(brief(got)).toEqual([
      ['organisation', 'Antiwar Europe', null, 'antiwar.eu', null],
      ['organisation', 'Rete Pace Sicilia', 'IT', null, null],
      ['organisation', 'Kollektiv Morgenrot', 'DE', null, null],
    ]);
  });

  it('splits a one-line signature at its separators and takes a legal form as an organisation mark', () => {
    const got = extractEndorsements(input(addr('info@antifa-ost.de', 'Antifa Ost'), 'Wir unterstützen den Aufruf.', 'Grüße\nAntifa Ost e.V. · Hauptstr. 5 · 04109 Leipzig'));
    expect(brief(got)).toEqual([['organisation', 'Antifa Ost e.V.', 'DE', 'antifa-ost.de', null]]);
  });

  it('reads "Nous, X – City, signons" with the city as the country', () => {
    const got = extractEndorsements(
      input(addr('comite@solidarite-ukraine.org', 'Sophie Lambert'), "Bonjour,\n\nNous, Comité Solidarité Ukraine – Liège, signons l'appel.", 'Bien à vous,\nSophie Lambert'),
    );
    expect(brief(got)).toEqual([['organisation', 'Comité Solidarité Ukraine', 'BE', 'solidarite-ukraine.org', 'Sophie Lambert']]);
  });

  // Issue 8: "X z Poznania popiera" keeps sentence words in the name; the town is the signer's place.
  it('takes "z Krakowa" (an inflected town) out of the name, as its place', () => {
    const got = extractEndorsements(
      input(addr('info@lgbt-solidarity.org', 'LGBT+ Solidarność'), 'Dzień dobry,\n\nStowarzyszenie LGBT+ Solidarność z Krakowa przyłącza się do apelu.', 'Pozdrawiamy\nZarząd'),
    );
    expect(brief(got)).toEqual([['organisation', 'Stowarzyszenie LGBT+ Solidarność', 'PL', 'lgbt-solidarity.org', null]]);
  });

  it('takes the board out of "on behalf of the board of X"', () => {
    const got = extractEndorsements(
      input(addr('sec@lawg.org', 'Sarah'), 'On behalf of the board of the Leeds Anti-War Group, I confirm that we endorse the appeal.', 'Best,\nSarah Green'),
    );
    expect(brief(got)).toEqual([['organisation', 'Leeds Anti-War Group', 'GB', 'lawg.org', 'Sarah Green']]);
  });

  it('does not take an acronym or a country in the From name for a person', () => {
    const got = extractEndorsements(input(addr('swp.ireland@gmail.com', 'SWP Ireland'), 'Please add the Socialist Workers Party of Ireland to the list of signatories.', 'Thanks\nSeán'));
    expect(brief(got)).toEqual([['organisation', 'Socialist Workers Party of Ireland', 'IE', null, 'Seán']]);
  });

  it('takes Ukraine as the country when the sender says they are based there, not when it is the topic', () => {
    const based = extractEndorsements(input(addr('a@gmail.com', 'Ivan Petrenko'), 'We are a student union based in Ukraine. Students United endorses the appeal.'));
    const topic = extractEndorsements(input(addr('b@gmail.com', 'Ann Berg'), 'We are horrified by the war in Ukraine. Students United endorses the appeal.'));
    const exiles = extractEndorsements(input(addr('c@gmail.com', 'Oleg'), 'We are a group of exiles from Russia. Free Voices Collective endorses the appeal.'));
    expect([based[0]!.country, topic[0]!.country, exiles[0]!.country]).toEqual(['UA', null, null]);
  });

  it('ignores a website in the prose that is not the organisation\'s', () => {
    const got = extractEndorsements(
      input(addr('peace.group@gmail.com', 'Kent Peace Group'), 'Kent Peace Group endorses the appeal, as reported on www.newsportal.com yesterday.', 'Best\nKim'),
    );
    expect(got[0]!.website).toBeNull();
    const own = extractEndorsements(input(addr('kpg@gmail.com', 'Kim'), 'Kent Peace Group endorses the appeal. See kentpeacegroup.org.'));
    expect(own[0]!.website).toBe('kentpeacegroup.org');
  });

  it('reads the organisation a reply asks to add, and does not give it the parent\'s domain', () => {
    const got = extractEndorsements(
      input(addr('daniel@corksolidarity.ie', 'Okafor, Daniel'), 'Could you also add our sister organisation, Bristol Renters Union, to the list?', 'Thanks,\nDaniel'),
    );
    expect(brief(got)).toEqual([['organisation', 'Bristol Renters Union', 'GB', null, 'Daniel Okafor']]);
  });

  it('reads the person in a From name rewritten by a list, and the organisation after "the executive committee of"', () => {
    const got = extractEndorsements(
      input(
        addr('tom@wfu.org.uk', 'Tom Harris via Union Lists'),
        'At its meeting on 12 February the executive committee of the Wessex Fire Union agreed to endorse the appeal.',
      ),
    );
    expect(brief(got)).toEqual([['organisation', 'Wessex Fire Union', 'GB', 'wfu.org.uk', 'Tom Harris']]);
  });

  it('takes a one-word name the sender put in quotes, and the Ukrainian genitive of a city', () => {
    const got = extractEndorsements(input(addr('svitlo@gmail.com', 'Анна Коваль'), 'Ми, громадська організація «Світло» з Харкова, підтримуємо звернення.'));
    expect(brief(got)).toEqual([['organisation', 'Світло', 'UA', null, 'Анна Коваль']]);
  });

  it('gives a member with an unknown place the message\'s country, and does not take the From name of a coalition for a person', () => {
    const got = extractEndorsements(
      input(
        addr('coord@redmexicana.org.mx', 'Red Mexicana'),
        'Compañeras:\n\nLa Red Mexicana de Solidaridad suscribe el llamamiento, junto con las siguientes organizaciones:\n\n' +
          'Colectivo Tierra y Libertad (Oaxaca)\nFrente Popular de Guadalajara',
        'Saludos,\nLucía Hernández\nRed Mexicana de Solidaridad',
      ),
    );
    expect(brief(got)).toEqual([
      ['organisation', 'Red Mexicana de Solidaridad', 'MX', 'redmexicana.org.mx', 'Lucía Hernández'],
      ['organisation', 'Colectivo Tierra y Libertad', 'MX', null, 'Lucía Hernández'],
      ['organisation', 'Frente Popular de Guadalajara', 'MX', null, 'Lucía Hernández'],
    ]);
  });

  it('matches a domain to the initials of the name without its small words, and skips an unlisted sign-off', () => {
    const got = extractEndorsements(
      input(addr('contact@ujs.fr', 'UJS'), "Bonjour, l'Union des Jeunes Solidaires (UJS) apporte son soutien à l'appel.", 'Üdvözlettel:\nKovács Anna'),
    );
    expect(brief(got)).toEqual([['organisation', 'Union des Jeunes Solidaires', 'FR', 'ujs.fr', 'Kovács Anna']]);
    expect(got[0]!.aliases).toContain('UJS');
  });

  it('falls back to an organisation From name when the text names no signer', () => {
    const got = extractEndorsements(input(addr('info@peacenet.org', 'PeaceNet Collective'), 'Yes, count us in.'));
    expect(brief(got)).toEqual([['organisation', 'PeaceNet Collective', null, 'peacenet.org', null]]);
  });
});

