/**
 * What is and is not a signer's name: job titles, form labels, dates and sentences are never names;
 * places, translations and acronyms are peeled off; relays, forwards of our own mail and coalition
 * lists give the right signers. Messages written for these tests.
 */
import { extractEndorsements } from '../../../src/mail/extract';
import type { Address, ExtractInput, InboundMail } from '../../../src/mail/types';

const addr = (address: string, name = ''): Address => ({ address, name });
const US = addr('info@ukraine-solidarity.eu', 'European Network for Solidarity with Ukraine');

function mailOf(o: { from: Address; replyTo?: Address; text: string; subject?: string; to?: Address[] }): InboundMail {
  return {
    messageId: null, from: o.from, replyTo: o.replyTo ?? null, to: o.to ?? [US], cc: [], subject: o.subject ?? 'Appeal', date: null, inReplyTo: null,
    references: [], headers: {}, contentType: 'text/plain', text: o.text, html: null, attachments: [], size: 1,
  };
}

function run(from: Address, body: string, signature = '', more: Partial<ExtractInput> = {}): ReturnType<typeof extractEndorsements> {
  return extractEndorsements({ mail: mailOf({ from, text: body }), kind: 'endorsement', language: null, body, signature, forwarded: null, attachmentText: '', ...more });
}
const names = (es: ReturnType<typeof extractEndorsements>) => es.map((e) => e.organisation ?? e.name);

describe('never a name', () => {
  it('takes no job title: the organisation under it signs', () => {
    const got = run(addr('presse@linkes-forum-jena.de', 'Katrin Weiß'), 'Wir unterstützen den Aufruf.', 'Katrin Weiß\nPressesprecherin\nLinkes Forum Jena');
    expect(names(got)).toEqual(['Linkes Forum Jena']);
    expect(got[0]!.contactName).toBe('Katrin Weiß');
  });

  it('takes no sentence with a date for a name', () => {
    const got = run(
      addr('sec@ucu-leeds.org.uk', 'Tom Hardy'),
      'At its meeting of 3 March 2023 the Executive Committee resolved to endorse the appeal.',
      'Tom Hardy\nBranch Secretary\nLeeds Tenants Union',
    );
    expect(names(got)).toEqual(['Leeds Tenants Union']);
  });

  it('drops clause words after a name ("hiermit", "z Poznania")', () => {
    expect(names(run(addr('kontakt@bruecken-ost.de'), 'Der Verein Brücken nach Osten hiermit unterstützt den Aufruf.'))).toEqual(['Brücken nach Osten']);
    const pl = run(addr('biuro@kolektyw.pl'), 'Kolektyw Solidarności Pracowniczej z Poznania popiera apel.');
    expect(names(pl)).toEqual(['Kolektyw Solidarności Pracowniczej']);
    expect(pl[0]!.country).toBe('PL');
  });

  it('does not cut a long name short, and keeps its diacritics', () => {
    const got = run(addr('info@zs-brno.cz'), 'Sdružení pro mír a spravedlnost v Jihomoravském kraji podporuje výzvu.');
    expect(names(got)).toEqual(['Sdružení pro mír a spravedlnost v Jihomoravském kraji']);
  });
});

describe('greetings, thanks and names in scripts with their own comma or no capitals', () => {
  it.each([
    ['zh', '您好，\n\n台北和平协会愿意联署这份呼吁。\n\n谢谢，\n陈美玲\n台北和平协会', '陈美玲'],
    ['ja', 'ご担当者様、\n\n大阪平和の会は賛同します。\n\nよろしくお願いします，\n山田花子\n大阪平和の会', '山田花子'],
    ['ar', 'تحية طيبة،\n\nجمعية السلام تنضم إلى النداء.\n\nمع التحية،\nأحمد بن علي\nجمعية السلام', 'أحمد بن علي'],
    ['he', 'שלום רב,\n\nעמותת שלום בגליל מצטרפת לקריאה.\n\nבברכה,\nרחל כהן\nעמותת שלום בגליל', 'רחל כהן'],
    ['hi', 'नमस्ते,\n\nशांति मंच इस अपील का समर्थन करता है।\n\nधन्यवाद\nराम कुमार\nशांति मंच', 'राम कुमार'],
    ['ka', 'გამარჯობა,\n\nმშვიდობის ასოციაცია უერთდება მოწოდებას.\n\nპატივისცემით,\nნინო ბერიძე\nმშვიდობის ასოციაცია', 'ნინო ბერიძე'],
  ])('%s: a greeting is no contact person; the name under the thanks is', (_lang, text, person) => {
    const got = run(addr('info@peace.example.org'), text);
    expect(got.map((e) => e.contactName)).toEqual([person]);
  });

  it('ka: a clause of prose cut at its comma is no name line, so the place after it still counts', () => {
    const body = 'ქუთაისის მშვიდობის ქსელი უერთდება მოწოდებას.\n\nსიაში გთხოვთ, ჩაგვწეროთ ასე: Kutaisi Peace Network (Georgia).';
    const got = run(addr('kutaisi.peace@gmail.com'), body, 'ნინო ბერიძე\nქუთაისის მშვიდობის ქსელი');
    expect(got.map((e) => [e.country, e.contactName])).toEqual([['GE', 'ნინო ბერიძე']]);
  });

  it('he: a display name without capitals is not taken for a person (groups are named so as often)', () => {
    const got = run(addr('haifa@shalom-now.org.il', 'שלום עכשיו חיפה'), 'אנחנו מצטרפים לקריאה.');
    expect(got.map((e) => [e.signerType, e.organisation])).toEqual([['organisation', 'שלום עכשיו חיפה']]);
  });
});

