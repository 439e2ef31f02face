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

  it.each([
    ['ka', 'თბილისის შრომითი სოლიდარობის ქსელი უერთდება მოწოდებას.'],
    ['hy', 'Նախաձեռնությունը միանում է կոչին։'],
    ['hi', 'हमारा संगठन अपील का समर्थन करता है।'],
    ['fa', 'انجمن ما فراخوان را امضا می‌کند و از آن پشتیبانی می‌کند.'],
    ['ar', 'تعلن الجمعية انضمامها إلى النداء وتضامنها مع الشعب الأوكراني.'],
    ['bg', 'Нашата организация подкрепя призива и се присъединява към седмицата на действие.'],
    ['sr', 'Београдски антиратни круг подржава апел и моли да буде уврштен на листу потписника.'],
    ['mk', 'Нашето здружение го поддржува апелот и ќе учествува во неделата на акција.'],
  ])('recognises %s by its script', (lang, text) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it.each([
    ['no', 'Styret vedtok i sitt møte å slutte seg til oppropet. Vennligst før oss opp på lista over underskrivere.'],
    ['da', 'Din meddelelse blev læst den 7. februar. Vi har ikke noget at tilføje, venlig hilsen.'],
    ['sv', 'Vi står bakom uppropet och deltar i aktionsveckan med våra medlemmar.'],
  ])('reads Scandinavian %s as Scandinavian, not Romance', (lang, text) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it.each([
    ['sq', 'Të nderuar miq, Lëvizja Rinore e mbështet apelin dhe ju lutemi ta shtoni emrin tonë në listën e nënshkruesve.'],
    ['eu', 'Kaixo, Donostiako Bake Taldeak bat egiten du deialdiarekin, eta gure izena gehitzeko eskatzen dizuegu. Eskerrik asko.'],
    ['gl', 'Boas, quero asinar o chamamento a título individual. Son mestre xubilado e vivo en Vigo. Unha aperta.'],
    ['tl', 'Magandang araw po! Kami po ay mula sa Samahan ng mga Manggagawa. Nais po naming lumagda sa panawagan.'],
    ['sw', 'Habari wapendwa, sisi pia tunaunga mkono mwito huu na tungependa jina letu liongezwe kwenye orodha. Asanteni sana.'],
  ])('recognises %s, which the detector alone confuses', (lang, text) => {
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
