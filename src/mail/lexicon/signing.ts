/**
 * The words around a signer's name, per language: verbs that follow it ("X endorses"), markers it
 * follows ("on behalf of X"), explicit list forms ("please list us as:"), and the articles, pronouns
 * and connectors that frame it. Fragments are bounded (`{0,40}`) and never nested, so matching is linear.
 */
const W = '\\p{L}\\p{M}';
function words(list: string[]): string {
  return list.map((s) => s.replace(/ /g, '\\s+')).join('|');
}
/** Verbs of endorsing (and withdrawing) that follow the organisation's name. */
const VERBS = words([
  'endorses', 'endorse', 'supports', 'signs', 'signs on to', 'joins', 'backs', 'also voted to endorse', 'voted to endorse', 'wants to sign',
  'would like to sign', 'is signing', 'adds its name', 'withdraws', 'withdraw', 'endorsed', 'is endorsing', 'are endorsing', 'would like to endorse',
  'wishes to endorse', 'wants to endorse', 'is pleased to endorse', 'are pleased to endorse', 'is happy to endorse',
  'soutiennent', 'signent', 'souhaite s\'associer', 'tient à signer', 'unterstützen', 'unterzeichnen', 'unterschreiben', 'apoyan', 'firman',
  'suscriben', 'se adhieren', 'se suman', 'aderiscono', 'sostengono', 'firmano', 'sottoscrivono', 'apoiam', 'assinam', 'subscrevem', 'aderem',
  'podpisują', 'popierają', 'podporují', 'podepisují', 'підтримують', 'підписують', 'поддерживают', 'подписывают', 'ondertekenen', 'steunen',
  'υπογράφουν', 'υποστηρίζουν', 'destekliyoruz', 'imzalıyoruz', 'signons', 'soutenons', 'apoyamos', 'firmamos', 'suscribimos',
  'nos adherimos', 'aderiamo', 'sosteniamo', 'firmiamo', 'subscrevemos', 'assinamos', 'apoiamos', 'podpisujemy', 'popieramy', 'підтримуємо',
  'підписуємо', 'поддерживаем', 'подписываем', 'endorse', 'ondersteunen', 'is joining', 'co-signs', 'se une', 'si unisce', 'junta-se',
  'se připojuje', 'podpisuje', 'katılıyor', 'støtter', 'underskriver', 'slutter sig til', 'allekirjoittaa', 'tukee', 'aláírja', 'támogatja',
  'semnează', 'susține', 'se alătură', 'potpisuje', 'podržava', 'podpira', 'pasirašo', 'remia', 'paraksta', 'atbalsta', 'allkirjastab',
  'toetab', 'подкрепя', 'подписва', 'adhieren', 'adherimos', 'adherir', 'adhérer', 'aderire', 'aderir', 'ens adherim', 'adherim', 'adereixen', 'tacaíonn', 'tacaíonn le', 'cefnogi', 'csatlakozik', 'csatlakozunk', 'támogatjuk', 'podržavamo', 'potpisujemo', 'podpíšeme', 'podporujeme', 'remiame', 'pasirašome', 'atbalstām', 'parakstām', 'toetame', 'allkirjastame', 'tukee', 'tuemme', 'allekirjoitamme', 'styður', 'styðjum', 'mbështet', 'mbështesim', 'nënshkruajmë', 'nënshkruan', 'nënshkruajnë', 'dëshiron të nënshkruajë', 'i bashkohet', 'tiffirma', 'jiffirma', 'tappoġġja', 'jappoġġja', 'inasaini', 'skrifar undir', 'tunaunga mkono', 'inaunga mkono', 'mendukung', 'kami mendukung', 'menandatangani', 'sumusuporta', 'lumalagda', 'babesten du', 'sinatzen du', 'asina', 'soutient', 'signe', 'appuie', "s'associe", 'adhère', 'apporte son soutien',
  'souhaite signer', 'se joint', 'rejoint', 'souscrit', 'unterstützt', 'unterzeichnet', 'unterschreibt', 'schließt sich', 'suscribe', 'se adhiere',
  'adhiere', 'firma', 'apoya', 'respalda', 'se suma', 'desea firmar', 'quiere firmar', "s'adhereix", 'subscriu', 'signa', 'dona suport',
  'dóna suport', 'aderisce', 'sottoscrive', 'sostiene', 'appoggia', 'subscreve', 'assina', 'apoia', 'adere', 'podpisuje', 'popiera',
  'przyłącza się', 'dołącza', 'podepisuje', 'podporuje', 'připojuje se', 'підтримує', 'підписує', 'приєднується', 'долучається',
  'поддерживает', 'подписывает', 'присоединяется', 'падтрымлівае', 'падпісвае', 'далучаецца', 'ställer sig bakom', 'stödjer', 'stöder',
  'undertecknar', 'skriver under', 'vill skriva under', 'vill underteckna', 'vill stödja', 'vill ansluta sig till', 'ondertekent', 'steunt', 'onderschrijft', 'sluit zich aan', 'υπογράφει', 'υποστηρίζει', 'προσυπογράφει',
  'imzalayır', 'imzalayırıq', 'dəstəkləyir', 'dəstəkləyirik', 'qoşulur', 'qoşuluruq', 'қол қояды', 'қол қоямыз', 'қолдайды', 'қолдаймыз',
  'қосылады', 'স্বাক্ষর করছে', 'স্বাক্ষর করে', 'সমর্থন করে', 'সমর্থন করছে', 'ënnerschreift', 'ënnerstëtzt', 'ënnerschreiwen', 'ënnerstëtzen',
  'susțin', 'subscrever', 'assinar', 'sottoscrivere', 'firmare', 'suscribir', 'is in', 'are in', 'στηρίζει', 'συνυπογράφει', 'imzalıyor', 'destekliyor', 'olarak', 'として', 'zieht', 'retira', 'ritira', 'wycofuje', 'відкликає', 'отзывает',
  'retire', 'visszavonja', 'retrage', 'odvolává', 'odvoláva', 'povlači', 'αποσύρει', 'trekt', 'drar tillbaka', 'trækker', 'trekker', 'peruu', 'atšaukia', 'atsauc',
]);
export const VERB_RE = new RegExp(`(?<![${W}])(?:${VERBS})(?![${W}])`, 'giu');
/** The same without `g`: `test` on a global regex moves its lastIndex, which `matchAll` then inherits. */
export const HAS_VERB_RE = new RegExp(VERB_RE.source, 'iu');
export const VERB_CJK_RE = /として/g;

