import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readIntent } from '../../../src/mail/intent';
import type { AppealEvidence } from '../../../src/mail/types';

const profile = JSON.parse(readFileSync(join(__dirname, '../../../profiles/peace-for-ukraine.json'), 'utf8')) as { titles: Record<string, string>; shortNames: string[] };
const appeal: AppealEvidence = { titles: Object.values(profile.titles), keywords: profile.shortNames };
const read = (body: string, subject = '') => readIntent({ subject, body, appeal });

describe('phrasings no phrase list held', () => {
  it.each([
    ['Gerne unterzeichnen wir als Verein den Aufruf.', ''],
    ['Hierbij ondertekent onze stichting de oproep.', ''],
    ['Count us in!', 'Re: Please endorse'],
    ['Yes, we sign.', 'Re: Please endorse: Stop the Russian war of aggression! Peace for Ukraine!'],
    ['The Executive Committee of the Harbour Workers Union voted unanimously to endorse the statement.', ''],
    ['Our organisation would like to be listed as a signatory.', ''],
    ['Signed: Harbour Workers Union, Leith, Scotland', 'Endorsement'],
    ['Firmamos. Sindicato de Inquilinas de Madrid.', 'Adhesión'],
    ["NOUS SIGNONS L'APPEL.", ''],
    ['Przyłączamy się do apelu.', ''],
    ['Підтримуємо!', 'Re: Звернення'],
    ['We are delighted to add our name to the appeal.', ''],
    ['Please list us among the signatories: Harbour Workers Union.', ''],
  ])('reads %p as an endorsement', (body, subject) => {
    expect(read(body, subject).kind).toBe('endorsement');
  });

  it.each([
    'We support Ukrainian refugees in our town. Do you have leaflets?',
    'Would it be possible for our union to sign later?',
    'What does signing the appeal commit us to?',
    'We have not yet decided whether to sign.',
    'Our members are divided on the appeal; we will come back to you.',
    'I saw the appeal on Facebook. Who is behind it?',
    'Please correct our name on the list to Harbour Workers’ Union.',
  ])('keeps %p a question', (body) => {
    expect(read(body).kind).toBe('question');
  });

  it.each([
    'We wish to withdraw our signature from the appeal.',
    'Bitte entfernt unseren Verein von der Liste der Unterzeichner.',
    'Please take our name off the list.',
  ])('reads %p as a withdrawal', (body) => {
    expect(read(body).kind).toBe('withdrawal');
  });
});

describe('more word orders and registers', () => {
  it.each([
    'Desde la Asociación Barrio Vivo queremos sumarnos al llamamiento.',
    'Anche noi aderiamo!',
    "Le syndicat Sud Rail apporte son soutien à l'appel et souhaite figurer parmi les signataires.",
    'Der Vorstand hat beschlossen, den Aufruf mitzuzeichnen.',
    'Wir schließen uns dem Aufruf gerne an.',
    'Vi skriver gärna under uppropet.',
    'Присоединяемся к обращению.',
    'Sendikamız olarak çağrıya imza atıyoruz.',
    '我们愿意联署这份呼吁。',
    '저희 단체도 이 호소에 동참하겠습니다.',
    'نحن ندعم هذا النداء ونرجو إضافة اسمنا إلى القائمة.',
    'Yhdistyksemme haluaa allekirjoittaa vetoomuksen.',
    'Ne alăturăm apelului.',
    "Rydym yn falch o gefnogi'r apêl.",
  ])('reads %p as an endorsement', (body) => {
    expect(read(body).kind).toBe('endorsement');
  });

  it.each(['¿Cómo podemos adherirnos?', 'Comment signer l’appel ?', 'Wir unterstützen den Aufruf nicht.', 'Non aderiamo all’appello.', 'Мы не поддерживаем обращение.', 'Nous ne soutenons pas cet appel.'])(
    'keeps %p a question',
    (body) => {
      expect(read(body).kind).toBe('question');
    },
  );

  it('reads a separable verb with words between its parts as a withdrawal', () => {
    expect(read('Hiermit ziehen wir als Vorstand unsere Unterschrift unter den Aufruf zurück.').kind).toBe('withdrawal');
  });
});

describe('everyday words that look like another language’s stems', () => {
  it.each([
    'We removed the old event from our list last week.',
    'We are quite busy, the list of tasks is long.',
    'We see a significant signal in the list of results.',
    'Our firm has added our list of products to the website.',
    'We visited Peru and Costa Rica with our list of contacts.',
  ])('does not read %p as an endorsement or a withdrawal', (body) => {
    // As analyzeMail calls it: with the language detected for the text.
    expect(readIntent({ subject: '', body, appeal, language: 'en' }).kind).toBe('question');
  });
});

describe('the evidence behind a decision', () => {
  it('names each signal with its weight and the words that showed it', () => {
    const r = read('On behalf of our association we endorse the appeal «Stop the Russian war of aggression! Peace for Ukraine!».');
    expect(r.kind).toBe('endorsement');
    const names = r.signals.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['endorsing-word', 'first-person', 'names-the-appeal', 'quotes-the-title']));
    expect(r.signals.find((s) => s.name === 'endorsing-word')).toMatchObject({ weight: 2, text: 'endorse' });
    expect(r.reasons[0]).toMatch(/^endorsing wording in the sender’s own text: "on behalf of our association we endorse the appeal/);
  });

  it('is surer of a full endorsement than of a bare one', () => {
    const full = read('On behalf of our association we endorse the appeal «Stop the Russian war of aggression! Peace for Ukraine!».');
    const bare = read('We endorse.');
    expect(bare.kind).toBe('endorsement');
    expect(full.confidence).toBeGreaterThan(bare.confidence);
  });

  it('finds the title across a line break and without its accents', () => {
    const r = read('Lūdzam iekļaut mūs aicinājuma „Apturiet\nKrievijas agresijas karu! Mieru Ukrainai!” parakstītāju sarakstā.');
    expect(r.signals.map((s) => s.name)).toContain('quotes-the-title');
    expect(read('Podpisujemy apel "Zatrzymac rosyjska wojne napastnicza! Pokoj dla Ukrainy!"').signals.map((s) => s.name)).toContain('quotes-the-title');
  });
});
