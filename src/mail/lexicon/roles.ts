/**
 * Roles a signature line gives a person ("Secretary", "голова", "رئيس الجمعية", "大阪平和の会 事務局"):
 * such a line names no organisation and no person. One row per language, so a new language is one
 * line; `names.ts` folds and compiles the table once.
 *
 * Notation, written as people write the word (the table is folded: lower case, no diacritics): a word
 * matches at the start of the line and may go on ("vorsitz" for Vorsitzende, "predsedn" for
 * predsednik/predsednica); `=word` must end there (a word that also starts names or organisations:
 * Danish "leder", Spanish "coordinador" beside the "Coordinadora" of many groups).
 */

export interface RoleRow {
  /** ISO 639-1 code; '*' for words shared across languages. */
  lang: string;
  words: string[];
}

export const ROLES: readonly RoleRow[] = [
  { lang: '*', words: ['coordinator', 'koordinator', 'president', 'sekretar', 'politolog', 'delegat'] },
  { lang: 'en', words: ['general secretary', 'branch secretary', 'branch chair', 'executive director', 'managing director', 'secretary', 'chair', 'co-chair', 'cochair', 'vice', 'spokes', 'treasurer', 'member', 'director', 'organiser', 'organizer', 'convenor', 'officer', 'senior', 'lecturer', 'professor', 'researcher', 'activist', 'historian'] },
  { lang: 'de', words: ['vorsitz', 'sprecher', 'geschäftsf', 'vorstand', 'mitglied', 'referent'] },
  { lang: 'fr', words: ['secrétaire', 'président', 'coordinat', 'porte-parole', 'trésori', 'membre', 'responsable'] },
  { lang: 'es', words: ['secretari', 'presidente', 'portavo', 'tesorer', 'delegad', '=coordinador'] },
  { lang: 'pt', words: ['=coordenador', 'porta-voz', 'tesoureir'] },
  { lang: 'it', words: ['segretari', 'portavoce', 'tesorier'] },
  { lang: 'ca', words: ['portaveu', 'tresorer'] },
  { lang: 'pl', words: ['prezes', 'przewodnicz', 'sekretarz', 'koordynator', 'rzecznik', 'członek', 'czlonek'] },
  { lang: 'cs', words: ['předseda', 'předsedkyně', 'tajemník', 'mluvčí', 'historik'] },
  { lang: 'sk', words: ['predsedníčka', 'tajomník', 'hovorca'] },
  { lang: 'sl', words: ['predsedn', 'tajnik'] },
  { lang: 'hr', words: ['predsjedn', 'glasnogovorn'] },
  { lang: 'sr', words: ['председн', 'секретар'] },
  { lang: 'mk', words: ['претседател'] },
  { lang: 'bg', words: ['председател'] },
  { lang: 'uk', words: ['голова', 'координатор', 'речник'] },
  { lang: 'ru', words: ['секретарь'] },
  { lang: 'be', words: ['старшыня', 'сакратар'] },
  { lang: 'el', words: ['γενικ', 'πρόεδρ', 'γραμματ', 'συντονισ'] },
  { lang: 'tr', words: ['başkan', 'genel sekreter', 'genel başkan', 'sekreter', 'sözcü'] },
  { lang: 'az', words: ['sədr', 'katib'] },
  { lang: 'kk', words: ['төраға', 'хатшы', 'үйлестіруші'] },
  { lang: 'sv', words: ['ordförande', 'sekreterare', 'samordnare', 'talesperson', 'kassör'] },
  { lang: 'da', words: ['formand', 'sekretær', 'talsperson', 'kasserer', '=leder'] },
  { lang: 'no', words: ['formann', 'forkvinne', 'leiar', 'talsperson'] },
  { lang: 'is', words: ['formaður', 'ritari', 'talsmaður'] },
  { lang: 'nl', words: ['voorzitter', 'secretaris', 'woordvoerder', 'penningmeester'] },
  { lang: 'fi', words: ['puheenjohtaja', 'sihteeri', 'rahastonhoitaja', 'koordinaattori', 'tiedottaja'] },
  { lang: 'et', words: ['esimees', 'sekretär', 'koordinaator'] },
  { lang: 'lt', words: ['pirminink', 'sekretor'] },
  { lang: 'lv', words: ['priekšsēdētāj', 'sekretār'] },
  { lang: 'hu', words: ['elnök', 'alelnök', 'titkár', 'szóvivő', 'koordinátor', 'ügyvivő'] },
  { lang: 'ro', words: ['președinte', 'președinta', 'vicepreședinte', 'secretar', 'coordonator', 'purtător de cuvânt'] },
  { lang: 'sq', words: ['kryetar', 'zëdhënës'] },
  { lang: 'ka', words: ['თავმჯდომარე', 'მდივანი', 'კოორდინატორი'] },
  { lang: 'hy', words: ['նախագահ', 'քարտուղար', 'համակարգող'] },
  { lang: 'ga', words: ['cathaoirleach', 'rúnaí'] },
  { lang: 'cy', words: ['cadeirydd', 'ysgrifennydd'] },
  { lang: 'eu', words: ['lehendakari', 'idazkari', 'koordinatzaile', 'bozeramaile'] },
  { lang: 'mt', words: ['segretarju', 'kordinatur'] },
  { lang: 'ar', words: ['رئيس', 'نائب الرئيس', 'الأمين العام', 'أمين السر', 'أمينة السر', 'منسق', 'الناطق'] },
  { lang: 'he', words: ['יו"ר', 'יושב ראש', 'יושבת ראש', 'מזכיר', 'רכז', 'דובר'] },
  { lang: 'fa', words: ['رئیس', 'دبیر', 'هماهنگ', 'سخنگو'] },
  { lang: 'hi', words: ['अध्यक्ष', 'महासचिव', 'सचिव', 'संयोजक', 'प्रवक्ता'] },
  { lang: 'bn', words: ['সভাপতি', 'সম্পাদক', 'সমন্বয়ক', 'মুখপাত্র'] },
  { lang: 'ko', words: ['대표', '공동대표', '위원장', '사무국장', '사무총장', '간사', '회장'] },
  { lang: 'zh', words: ['代表', '主席', '秘书', '秘書', '执行秘书', '執行秘書', '会长', '會長', '理事长', '理事長', '协调人', '協調人', '负责人', '負責人'] },
  { lang: 'ja', words: ['事務局', '世話人', '共同代表', '会長'] },
  { lang: 'id', words: ['ketua', 'sekretaris', 'juru bicara', 'bendahara'] },
  { lang: 'sw', words: ['mwenyekiti', 'katibu', 'mratibu', 'msemaji'] },
  { lang: 'tl', words: ['tagapangulo', 'kalihim', 'tagapagsalita'] },
  { lang: 'vi', words: ['chủ tịch', 'thư ký', 'điều phối'] },
  { lang: 'th', words: ['ประธาน', 'เลขาธิการ', 'ผู้ประสานงาน'] },
];