/**
 * Verb-final languages without spaces or capitals to mark a name: the subject ends at a topic or
 * subject particle (Japanese は/が, Korean 은/는/이/가 on the name's last word) or, in Chinese, runs
 * from the sentence's start to the signing verb (after a modal: 愿意, 决定). One row per language.
 */
export interface SubjectRow {
  lang: 'ja' | 'ko' | 'zh';
  /** Signing verbs: a sentence without one names no signer this way. */
  verbs: string[];
  /** Particles that end the subject. */
  particles: string[];
  /** Words that may stand between the subject and the verb (Chinese modals). */
  modals: string[];
  /** Pronouns: "we", "our association", not a name. */
  pronouns: string[];
  /** "The following (groups)": which groups, not their name. */
  determiners: string[];
}

export const SUBJECT_ROWS: readonly SubjectRow[] = [
  { lang: 'ja', verbs: ['賛同', '支持', '署名', '連署', '賛成', '参加'], particles: ['は', 'が', 'では'], modals: [], pronouns: ['私たち', '私達', '我々', 'われわれ', '当会', '当団体', '本会'], determiners: ['以下の', '次の', '下記の'] },
  { lang: 'ko', verbs: ['지지', '서명', '동참', '찬동', '연명'], particles: ['은', '는', '이', '가', '에서'], modals: [], pronouns: ['우리', '저희', '본', '당'], determiners: ['다음', '아래'] },
  {
    lang: 'zh', verbs: ['联署', '聯署', '连署', '連署', '签署', '簽署', '支持', '赞同', '贊同', '加入', '参与', '參與'], particles: [],
    modals: ['愿意', '願意', '决定', '決定', '同意', '正式', '特此', '在此', '郑重', '鄭重', '表示', '共同', '一起', '一同'],
    pronouns: ['我们', '我們', '本会', '本會', '我会', '我會', '本团体', '本團體'], determiners: ['以下', '下列', '下述', '如下'],
  },
];

