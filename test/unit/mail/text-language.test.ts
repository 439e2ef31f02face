import { detectLanguage } from '../../../src/mail/language';

describe('detectLanguage', () => {
  it.each([
    ['en', 'We endorse the appeal and will join the week of action.'],
    ['de', 'Wir unterstützen den Aufruf und beteiligen uns an der Aktionswoche.'],
    ['fr', "Notre organisation apporte son soutien à l'appel et souhaite figurer parmi les signataires."],
    ['es', 'La asociación se adhiere al llamamiento y participará en la semana de acción.'],
    ['it', "Con la presente comunichiamo la nostra adesione all'appello."],
    ['pt', 'A nossa associação adere ao apelo e participa na semana de ação.'],
    ['ca', "La nostra entitat s'adhereix a la crida amb tota la força dels veïns."],
    ['pl', 'Podpisujemy się pod apelem. Prosimy o dopisanie nas do listy.'],
    ['cs', 'Podepisuji výzvu jako jednotlivec, ne za organizaci.'],
    ['nl', 'Onze vereniging ondertekent de oproep en doet mee aan de actieweek.'],
    ['sv', 'Vi står bakom uppropet och deltar i aktionsveckan.'],
    ['uk', 'Наша організація підтримує звернення і приєднується до тижня дій.'],
    ['be', 'Мы падтрымліваем зварот і далучаемся да тыдня дзеянняў.'],
    ['ru', 'Мы поддерживаем обращение и участвуем в неделе действий.'],
    ['el', 'Υπογράφουμε την έκκληση και συμμετέχουμε στην εβδομάδα δράσης.'],
    ['tr', 'Derneğimiz çağrıyı destekliyor ve eylem haftasına katılıyor.'],
    ['ja', '私たちの団体はこの呼びかけに賛同します。'],
  ])('recognises %s', (lang, text) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('decides short English lines by their frequent words', () => {
    expect(detectLanguage('We endorse. Nova Solidarnist, Kyiv')).toBe('en');
  });

  it('returns null when there is nothing to read', () => {
    expect(detectLanguage('')).toBeNull();
    expect(detectLanguage('12345 !!!')).toBeNull();
  });
});