describe('words that open a name, not strip it', () => {
  it.each([
    ['an article that opens a place ("La Paz")', 'La Paz Collective, Chicago, USA', 'La Paz Collective'],
    ['an article that opens a place ("The Hague")', 'The Hague Peace Forum', 'The Hague Peace Forum'],
    ['a body word that opens a name ("Bureau de la Paix")', 'Bureau de la Paix Lyon', 'Bureau de la Paix Lyon'],
    ['an article before no place still goes', 'The Leeds Trades Council', 'Leeds Trades Council'],
  ])('%s', (_what, line, org) => {
    const got = run(addr('maria@example-peace.org', 'Maria Gonzalez'), 'Count us in!', `Maria Gonzalez\n${line}`);
    expect(got.map((e) => e.organisation)).toEqual([org]);
  });

  it.each([
    ['fr', 'Nous, membres du Mouvement de la Paix de Grenoble, soutenons l’appel.', 'Mouvement de la Paix de Grenoble'],
    ['de', 'Wir, die Mitglieder der Friedensgruppe Kiel, unterstützen den Aufruf.', 'Friedensgruppe Kiel'],
    ['de', 'Die Mitglieder der Friedensgruppe Kiel unterstützen den Aufruf.', 'Friedensgruppe Kiel'],
    ['es', 'Nosotros, los miembros de la Asociación Paz Sevilla, apoyamos el llamamiento.', 'Asociación Paz Sevilla'],
    ['it', 'I membri del Circolo Pace Torino sottoscrivono l’appello.', 'Circolo Pace Torino'],
  ])('%s: "the members of X" sign as X: %s', (_lang, text, org) => {
    expect(run(addr('someone@gmail.com', 'S'), text).map((e) => e.organisation)).toEqual([org]);
  });

  it('still drops the body that decided before an organisation ("the board of")', () => {
    const got = run(addr('tom@example.org.uk', 'Tom Hardy'), 'The Board of Peace Action Wales has decided to endorse the appeal.');
    expect(got.map((e) => e.organisation)).toEqual(['Peace Action Wales']);
  });

  it('tr: a plural closing formula is no contact person', () => {
    const got = run(addr('info@barisdernegi.org.tr'), 'İzmir Barış Derneği olarak çağrıyı imzalıyoruz.\n\nSaygılarımızla');
    expect(got.map((e) => [e.organisation, e.contactName])).toEqual([['İzmir Barış Derneği', null]]);
  });
});

describe('a withdrawal names whom to remove', () => {
  it.each([
    ['no', 'Hei,\n\nvennligst fjern Fredslaget Bergen fra listen over underskrivere.', 'Fredslaget Bergen'],
    ['uk', 'Доброго дня,\n\nпросимо вилучити Спілку молоді Полтави зі списку підписантів.', 'Спілку молоді Полтави'],
    ['es', 'Hola,\n\npor favor, eliminen a la Asociación Paz Sevilla de la lista.', 'Asociación Paz Sevilla'],
    ['it', 'Buongiorno,\n\nrimuovete il Circolo Pace Torino dalla lista, per favore.', 'Circolo Pace Torino'],
  ])('%s: %s', (_lang, text, org) => {
    const got = run(addr('someone@gmail.com', 'S'), text, '', { kind: 'withdrawal' });
    expect(got.map((e) => e.organisation)).toEqual([org]);
  });
});