/** Markers after which the organisation's name follows ("on behalf of X", "please remove X from"). */
export const AFTER_RE = new RegExp(
  `(?<![${W}])(?:${words([
    'on behalf of the', 'on behalf of', 'au nom du', 'au nom de la', "au nom de l'", 'au nom des', 'au nom de', 'im namen des', 'im namen der',
    'en nombre del', 'en nombre de la', 'en nombre de', 'a nome della', 'a nome del', "a nome dell'", 'a nome dello', 'a nome di', 'em nome da',
    'em nome do', 'em nome de', 'w imieniu', 'від імені', 'от имени', 'ад імя', 'namens', 'på uppdrag av', 'please remove', 'remove',
    'retirer', 'retirez', 'retirar', 'retirad', 'streicht', 'streichen sie', 'usuńcie', 'видаліть', 'удалите', 'please add', 'please include',
    // Removal in more languages ("vennligst fjern X fra listen", "просимо видалити X зі списку", "eliminen a X de la lista").
    'fjern', 'fjerne', 'stryk', 'ta bort', 'verwijder', 'verwijderen', 'eliminen a', 'eliminad a', 'eliminar a', 'eliminen', 'quiten', 'quitad',
    'rimuovete', 'rimuovere', 'togliete', 'cancellate', 'removam', 'retirem', 'usunąć', 'odstraňte', 'видалити', 'вилучіть', 'вилучити',
    'удалить', 'уберите',
    'please list', 'add', 'include', 'ajoutez', 'añadid', 'añadan', 'aggiungete', 'fügt', 'nehmt', 'dodajcie', 'додайте', 'добавьте', 'desde el', 'desde la', 'desde', 'we are the', 'we are', 'wij zijn het', 'wij zijn de', 'nous sommes le', 'nous sommes la', 'nous sommes les',
    'wir sind der', 'wir sind die', 'wir sind das', 'somos el', 'somos la', 'siamo il', 'siamo la', "siamo l'", 'kami dari', 'kami po ay mula sa', 'kami ay mula sa', 'za náš', 'za naši', 'za naše', 'za nasz', 'za naszą', 'jménem', 'de la part de', 'de la part du',
    // "we sign as X": the name the signers give themselves.
    'we sign as', 'we endorse as', 'we join as', 'aderiamo come', 'firmiamo come', 'aderisco come', 'firmamos como', 'nos adherimos como',
    'signons en tant que', 'unterzeichnen als', 'unterschreiben als', 'assinamos como', 'aderimos como', 'podpisujemy jako', 'підписуємо як',
    'подписываем как', 'ondertekenen als', 'undertecknar som', 'skriver under som',
  ])})(?![${W}])\\s*`,
  'giu',
);
export const AFTER_STOP = /(?<!\s)\s+(?:from|to|of the list|de la liste|de la lista|von der liste|dalla lista|da lista|z listy|зі списку|из списка|ze seznamu|fra|från|van de lijst|uit de lijst|із списку|со списка)(?=[\s.,;:!?]|$)|[.;:!?\n]/iu;

/** Explicit list forms: "please list us as:", "латиницей:", "英語表記で「…」". The name follows. */
export const EXPLICIT_RE = new RegExp(
  [
    'list(?:ed)? (?:me|us|it|them|our (?:name|organi[sz]ation|group|union))? ?as', 'appear (?:on the list )?as', 'name for the list',
    'in latin (?:script|letters)', 'in english', 'english name', '(?:figurer|apparaître|inscrire|mentionner)[^.:\\n]{0,40}(?:comme|sous le nom)',
    'sous le nom', 'po-angliyski', 'по-английски', 'англійською', 'en inglés', 'en anglais', 'auf englisch', 'in inglese', 'unter dem namen', 'in der liste als', 'als folgt', 'wie folgt', '(?:aparezca|figure|conste|incluya|incluid|pongan|poned)[^.:\\n]{0,40}como',
    'con el nombre', '(?:apareça|conste|figure)[^.:\\n]{0,40}como', 'com o nome', '(?:compaia|comparire|inserit|elencat)[^.:\\n]{0,40}come',
    'con il nome', 'con la dicitura', '(?:aparegui|consti)[^.:\\n]{0,40}com', 'pod nazwą', '(?:wpisać|wpisanie|wpisac)[^.:\\n]{0,20}jako',
    '(?:uvedení|uvést|uveďte)[^.:\\n]{0,20}(?:takto|jako)', 'латиниц[^\\s:]{0,3}', 'латинськ[^\\s]{0,3} написанн[^\\s:]{0,3}',
    'латинск[^\\s]{0,3} написани[^\\s:]{0,3}', 'латінк[^\\s:]{0,3}', 'в списке как', 'у списку як', 'у спісе як', '(?:stå med|listas|står) som',
    '(?:vermeld|opgenomen) (?:worden )?als', 'με λατινικούς χαρακτήρες', '英語表記で', '英語名', 'ローマ字で',
  ].join('|'),
  'giu',
);

