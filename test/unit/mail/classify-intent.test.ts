import { readIntent } from '../../../src/mail/intent';

const intent = (body: string, subject = '') => readIntent({ subject, body }).kind;

describe('human intent', () => {
  it.each([
    ['en', 'Our union, the Harbour Workers Union, endorses the appeal.'],
    ['en', 'Please add our organisation to the list of signatories.'],
    ['de', 'Der Verein Brückenbau e.V. unterstützt den Aufruf und möchte auf der Liste erscheinen.'],
    ['fr', "Notre collectif souhaite signer l'appel."],
    ['es', 'La Asociación Vecinal del Sur se adhiere al llamamiento.'],
    ['it', "Il circolo aderisce all'appello."],
    ['pt', 'A nossa associação subscreve o apelo.'],
    ['ca', "L'Ateneu Popular s'adhereix a la crida."],
    ['pl', 'Podpisujemy się pod apelem.'],
    ['cs', 'Podepisujeme výzvu jako spolek.'],
    ['uk', 'Наша організація підписує звернення. Підписуємо.'],
    ['ru', 'Мы подписываем обращение.'],
    ['nl', 'Onze vereniging ondertekent de oproep.'],
    ['sv', 'Föreningen undertecknar uppropet.'],
    ['el', 'Υπογράφουμε την έκκληση.'],
    ['tr', 'Derneğimiz çağrıyı destekliyoruz.'],
    ['ja', '私たちの団体はこの呼びかけに賛同します。'],
  ])('reads a %s endorsement', (_lang, body) => {
    expect(intent(body)).toBe('endorsement');
  });

  it.each([
    'Can we endorse if our union is not a socialist organisation?',
    'Is there a deadline? Our council only meets on 28 February and will decide then.',
    'Before we endorse, could you tell us who else has signed?',
    'Können wir den Aufruf auch als Einzelpersonen unterzeichnen?',
    '¿Podemos firmar como asociación de vecinos?',
  ])('reads talk about endorsing without endorsing as a question: %p', (body) => {
    expect(intent(body)).toBe('question');
  });

  it('does not let a question-like subject make an endorsement', () => {
    expect(intent('Our members are still discussing it.', 'Question before we endorse')).toBe('question');
  });

  it.each([
    ['en', 'Please remove our name from the list of signatories.'],
    ['de', 'Hiermit ziehen wir unsere Unterschrift unter den Aufruf zurück.'],
    ['es', 'Os pido que retiréis mi nombre de la lista.'],
    ['fr', 'Nous souhaitons retirer notre signature.'],
  ])('reads a %s withdrawal, even when it mentions the earlier endorsement', (_lang, body) => {
    expect(intent(`We endorsed last week. ${body}`)).toBe('withdrawal');
  });

  it('keeps an endorsement that also asks something an endorsement', () => {
    expect(intent('We endorse the appeal. Do you have posters we could print?')).toBe('endorsement');
  });

  it('reads a polite request to be added, phrased as a question, as an endorsement', () => {
    expect(intent('Our youth section also voted to join - could you add them to the list as a separate organisation?')).toBe('endorsement');
  });

  it.each([
    'We proudly ENDORSE Ukraine! Claim your token airdrop in our presale now, connect your wallet.',
    'Your mailbox has reached its storage quota. Validate your account now or it will be suspended within 24 hours.',
    'We can get your website on page 1 of Google with our SEO and link building packages, guaranteed results.',
  ])('reads spam as spam even when it says endorse: %p', (body) => {
    expect(intent(body)).toBe('spam');
  });

  it('reads corrections and press enquiries as questions', () => {
    expect(intent('Our name is misspelled on the list, could you correct it?')).toBe('question');
    expect(intent('Je suis journaliste et je prépare un article sur la semaine d’action.')).toBe('question');
  });

  it('stays fast on long hostile text', () => {
    const hostile = `${'we '.repeat(20000)}${'sign '.repeat(5000)}${'a'.repeat(50000)}`;
    const t0 = Date.now();
    readIntent({ subject: 'x'.repeat(5000), body: hostile });
    expect(Date.now() - t0).toBeLessThan(1500);
  });
});