describe('places, translations, acronyms', () => {
  it('puts a place in parentheses or after a comma into country, not the name', () => {
    expect(run(addr('a@gmail.com'), 'Workers Solidarity Network (Porto, Portugal) endorses the appeal.').map((e) => [e.organisation, e.country])).toEqual([['Workers Solidarity Network', 'PT']]);
    expect(run(addr('a@gmail.com'), 'Nova Hromada Union, Kharkiv, Ukraine endorses the appeal.').map((e) => [e.organisation, e.country])).toEqual([['Nova Hromada Union', 'UA']]);
  });

  it('keeps a translation and an acronym in parentheses as aliases (a Latin form given for the list is the name)', () => {
    const [e] = run(addr('info@ptsp.gr'), 'Σωματείο Εργαζομένων Πειραιά (Piraeus Workers Union) υπογράφει την έκκληση.');
    expect(e!.organisation).toBe('Piraeus Workers Union');
    expect(e!.aliases).toContain('Σωματείο Εργαζομένων Πειραιά');
    const [f] = run(addr('info@fjs.fr'), "La Fédération des Jeunes Solidaires (FJS) soutient l'appel.");
    expect([f!.organisation, f!.aliases]).toEqual(['Fédération des Jeunes Solidaires', ['FJS']]);
  });

  it('prefers the full name over the acronym the signature uses', () => {
    const got = run(addr('sec@sintraco.org.uy', 'Ana Gómez'), 'El Sindicato Nacional de Trabajadores del Cuero (SINTRACO) adhiere al llamamiento.', 'Ana Gómez\nSINTRACO – Montevideo');
    expect(names(got)).toEqual(['Sindicato Nacional de Trabajadores del Cuero']);
    expect(got[0]!.country).toBe('UY');
  });
});

describe('relays and forwards', () => {
  it('reads a contact-form relay: the visitor is the sender, the site is not a signer', () => {
    const text = 'Name: Pat Kelly\nEmail: pat@galwaypeace.ie\nOrganisation: Galway Peace Collective\n\nMessage:\nGalway Peace Collective would like to sign the appeal.\n\n-- \nThis e-mail was sent from a contact form on European Network for Solidarity with Ukraine';
    const mail = mailOf({ from: addr('wordpress@ukraine-solidarity.eu', 'European Network for Solidarity with Ukraine'), text });
    const got = extractEndorsements({ mail, kind: 'endorsement', language: null, body: '', signature: '', forwarded: null, attachmentText: '' });
    expect(got.map((e) => [e.organisation, e.contactEmail, e.website, e.country])).toEqual([['Galway Peace Collective', 'pat@galwaypeace.ie', 'galwaypeace.ie', 'IE']]);
  });

  it('takes the new group, not our acknowledgement, from a forward of our own mail', () => {
    const forwarded = { from: addr('friend@yahoo.com', 'A Friend'), text: 'See below.\n\nFrom: European Network for Solidarity with Ukraine <info@ukraine-solidarity.eu>\nSubject: Thank you\n\nWe have recorded the endorsement of:\n  Lagos Teachers Forum (Nigeria)' };
    const got = run(addr('sec@ibadanyouth.ng', 'Bola Ade'), 'We, the Ibadan Youth Assembly, also endorse the appeal.', 'Bola Ade', { forwarded });
    expect(got.map((e) => [e.organisation, e.contactEmail])).toEqual([['Ibadan Youth Assembly', 'sec@ibadanyouth.ng']]);
  });
});