/** Words that introduce a name in a signature line ("pour le X", "für den X", "for the X"). */
export const SIG_PREFIX_RE =
  /^(?:pour (?:le|la|l'|les)|für (?:den|die|das)|for (?:the)?|on behalf of(?: the)?|per (?:il|la|l')|por (?:el|la)|para (?:el|la)|i\.\s?a\.|namens|för|за|від|от|від імені|от имени|w imieniu)\s*/iu;
export const MEMBER_OF_RE = /^(?:membre|member|mitglied|miembro|membro|członek|член|μέλος|üye|lid|medlem)\b/iu;
/**
 * What introduces a name without being part of it: "on behalf of (the)", "au nom de la", "namens het",
 * "we, the", "nous, les", "WE THE" (a whole mail in capitals).
 */
export const INTRO_RE = new RegExp(
  `^(?:(?:${words([
    'on behalf of', 'in the name of', 'au nom de', 'au nom du', 'au nom des', "au nom d'", 'im namen', 'en nombre de', 'en nombre del',
    'a nome di', 'a nome del', 'a nome della', "a nome dell'", 'em nome de', 'em nome do', 'em nome da', 'w imieniu', 'jménem', 'v mene',
    'від імені', 'от имени', 'ад імя', 'namens', 'på vegne av', 'på vegne af', 'på uppdrag av', 'nimel', 'nevében', 'în numele',
    'u ime', 'у име', 'εκ μέρους', 'adına', 'kami dari', 'kami po ay mula sa', 'kami ay mula sa', 'sisi pia', 'sisi',
    // "Als Friedensinitiative X unterstützen wir": the name the signers give themselves, after "as".
    'as', 'als', 'jako', 'come', 'comme', 'en tant que', 'como', 'kao', 'как', 'як', 'ως', 'som',
  ])})\\s+|(?:we|nous|wir|noi|nosotros|nosotras|nós|my|ми|мы|vi|wij|biz|me|mēs|mes)(?:\\s*,\\s*|\\s+)(?=(?:the|les?|la|l'|die|der|das|los|las|el|gli|il|i|os|as|de|het|η|το|οι)\\s))+`,
  'iu',
);

/** Leading articles (Maltese "il-", "l-" and the assimilated "is-Soċjetà", "in-Nisa" too), possessives and pronouns that are not part of a name. */
export const LEADING_RE =
  /^(?:(?:l['’]|dell['’]|d['’]|en tant qu['’])\s*|(?:il|l)-(?=\p{L})|i([ċdnrstxżz])-(?=\1)|(?:der verein|die gruppe|the|our|la|el|le|les|der|die|das|den|dem|il|lo|o|a|het|de|το|η|ο|наша|наш|naša|notre|nuestra|nuestro|unser|unsere|unseres|unserer|unserem|nostra|nostro|nosso|nossa|nasz|nasza|naše|nos|ons|onze|vår|vårt|vores|meie|mūsų|mūsu|our|des|du|dels|del|della|dello|degli|delle|dei|do|da|dos|das|també|also|auch|aussi|también|anche|også|ook|the group|група|группа)\s+)+/iu;