describe('human intent, everyday phrasings', () => {
  it.each([
    "Yes, we're in! Harbour Workers Union.",
    'Hiermit unterstützen wir den Aufruf.',
    "We'd like to endorse the appeal on behalf of our union.",
    'The Harbour Workers Union would like to endorse the call.',
    'Vogliamo aderire all’appello.',
    'Queremos aderir ao apelo.',
  ])('reads %p as an endorsement', (body) => {
    expect(readIntent({ subject: '', body }).kind).toBe('endorsement');
  });

  it.each([
    'We are in the process of discussing the appeal with our members.',
    "I'd like to know if individuals can sign as well.",
    'Where do we sign?',
  ])('does not read %p as an endorsement', (body) => {
    expect(readIntent({ subject: '', body }).kind).toBe('question');
  });

  it('reads "we would like to withdraw" as a withdrawal', () => {
    expect(readIntent({ subject: '', body: 'After a members’ vote we would like to withdraw from the list.' }).kind).toBe('withdrawal');
  });
});

describe('replies to our own mail', () => {
  it('does not take our subject in a reply ("Re: Call for endorsements") as the sender’s endorsement', () => {
    expect(readIntent({ subject: 'Re: Call for endorsements', body: 'We discussed it but could not decide yet. We will get back to you.' }).kind).toBe('question');
  });

  it('still reads a new endorsement in a reply to our acknowledgement', () => {
    expect(readIntent({ subject: 'Re: Thank you for endorsing', body: 'Our sister organisation, Dockers for Peace, also wants to sign. Please add them too.' }).kind).toBe('endorsement');
  });

  it('reads a spelling correction in a reply as a question', () => {
    expect(readIntent({ subject: 'Re: Thank you for endorsing', body: 'Our name is spelled wrong: it should read "Harbour Workers’ Union".' }).kind).toBe('question');
  });

  it('reads a Russian request to be removed as a withdrawal', () => {
    expect(readIntent({ subject: 'Отзыв подписи', body: 'Здравствуйте, просим удалить нашу организацию из списка подписавших.' }).kind).toBe('withdrawal');
  });
});

describe('spam wording and CRM footers', () => {
  it('does not count an unsubscribe footer against a real endorsement', () => {
    const body = 'Dear friends, the Harbour Workers Union endorses the appeal.\n\nYou received this email because you are in contact with us. Unsubscribe | Opt out';
    expect(readIntent({ subject: 'Endorsement', body }).kind).toBe('endorsement');
  });

  it.each([
    ['it', 'Cari soci,\n\nin questo numero: la campagna per la pace, il congresso nazionale. Anche ARCI ha firmato l’appello europeo per la pace.\n\nPer disiscriversi clicca qui.'],
    ['en', 'Dear members,\n\nIn this issue: our winter campaign, the AGM and more. The Peace Council has signed the European peace appeal.\n\nTo unsubscribe from this newsletter, click here.'],
    ['de', 'Liebe Mitglieder,\n\nin dieser Ausgabe: Wintertreffen und Kampagnen. Auch der Friedensrat hat den Aufruf unterzeichnet.\n\nNewsletter abbestellen'],
  ])('%s: a newsletter reporting that someone signed is left for a person', (_lang, body) => {
    expect(readIntent({ subject: 'Newsletter', body }).kind).toBe('question');
  });
});

describe('withdrawals and corrections in other words', () => {
  it.each([
    ['fr', 'Nous vous demandons de retirer notre organisation de la liste des signataires.'],
    ['es', 'Os pedimos que quitéis a nuestra asociación de la lista.'],
    ['it', 'Vi chiediamo di togliere la nostra adesione.'],
    ['pt', 'Pedimos que retirem a nossa associação da lista.'],
    ['en', 'Please remove the Harbour Workers Union from the list of signatories.'],
  ])('reads a %s removal request as a withdrawal', (_lang, body) => {
    expect(readIntent({ subject: '', body }).kind).toBe('withdrawal');
  });

  it('reads a German name correction as a question', () => {
    expect(readIntent({ subject: 'Name', body: 'Bitte korrigiert unseren Namen auf der Liste, richtig ist „Friedensforum Kassel“.' }).kind).toBe('question');
  });
});

describe('corrections that mention removing', () => {
  it('reads "remove the misspelled entry and list us as..." as a question', () => {
    const body = 'Our name is misspelled. Please remove "Harbor Union" from the list and list us as "Harbour Workers Union".';
    expect(readIntent({ subject: 'Correction', body }).kind).toBe('question');
  });

  it('still reads an explicit withdrawal that mentions a correction as a withdrawal', () => {
    const body = 'We withdraw our endorsement. To correct the record: it was sent before our members voted.';
    expect(readIntent({ subject: '', body }).kind).toBe('withdrawal');
  });
});