describe('coalition lists', () => {
  it('makes each member of a list inside a sentence an entry', () => {
    const got = run(addr('coord@gmail.com', 'Sam Lee'), 'The Leeds Trades Council, the Bradford Peace Forum and the York Tenants Union endorse the appeal.', 'Sam Lee');
    expect(names(got)).toEqual(['Leeds Trades Council', 'Bradford Peace Forum', 'York Tenants Union']);
  });

  it("counts the writer's group when it says 'we' endorse, and not when it only passes a list on", () => {
    const we = run(addr('sam@ynpn.org.uk', 'Sam Lee'), 'We endorse the appeal, and so do our member groups:\n\n- Leeds Tenants Union\n- Bradford Peace Forum', 'Sam Lee\nYorkshire Northern Peace Network');
    expect(names(we)).toEqual(['Yorkshire Northern Peace Network', 'Leeds Tenants Union', 'Bradford Peace Forum']);
    const relay = run(addr('uwe@posteo.de', 'Uwe Kern'), 'Folgende Gruppen unterstützen den Aufruf:\n\n1. Friedensforum Kiel\n\n2. Verein Ostsee Solidarität', 'Uwe Kern\nfür das Kieler Friedensbündnis');
    expect(names(relay)).toEqual(['Friedensforum Kiel', 'Verein Ostsee Solidarität']);
  });

  it('reads a numbered list whose items stand a blank line apart, and table rows with country and site', () => {
    const body = 'Die folgenden Gruppen unterstützen den Aufruf:\n\n1. Friedensforum Kiel\n\n2. Initiative Ostsee Solidarität (Rostock)\n\nGruppe\tLand\tWebseite\nVerein Brückenbau\tÖsterreich\tbrueckenbau.at';
    const got = run(addr('x@posteo.de', 'Uwe Kern'), body.split('\n\nGruppe')[0]!);
    expect(got.map((e) => [e.organisation, e.country])).toEqual([['Friedensforum Kiel', 'DE'], ['Initiative Ostsee Solidarität', 'DE']]);
    const table = run(addr('x@posteo.de', 'Uwe Kern'), 'Unterzeichner:\nGruppe\tLand\tWebseite\nVerein Brückenbau\tÖsterreich\tbrueckenbau.at\nNetzwerk Ostwind\tSchweiz\t–');
    expect(table.map((e) => [e.organisation, e.country, e.website])).toEqual([['Verein Brückenbau', 'AT', 'brueckenbau.at'], ['Netzwerk Ostwind', 'CH', null]]);
  });
});

describe('web and e-mail addresses after a name', () => {
  it('end a list member\'s name, and its site is the member\'s own', () => {
    const body = [
      'The following member organisations of our coalition endorse the appeal:', '',
      '- Bristol Peace Forum (UK) - www.bristolpeace.org.uk', '- Leeds Peace Group, Leeds, UK, leedspeace@gmail.com',
      '- Friedensnetz Hamburg (https://friedensnetz-hamburg.de/kontakt)', '- Cardiff Quakers for Peace – info@cardiffquakers.org.uk', '- Avaaz.org',
    ].join('\n');
    const got = run(addr('coord@peacecoalition.org.uk', 'Sarah Jones'), body, 'Sarah Jones\nPeace Coalition UK');
    expect(got.map((e) => [e.organisation, e.website])).toEqual([
      ['Bristol Peace Forum', 'bristolpeace.org.uk'], ['Leeds Peace Group', null], ['Friedensnetz Hamburg', 'friedensnetz-hamburg.de'],
      ['Cardiff Quakers for Peace', 'cardiffquakers.org.uk'], ['Avaaz.org', null],
    ]);
    expect(got.slice(0, 2).map((e) => e.country)).toEqual(['GB', 'GB']);
  });

  it.each([
    ['Fredsforum Malmö, www.fredsforum-malmo.se', 'fredsforum-malmo.se'],
    ['Fredsforum Malmö https://fredsforum-malmo.se/', 'fredsforum-malmo.se'],
    ['Fredsforum Malmö – info@fredsforum-malmo.se', null],
  ])('end the organisation\'s line of a signature: %s', (line, site) => {
    const got = run(addr('anna.svensson@gmail.com', 'Anna Svensson'), 'Vi stödjer uppropet.', `Anna Svensson\n${line}`);
    expect(got.map((e) => [e.organisation, e.website])).toEqual([['Fredsforum Malmö', site]]);
  });
});

describe('a withdrawal in the third person names who withdraws', () => {
  it.each([
    ['hu', 'A Szegedi Béke Egyesület visszavonja az aláírását.', 'Szegedi Béke Egyesület'],
    ['ro', 'Asociația Pace Cluj își retrage semnătura.', 'Asociația Pace Cluj'],
    ['fr', 'Le Collectif Paix Lyon retire sa signature de l’appel.', 'Collectif Paix Lyon'],
    ['sv', 'Fredsföreningen Lund drar tillbaka sin underskrift.', 'Fredsföreningen Lund'],
  ])('%s: %s', (_lang, text, org) => {
    expect(run(addr('someone@gmail.com', 'S'), text, '', { kind: 'withdrawal' }).map((e) => e.organisation)).toEqual([org]);
  });
});