/** "the board of X", "le bureau de X": the body that decided, not the name (anywhere in a clause). */
export const BODY_OF_RE =
  /(?:^|\s)(?:the\s+)?(?:board|executive(?:\s+(?:committee|board))?|steering committee|committee|secretariat|members|bureau|coordination|(?:general\s+)?assembly|vorstand|direttivo|junta(?:\s+directiva)?|dire(?:ção|cção|zione|cción)|secretariado|zarząd|правління|правление|consejo directivo|comisión directiva|conseil d'administration|comité directeur|styret|styrelsen|bestyrelsen|hallitus|juhatus|valdyba|valde|rada|výbor|predsedníctvo|odbor|upravni odbor|управни одбор|vezetősége|mitglieder|membres|miembros|membri|membros|leden|medlemmer|medlemmar|członkowie|члени|члены)\s+(?:of|de|des|du|der|des|del|della|dello|di|do|da|van|för|af|i|av|від|от)\s+/giu;
export const PRONOUN_RE =
  /^(?:we|i|us|nous|je|wir|ich|nosotros|nosotras|yo|noi|io|nós|eu|my|ja|мы|ми|я|vi|jag|wij|ik|εμείς|biz|ben|this|it|which|who|that|everyone|all|hereby|hiermit|please|bitte|прошу|просимо|просим|prosimy|proszę|prosím|prosíme|molimo|kérjük|palun|prašome|lūdzam|rogăm|thanks|thank|hello|hi|dear|we're|many|also|and|y|et|und|e|i)(?![\p{L}])/iu;

export const CONNECTORS = new Set([
  'de', 'del', 'della', 'di', 'da', 'do', 'dos', 'das', 'du', 'des', 'la', 'le', 'les', 'el', 'los', 'las', 'l', 'd', 'e', 'et', 'y', 'i', 'and', 'of',
  'the', 'for', 'in', 'per', 'por', 'para', 'pour', 'a', 'à', 'al', 'au', 'con', 'with', 'und', 'für', 'der', 'die', 'von', 'im', 'zu', 'en',
  'van', 'voor', 'och', 'för', 've', 'z', 'w', 'na', 'dla', 'pro', 'v', 'against', 'gegen', 'contre', 'contra', 'contro', 'у', 'в', 'з', 'за',
  'для', 'и', 'і', 'та', 'σε', 'και', 'για', 'της', 'των', 'του', 'nach', 'zum', 'zur', 'am', 'an', 'auf', 'bei', 'mit', 'ohne', 'über', 'um',
  'vom', 'dell', 'dello', 'degli', 'delle', 'dei', 'sur', 'sans', 'entre', 'sobre', 'sin', 'sem', 'com', 'no', 'nos', 'nas', 'om', 'op', 'tegen',
  'met', 'med', 'mot', 'på', 'til', 'af', 'ze', 'od', 'bez', 'przeciw', 'против', 'проти', 'без', 'до', 'від', 'от', 'из', 'по', 'με', 'από',
  'κατά', 'ile', 'için', 'karşı', 'on', 'at', 'to', 'by', 'from', 'without', 'ng', 'mga', 'sa', 'wa', 'ya', 'za', 'na', 'kwa', 'dan', 'untuk',
  'dari', 'yang', 'ir', 'un', 'ja', 'és', 'a', 'og', 'en', 've', 'dhe', 'për', 'e', 'të', 'eta', 'ta', 'agus', 'an', 'na', 'do', 'le', 'ar',
]);

/** Closing formulas of languages the shared sign-off list lacks (matched folded, as a line start). */
export const MORE_SIGN_OFFS = [
  'üdvözlettel', 'tisztelettel', 'baráti üdvözlettel', 'cu stimă', 'cu drag', 'toate cele bune', 'srdačan pozdrav', 'lijep pozdrav',
  's poštovanjem', 's pozdravom', 's úctou', 'terveisin', 'ystävällisin terveisin', 'pagarbiai', 'ar cieņu', 'lugupidamisega',
  'parimate soovidega', 'поздрави', 'с уважение', 'um abraço', 'saudações solidárias', 'ondo izan', 'saúdos', 'un saluto',
  'saluti solidali', 'με αλληλεγγύη', 'συναδελφικά', 'συντροφικά', 'salud', 'salut', 'solidarité', 'solidarisch', 'solidarisk hilsen',
  'kampfesgrüße', 'venceremos', 'pozdrawiamy', 'з солідарністю', 'солидарно', 'dayanışma ile',
];

