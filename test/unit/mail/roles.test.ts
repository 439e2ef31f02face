/**
 * Roles in signatures, per language of the roles table: a role line is neither the organisation nor
 * the person; the organisation written elsewhere signs, the person under it is the contact. The
 * lines and signatures are written for these tests, in the forms people sign with.
 */
import { isRole, looksLikePerson } from '../../../src/mail/names';
import { ROLES } from '../../../src/mail/lexicon/roles';
import { extractFrom } from './extract-input.helper';

/** Per language: role lines as written (several forms: feminine, with the organisation, abbreviated). */
const ROLE_LINES: Record<string, string[]> = {
  '*': ['Koordinator', 'President, Peace Forum Malta', 'Delegate'],
  en: ['General Secretary', 'Co-Chair, Leeds Peace Forum', 'Branch Secretary', 'Treasurer'],
  de: ['Vorsitzende', 'Sprecherin des Friedensforums', 'Geschäftsführer'],
  fr: ['Secrétaire générale', 'Porte-parole', 'Présidente du collectif'],
  es: ['Secretaria general', 'Portavoz', 'Coordinador'],
  pt: ['Coordenador', 'Porta-voz da associação'],
  it: ['Segretaria', 'Portavoce del comitato'],
  ca: ['Portaveu', 'Tresorera'],
  pl: ['Przewodnicząca Zarządu', 'Członek zarządu', 'Rzecznik prasowy'],
  cs: ['Předsedkyně spolku', 'Tajemník'],
  sk: ['Predsedníčka', 'Tajomník združenia'],
  sl: ['Predsednica društva', 'Tajnik'],
  hr: ['Predsjednica udruge', 'Glasnogovornik'],
  sr: ['Председник удружења', 'Секретар'],
  mk: ['Претседател на здружението'],
  bg: ['Председател на сдружението'],
  uk: ['Голова правління', 'Координаторка'],
  ru: ['Секретарь правления'],
  be: ['Старшыня', 'Сакратар'],
  el: ['Πρόεδρος', 'Γραμματέας του συλλόγου'],
  tr: ['Başkan', 'Genel Sekreter', 'Sözcü'],
  az: ['Sədr', 'Katib'],
  kk: ['Төраға', 'Хатшы'],
  sv: ['Ordförande', 'Sekreterare'],
  da: ['Formand', 'Leder', 'Sekretær'],
  no: ['Forkvinne', 'Leiar i laget'],
  is: ['Formaður', 'Ritari'],
  nl: ['Voorzitter', 'Penningmeester'],
  fi: ['Puheenjohtaja', 'Sihteeri'],
  et: ['Esimees', 'Koordinaator'],
  lt: ['Pirmininkė', 'Sekretorius'],
  lv: ['Priekšsēdētāja', 'Sekretārs'],
  hu: ['Elnök', 'Titkár', 'Szóvivő'],
  ro: ['Președinte', 'Purtător de cuvânt'],
  sq: ['Kryetare', 'Zëdhënës'],
  ka: ['თავმჯდომარე', 'მდივანი'],
  hy: ['Նախագահ', 'Քարտուղար'],
  ga: ['Cathaoirleach', 'Rúnaí'],
  cy: ['Cadeirydd', 'Ysgrifennydd'],
  eu: ['Lehendakaria', 'Idazkaria'],
  mt: ['Segretarju Ġenerali'],
  ar: ['رئيس الجمعية', 'رئيسة الجمعية', 'الأمين العام', 'منسق الحملة'],
  he: ['יו"ר העמותה', 'מזכירת הארגון', 'רכזת'],
  fa: ['رئیس انجمن', 'دبیر'],
  hi: ['अध्यक्ष', 'महासचिव'],
  bn: ['সভাপতি', 'সম্পাদক'],
  ko: ['대표', '사무국장'],
  zh: ['主席', '秘书长', '會長'],
  ja: ['事務局長', '共同代表', '世話人'],
  id: ['Ketua Umum', 'Sekretaris'],
  sw: ['Mwenyekiti', 'Katibu Mkuu'],
  tl: ['Tagapangulo', 'Kalihim'],
  vi: ['Chủ tịch', 'Thư ký'],
  th: ['ประธาน', 'เลขาธิการ'],
};

describe('the roles table', () => {
  it('has role lines written for each of its languages', () => {
    expect(ROLES.map((r) => r.lang).filter((l) => !ROLE_LINES[l])).toEqual([]);
  });

  it.each(Object.entries(ROLE_LINES).flatMap(([lang, lines]) => lines.map((l) => [lang, l] as const)))('%s: "%s" is a role, not a person', (_lang, line) => {
    expect(isRole(line)).toBe(true);
    expect(looksLikePerson(line)).toBe(false);
  });

  it.each([
    ['a surname that starts like a role', 'Lederer Hans'],
    ['an organisation named "Coordinadora"', 'Coordinadora de ONGD de Aragón'],
    ['a person', 'Amina Yusuf'],
    ['a person in Arabic', 'أمين محمد'],
  ])('%s is no role: %s', (_what, line) => {
    expect(isRole(line)).toBe(false);
  });
});

describe('a role line in a signature', () => {
  const run = extractFrom;

  it.each([
    ['ar', { address: 'info@salam-tunis.org', name: 'جمعية السلام والتنمية' }, 'نعلن انضمامنا إلى النداء.', 'أحمد بن علي\nرئيس الجمعية', 'جمعية السلام والتنمية'],
    ['he', { address: 'office@nashim-shalom.org.il', name: 'נשים למען שלום' }, 'אנחנו מצטרפות לקריאה.', 'רחל כהן\nיו"ר העמותה', 'נשים למען שלום'],
    ['fa', { address: 'info@solh-anjoman.org', name: 'انجمن صلح' }, 'ما از این فراخوان حمایت می‌کنیم.', 'مریم احمدی\nرئیس انجمن', 'انجمن صلح'],
    ['ro', { address: 'contact@pace-cluj.ro', name: 'Asociația Pace Cluj' }, 'Semnăm apelul.', 'Andreea Popescu\nPreședinte Asociația Pace Cluj', 'Asociația Pace Cluj'],
  ])('%s: is not the organisation', (_lang, from, body, signature, org) => {
    expect(run(from, body, signature).map((e) => e.organisation)).toEqual([org]);
  });

  it('ja: a role after the organisation is dropped from its name', () => {
    const got = run({ address: 'info@heiwa-kai.jp', name: '' }, '大阪平和の会は、このアピールに賛同します。', '山田花子\n大阪平和の会 事務局');
    expect(got.map((e) => [e.organisation, e.contactName])).toEqual([['大阪平和の会', '山田花子']]);
  });
});