describe('the verb first, then the appeal, then the signers', () => {
  it.each([
    ['it', 'Aderiscono all’appello il Circolo Pace di Bologna e l’Associazione Donne per la Pace di Modena.', ['Circolo Pace di Bologna', 'Associazione Donne per la Pace di Modena']],
    ['es', 'Se adhieren al llamamiento la Asociación Paz Sevilla y el Colectivo Ucrania Libre.', ['Asociación Paz Sevilla', 'Colectivo Ucrania Libre']],
    ['es', 'Se adhiere al llamamiento la Asociación Paz Sevilla.', ['Asociación Paz Sevilla']],
    ['fr', 'Signent l’appel le Collectif Paix Lyon et l’Union syndicale de Grenoble.', ['Collectif Paix Lyon', 'Union syndicale de Grenoble']],
  ])('%s: %s', (_lang, text, orgs) => {
    expect(run(addr('someone@gmail.com', 'S'), text).map((e) => e.organisation)).toEqual(orgs);
  });
});

describe('a list shares its country only when its members agree', () => {
  const list = (lines: string[]) => run(addr('kontakt@gmx.de', 'Jana Roth'), `Folgende Gruppen unterstützen den Aufruf:\n\n${lines.map((l, i) => `${i + 1}. ${l}`).join('\n')}`);

  it('members named without a place take the country the others share', () => {
    const got = list(['Friedensinitiative Leipzig', 'Ukrainehilfe Dresden e.V.', 'Offenes Antikriegsbündnis Nord']);
    expect(got.map((e) => e.country)).toEqual(['DE', 'DE', 'DE']);
    expect(got[2]!.evidence.country?.confidence).toBeLessThan(0.6);
  });

  it('members of a list whose places differ stay unknown', () => {
    const got = list(['Friedensinitiative Leipzig', 'Friedensplattform Wien', 'Offenes Antikriegsbündnis Nord']);
    expect(got.map((e) => e.country)).toEqual(['DE', 'AT', null]);
  });
});

describe('which groups, not their names', () => {
  it.each([
    ['de', 'Anbei übermitteln wir unseren Beschluss.\n\nDas Plenum des Grazer Friedensbündnisses hat beschlossen, den Aufruf zu unterstützen.\n\nFolgende Mitgliedsorganisationen unterzeichnen den Aufruf darüber hinaus:\n\n– Verein Zuflucht Graz\n– Betriebsgruppe Murtal', 'Grazer Friedensbündnis', ['Verein Zuflucht Graz', 'Betriebsgruppe Murtal']],
    ['nl', 'Hierbij sturen wij ons besluit.\n\nDe algemene vergadering van het Gents Vredesplatform heeft besloten de oproep te steunen.\n\nVolgende lidorganisaties ondertekenen de oproep ook:\n\n- Vakbondsgroep Antwerpen\n- Buurtcomité Ledeberg', 'Gents Vredesplatform', ['Vakbondsgroep Antwerpen', 'Buurtcomité Ledeberg']],
  ])('%s: a determiner and a compound group word sign nothing; the writer\'s group and the listed members do', (_l, body, group, members) => {
    const got = names(run(addr('post@example.net', 'Anna Berg'), body, `Anna Berg\n${group}`));
    expect(got).toEqual(expect.arrayContaining([group, ...members]));
    expect(got.some((n) => /mitglieds|lidorganisaties/i.test(n ?? ''))).toBe(false);
  });
});

describe('a letter names its sender in its letterhead', () => {
  it.each([
    ['fr', "Comité nantais d'aide à l'Ukraine\nMaison des syndicats – Nantes\n\nNantes, le 3 mars 2023\n\nÀ l'attention du Réseau européen\n\nRéuni le 2 mars, le comité a décidé à l'unanimité de signer l'appel.\n\nPour le comité,\nAnne Morvan", "Comité nantais d'aide à l'Ukraine"],
    ['it', "Coordinamento pace e solidarietà di Bergamo\nVia Roma 5, Bergamo\n\nBergamo, 3 marzo 2023\n\nSpett. Rete europea,\n\nl'assemblea del coordinamento ha deciso all'unanimità di aderire all'appello.\n\nCordiali saluti\nLuca Rota", 'Coordinamento pace e solidarietà di Bergamo'],
  ])('%s: the letter\'s first line, not the free-mail sender\'s name', (_l, letter, want) => {
    const got = run(addr('comite.ukraine@laposte.net', 'Anne Morvan'), 'Veuillez trouver ci-joint notre courrier.', '', { attachmentText: letter });
    expect(names(got)).toContain(want);
  });
});
