/**
 * Signer names as segmentation, per language of the organisation-word table: a name found in a
 * sentence (several word orders) or a signature, with places, acronyms and legal forms peeled off
 * or kept as the conventions say. The sentences and names are written for these tests.
 */
import { extractEndorsements } from '../../../src/mail/extract';
import { orgWordCount } from '../../../src/mail/names';
import { ORG_WORDS } from '../../../src/mail/lexicon/org-words';
import type { Address, ExtractInput } from '../../../src/mail/types';

const addr = (address: string, name = ''): Address => ({ address, name });

function run(from: Address, body: string, signature = '', subject = 'Appeal'): ReturnType<typeof extractEndorsements> {
  const input: ExtractInput = {
    mail: {
      messageId: null, from, replyTo: null, to: [addr('info@ukraine-solidarity.eu', 'European Network for Solidarity with Ukraine')], cc: [], subject,
      date: null, inReplyTo: null, references: [], headers: {}, contentType: 'text/plain', text: body, html: null, attachments: [], size: 1,
    },
    kind: 'endorsement', language: null, body, signature, forwarded: null, attachmentText: '',
  };
  return extractEndorsements(input);
}

interface Case {
  lang: string;
  from: Address;
  body: string;
  signature?: string;
  org: string;
  country?: string | null;
  alias?: string;
}

const CASES: Case[] = [
  { lang: 'en', from: addr('sec@dockers-union.ie', 'Aoife Byrne'), body: 'We, the Dockers\' Union of Cork Harbour, extend our full support to the appeal and hereby endorse the same.', signature: 'Aoife Byrne\nSecretary', org: "Dockers' Union of Cork Harbour", country: 'IE' },
  { lang: 'en', from: addr('info@kibera-peace.ke'), body: 'WE THE MEMBERS OF MATHARE TENANTS ASSOCIATION (MTA) HAVE READ YOUR APPEAL AND WE HEREBY ENDORSE IT.', org: 'Mathare Tenants Association', alias: 'MTA', country: 'KE' },
  { lang: 'de', from: addr('post@friedenskreis-kassel.de', 'Jonas Vogt'), body: 'Im Namen unseres Vereins unterstützen wir den Aufruf.', signature: 'Jonas Vogt\nFriedenskreis Kassel e.V.', org: 'Friedenskreis Kassel e.V.', country: 'DE' },
  { lang: 'de', from: addr('jonas@posteo.de', 'Jonas Vogt'), body: 'Die Initiative Offene Häfen Lübeck unterstützt hiermit den Aufruf.', org: 'Initiative Offene Häfen Lübeck', country: 'DE' },
  { lang: 'de', from: addr('info@rls-thueringen.de', 'Max Roth'), body: 'Hiermit unterstützt die Rosa-Luxemburg-Stiftung Thüringen den Aufruf.', org: 'Rosa-Luxemburg-Stiftung Thüringen', country: 'DE' },
  { lang: 'fr', from: addr('contact@cercle-paix.be', 'Anne Dubois'), body: "Au nom du Cercle pour la Paix de Namur, je vous confirme que notre association signe l'appel.", org: 'Cercle pour la Paix de Namur', country: 'BE' },
  { lang: 'es', from: addr('sec@sindicatolimpieza.es'), body: 'El Sindicato de Limpieza de Vigo (SLV) se adhiere al llamamiento.', org: 'Sindicato de Limpieza de Vigo', alias: 'SLV', country: 'ES' },
  { lang: 'es', from: addr('marta@gmail.com', 'Marta Ruiz'), body: 'Adhieren la Asamblea Vecinal de Tetuán, el Colectivo Feminista Lavapiés y la Red de Apoyo Mutuo de Usera.', org: 'Asamblea Vecinal de Tetuán' },
  { lang: 'it', from: addr('info@circolopace.it', 'Luca Neri'), body: "Il Circolo Arci Pace e Lavoro (Bologna) aderisce all'appello.", org: 'Circolo Arci Pace e Lavoro', country: 'IT' },
  { lang: 'pt', from: addr('geral@nucleo-solidario.pt'), body: 'O Núcleo Solidário de Braga apoia o apelo.', org: 'Núcleo Solidário de Braga', country: 'PT' },
  { lang: 'ca', from: addr('info@xarxa-gracia.cat'), body: "La Xarxa Veïnal de Gràcia s'adhereix a la crida.", org: 'Xarxa Veïnal de Gràcia', country: 'ES' },
  { lang: 'nl', from: addr('info@vredeskring-mol.be', 'Els Peeters'), body: 'Wij zijn de Vredeskring Mol, een groep van vrijwilligers. Wij steunen de oproep.', org: 'Vredeskring Mol', country: 'BE' },
  { lang: 'lb', from: addr('claude@fridden.lu', 'Claude Weber'), body: 'Mir ënnerstëtzen den Opruff.', signature: 'Claude Weber\nFriddensinitiativ Lëtzebuerg asbl', org: 'Friddensinitiativ Lëtzebuerg asbl', country: 'LU' },
  { lang: 'en', from: addr('mira@peacenow.example', 'Mira Stone'), body: 'We endorse the appeal.', signature: 'Mira Stone\n"Peace Now" Association, Leeds', org: 'Peace Now Association' },
  { lang: 'sv', from: addr('info@fredsforeningen-lund.se'), body: 'Fredsföreningen i Lund ställer sig bakom uppropet.', org: 'Fredsföreningen i Lund', country: 'SE' },
  { lang: 'no', from: addr('post@fagforening-bodo.no', 'Kari Lund'), body: 'Styret i Bodø Fagforening støtter oppropet.', org: 'Bodø Fagforening', country: 'NO' },
  { lang: 'fi', from: addr('hallitus@rauhanliitto-oulu.fi', 'Matti Koski'), body: 'Tuemme vetoomusta.', signature: 'Matti Koski\nOulun Rauhanyhdistys ry', org: 'Oulun Rauhanyhdistys ry', country: 'FI' },
  { lang: 'et', from: addr('info@parnurahu.ee', 'Mari Kask'), body: 'Toetame pöördumist.', signature: 'Mari Kask\nMTÜ Pärnu Rahuselts', org: 'MTÜ Pärnu Rahuselts', country: 'EE' },
  { lang: 'lv', from: addr('info@liepajas-biedriba.lv', 'Anna Ozola'), body: 'Atbalstām aicinājumu.', signature: 'Anna Ozola\nLiepājas solidaritātes biedrība', org: 'Liepājas solidaritātes biedrība', country: 'LV' },
  { lang: 'lt', from: addr('info@klaipedos-forumas.lt', 'Jonas Petraitis'), body: 'Remiame kreipimąsi.', signature: 'Jonas Petraitis\nKlaipėdos jaunimo forumas', org: 'Klaipėdos jaunimo forumas', country: 'LT' },
  { lang: 'pl', from: addr('biuro@inicjatywa-gdynia.pl', 'Ewa Nowak'), body: 'Stowarzyszenie Inicjatywa Obywatelska Gdynia popiera apel.', org: 'Stowarzyszenie Inicjatywa Obywatelska Gdynia', country: 'PL' },
  { lang: 'cs', from: addr('info@spolek-most.cz', 'Jana Nováková'), body: 'Podporujeme výzvu.', signature: 'Jana Nováková\nSpolek Most Liberec, z. s.', org: 'Spolek Most Liberec, z. s.', country: 'CZ' },
  { lang: 'sk', from: addr('info@mierzilina.sk', 'Peter Kováč'), body: 'Podporujeme výzvu.', signature: 'Peter Kováč\nObčianske združenie Mier Žilina', org: 'Občianske združenie Mier Žilina', country: 'SK' },
  { lang: 'sl', from: addr('info@drustvo-mir.si', 'Ana Novak'), body: 'Podpiramo poziv.', signature: 'Ana Novak\nDruštvo za mir Celje', org: 'Društvo za mir Celje', country: 'SI' },
  { lang: 'hr', from: addr('info@udruga-split.hr', 'Ivan Horvat'), body: 'Podržavamo apel.', signature: 'Ivan Horvat\nUdruga Mirovni krug Split', org: 'Udruga Mirovni krug Split', country: 'HR' },
  { lang: 'sr', from: addr('info@mirovni-krug.rs', 'Марко Петровић'), body: 'Подржавамо апел.', signature: 'Марко Петровић\nНовосадски мировни круг', org: 'Новосадски мировни круг', country: 'RS' },
  { lang: 'bg', from: addr('info@sdruzhenie-mir.bg', 'Иван Петров'), body: 'Подкрепяме призива.', signature: 'Иван Петров\nСдружение Мир и солидарност', org: 'Сдружение Мир и солидарност', country: 'BG' },
  { lang: 'ro', from: addr('contact@asociatia-pace.ro', 'Ioana Pop'), body: 'Susținem apelul.', signature: 'Ioana Pop\nAsociația Pace și Solidaritate Cluj', org: 'Asociația Pace și Solidaritate Cluj', country: 'RO' },
  { lang: 'hu', from: addr('info@pecsi-kor.hu', 'Nagy Anna'), body: 'A Pécsi Békekör csatlakozik a felhíváshoz.', org: 'Pécsi Békekör', country: 'HU' },
  { lang: 'el', from: addr('info@syllogos-patras.gr', 'Νίκος Παππάς'), body: 'Υπογράφουμε την έκκληση.', signature: 'Νίκος Παππάς\nΣύλλογος Αλληλεγγύης Πάτρας', org: 'Σύλλογος Αλληλεγγύης Πάτρας', country: 'GR' },
  { lang: 'tr', from: addr('info@dayanisma-dernegi.org.tr', 'Ayşe Yılmaz'), body: 'Çağrıyı destekliyoruz.', signature: 'Ayşe Yılmaz\nİzmir Emekçi Dayanışma Derneği', org: 'İzmir Emekçi Dayanışma Derneği', country: 'TR' },
  { lang: 'tr', from: addr('info@izmirbaris.org.tr', 'Can Demir'), body: 'İzmir Barış Derneği çağrıyı destekliyor.', org: 'İzmir Barış Derneği', country: 'TR' },
  { lang: 'az', from: addr('leyla@sulh.az', 'Leyla Məmmədova'), body: 'Müraciəti imzalayırıq.', signature: 'Leyla Məmmədova\nSülh Təşəbbüsü İctimai Birliyi\nBakı, Azərbaycan', org: 'Sülh Təşəbbüsü İctimai Birliyi', country: 'AZ' },
  { lang: 'az', from: addr('info@genclik.az'), body: 'Gəncə Gənclər Birliyi müraciəti dəstəkləyir.', org: 'Gəncə Gənclər Birliyi' },
  { lang: 'kk', from: addr('aigerim@beibitshilik.kz', 'Aigerim Nurlanovna'), body: 'Біз үндеуге қол қоямыз.', signature: 'Айгерім Нұрланқызы\n"Бейбітшілік Алаңы" қоғамдық бірлестігі\nАлматы, Қазақстан', org: 'Бейбітшілік Алаңы қоғамдық бірлестігі', country: 'KZ' },
  { lang: 'kk', from: addr('info@jastar.kz'), body: 'Қарағанды жастар бірлестігі үндеуді қолдайды.', org: 'Қарағанды жастар бірлестігі' },
  { lang: 'sq', from: addr('info@levizja-paqe.al', 'Arta Krasniqi'), body: 'Mbështesim thirrjen.', signature: 'Arta Krasniqi\nLëvizja për Paqe Tiranë', org: 'Lëvizja për Paqe Tiranë', country: 'AL' },
  { lang: 'ga', from: addr('eolas@cumann-corcaigh.ie', 'Siobhán Ní Bhriain'), body: 'Tacaíonn Cumann Síochána Chorcaí leis an achainí.', org: 'Cumann Síochána Chorcaí', country: 'IE' },
  { lang: 'eu', from: addr('info@bake-bilbo.eus', 'Miren Agirre'), body: 'Bat egiten dugu deialdiarekin.', signature: 'Miren Agirre\nBilboko Bake Taldea', org: 'Bilboko Bake Taldea', country: 'ES' },
  { lang: 'uk', from: addr('info@spilka-poltava.org.ua', 'Олена Коваль'), body: 'Підтримуємо звернення.', signature: 'Олена Коваль\nПолтавська спілка вчителів', org: 'Полтавська спілка вчителів', country: 'UA' },
  { lang: 'uk', from: addr('oleh@ukr.net', 'Олег'), body: 'Доброго дня! Громадська організація «Світанок» (м. Житомир) підтримує звернення.', org: 'Громадська організація Світанок', country: 'UA' },
  { lang: 'ru', from: addr('info@obshchestvo.ge', 'Анна Смирнова'), body: 'Инициативная группа «Русские за мир» (Тбилиси) поддерживает обращение.', org: 'Инициативная группа Русские за мир', country: 'GE' },
  { lang: 'ka', from: addr('info@qseli.ge', 'ნინო ბერიძე'), body: 'მხარს ვუჭერთ მიმართვას.', signature: 'ნინო ბერიძე\nქუთაისის სოლიდარობის ქსელი', org: 'ქუთაისის სოლიდარობის ქსელი', country: 'GE' },
  { lang: 'hy', from: addr('info@miutyun.am', 'Անի Սարգսյան'), body: 'Աջակցում ենք կոչին։', signature: 'Անի Սարգսյան\nԳյումրիի խաղաղության միություն\nԵրևան, Հայաստան', org: 'Գյումրիի խաղաղության միություն', country: 'AM' },
  { lang: 'ja', from: addr('info@heiwa-sapporo.jp', '佐藤 花子'), body: '札幌平和市民の会として、呼びかけに賛同します。', org: '札幌平和市民の会', country: 'JP' },
  { lang: 'zh', from: addr('info@solidarity.org.tw', '陳美玲'), body: '以下團體共同連署：\n\n一、台南青年互助協會（台南）\n二、新竹勞工聯盟', org: '台南青年互助協會', country: 'TW' },
  { lang: 'id', from: addr('sekretariat@serikat-buruh.or.id', 'Budi Santoso'), body: 'Kami dari Serikat Buruh Pelabuhan Surabaya (SBPS) menyatakan mendukung seruan ini.', org: 'Serikat Buruh Pelabuhan Surabaya', alias: 'SBPS', country: 'ID' },
  { lang: 'sw', from: addr('umoja.dodoma@gmail.com', 'Juma Mwita'), body: 'Sisi, Chama cha Walimu Dodoma (CWD), tunaunga mkono mwito huu.', org: 'Chama cha Walimu Dodoma', alias: 'CWD' },
  { lang: 'tl', from: addr('kapisanan@yahoo.com', 'Maria Santos'), body: 'Kami po ay mula sa Kapisanan ng mga Manggagawa sa Roma (KMR). Nais po naming lumagda.', org: 'Kapisanan ng mga Manggagawa sa Roma', alias: 'KMR' },
  // The place after a name, written in the sender's own language, is peeled off; "from X" in several languages.
  { lang: 'cy', from: addr('sian@heddwch.cymru', 'Siân Evans'), body: "Mae'n bleser gennym gefnogi'r datganiad.", signature: 'Siân Evans\nCymdeithas Heddwch Cymru, Caerdydd', org: 'Cymdeithas Heddwch Cymru', country: 'GB' },
  { lang: 'hi', from: addr('rajesh@shantimanch.in', 'Rajesh Kumar'), body: 'हमारा संगठन इस अपील का समर्थन करता है।', signature: 'राजेश कुमार\nशांति मंच भारत, दिल्ली', org: 'शांति मंच भारत', country: 'IN' },
  { lang: 'bn', from: addr('rahim@shantimancha.org.bd', 'Rahim Uddin'), body: 'আমাদের সংগঠন আবেদনটি সমর্থন করে।', signature: 'রহিম উদ্দিন\nশান্তি মঞ্চ বাংলাদেশ, ঢাকা', org: 'শান্তি মঞ্চ বাংলাদেশ', country: 'BD' },
  { lang: 'sq', from: addr('arben@paqja.al', 'Arben Hoxha'), body: 'Shoqata Paqja Tani nga Tirana nënshkruan apelin.', org: 'Shoqata Paqja Tani', country: 'AL' },
  { lang: 'sq', from: addr('arben@paqja.al', 'Arben Hoxha'), body: 'Përshëndetje, shoqata "Paqja Tani" nga Tirana, Shqipëri, dëshiron të nënshkruajë apelin.', org: 'Paqja Tani', country: 'AL' },
  { lang: 'en', from: addr('arben@gmail.com', 'Arben Hoxha'), body: 'The association "Peace Now" from Tirana, Albania, wants to sign the appeal.', org: 'Peace Now', country: 'AL' },
  { lang: 'en', from: addr('arben@gmail.com', 'Arben Hoxha'), body: 'the association Peace Now, Durrës, would like to sign the appeal.', org: 'Association Peace Now', country: 'AL' },
  { lang: 'sw', from: addr('amani.mombasa@gmail.com', 'Halima Ali'), body: 'Habari! Kikundi cha Amani kutoka Mombasa inasaini tamko hili.', org: 'Kikundi cha Amani', country: 'KE' },
  { lang: 'id', from: addr('jaringan.damai@gmail.com', 'Siti Rahma'), body: 'Jaringan Damai dari Surabaya mendukung seruan ini.', org: 'Jaringan Damai', country: 'ID' },
  { lang: 'mt', from: addr('joseph@pacimalta.org', 'Joseph Borg'), body: 'Il-Moviment Paċi Malta jiffirma l-appell.', org: 'Moviment Paċi Malta', country: 'MT' },
  { lang: 'is', from: addr('gudrun@fridur.is', 'Guðrún Jónsdóttir'), body: 'Samtök hernaðarandstæðinga frá Akureyri skrifar undir ákallið.', org: 'Samtök hernaðarandstæðinga', country: 'IS' },
  // Letters that do not decompose (æ, ø, ł, ð) meet the table's plain forms.
  { lang: 'da', from: addr('soren.madsen@gmail.com', 'Søren Madsen'), body: 'Vi vil gerne skrive under på appellen.', signature: 'Søren Madsen\nFredsbevægelsen Aarhus', org: 'Fredsbevægelsen Aarhus', country: 'DK' },
  { lang: 'pl', from: addr('ewa.nowak@wp.pl', 'Ewa Nowak'), body: 'Popieramy apel.', signature: 'Ewa Nowak\nKoło Pokoju w Lublinie', org: 'Koło Pokoju w Lublinie', country: 'PL' },
  { lang: 'is', from: addr('jon@gmail.com', 'Jón Jónsson'), body: 'Við styðjum ákallið.', signature: 'Jón Jónsson\nFriðarmiðstöð Reykjavíkur', org: 'Friðarmiðstöð Reykjavíkur' },
  // The body that decided comes before the name, after a date; the name a sender signs "as"; a legal form after a marker.
  { lang: 'en', from: addr('lars@gnyouth.org', 'Lars Nilsen'), body: 'Dear team, at its meeting on 3 May the board of Greenpeace Nordic Youth decided to endorse the appeal.', org: 'Greenpeace Nordic Youth' },
  { lang: 'en', from: addr('ann@gmail.com', 'Ann Lee'), body: 'Hi, we sign as Leeds Peace Forum. Best wishes to all.', org: 'Leeds Peace Forum', country: 'GB' },
  { lang: 'de', from: addr('jan@fi-nord.de', 'Jan Müller'), body: 'Hallo, wir unterzeichnen als Friedensinitiative Nord e.V. den Aufruf.', org: 'Friedensinitiative Nord e.V.', country: 'DE' },
  { lang: 'fr', from: addr('claire@paix-lorraine.fr', 'Claire Martin'), body: "Le Collectif Paix Lorraine, basé à Nancy, se joint à l'appel.", org: 'Collectif Paix Lorraine' },
  { lang: 'sv', from: addr('karin@fredsrost.se', 'Karin Berg'), body: 'Hej! Föreningen Fredsröst i Malmö vill skriva under uppropet.', org: 'Föreningen Fredsröst i Malmö', country: 'SE' },
  { lang: 'es', from: addr('ana@gmail.com', 'Ana'), body: 'Hola: Somos la Asociación Vecinal La Flor de Vallecas y queremos sumarnos al llamamiento.', org: 'Asociación Vecinal La Flor de Vallecas' },
  { lang: 'pt', from: addr('ines@sapo.pt', 'Inês Costa'), body: 'A direção da Associação Cultural Lua Cheia (Coimbra) decidiu subscrever o apelo.', org: 'Associação Cultural Lua Cheia', country: 'PT' },
  { lang: 'it', from: addr('info@aurora.it', 'Sara Villa'), body: "Il direttivo del Circolo Culturale Aurora ha deciso di sottoscrivere l'appello.", org: 'Circolo Culturale Aurora', country: 'IT' },
];

describe('organisation names per language', () => {
  it.each(CASES.map((c) => [c.lang, c.org, c] as const))('%s: %s', (_l, _o, c) => {
    const got = run(c.from, c.body, c.signature ?? '');
    const e = got.find((x) => x.organisation === c.org);
    expect(got.map((x) => x.organisation ?? x.name)).toContain(c.org);
    if (c.country !== undefined) expect(e!.country).toBe(c.country);
    if (c.alias) expect(e!.aliases).toContain(c.alias);
  });
});

describe('names after "as" at the start of a sentence', () => {
  it.each([
    ['de', 'Als Friedensinitiative Rheinland unterstützen wir den Aufruf.', 'Friedensinitiative Rheinland'],
    ['cs', 'Jako spolek Mírová iniciativa Brno podporujeme výzvu.', 'Spolek Mírová iniciativa Brno'],
    ['it', "Come associazione Pace e Lavoro aderiamo all'appello.", 'Associazione Pace e Lavoro'],
    ['fr', "En tant qu'association Paix 54, nous signons l'appel.", 'Association Paix 54'],
    ['es', 'Como asociación Alba de Vigo apoyamos el llamamiento.', 'Asociación Alba de Vigo'],
  ])('%s: %s', (_lang, body, org) => {
    const got = run(addr('someone@gmail.com', 'Sam Lee'), body);
    expect(got.map((x) => x.organisation ?? x.name)).toEqual([org]);
  });
});

describe('several organisations joined by "and"', () => {
  it.each([
    ['pl', 'Stowarzyszenie Pokój Kraków oraz Fundacja Wolność Gdańsk popierają apel.', ['Stowarzyszenie Pokój Kraków', 'Fundacja Wolność Gdańsk']],
    ['ro', 'Asociația Pace Cluj și Fundația Speranța Iași susțin apelul.', ['Asociația Pace Cluj', 'Fundația Speranța Iași']],
  ])('%s: %s', (_lang, body, orgs) => {
    const got = run(addr('someone@gmail.com', 'Sam Lee'), body);
    expect(got.map((x) => x.organisation ?? x.name).sort()).toEqual([...orgs].sort());
  });
});

describe('names after "we sign as"', () => {
  it('takes no organisation from "we sign as individuals"', () => {
    const got = run(addr('ann@gmail.com', 'Ann Lee'), 'Hi, we sign as individuals, not as an organisation.');
    expect(got.map((x) => [x.signerType, x.organisation])).toEqual([['individual', null]]);
  });
});

describe('a sentence with endorsing wording and the appeal in lower case is no name', () => {
  it.each([
    ['hi', 'शांति मंच भारत इस अपील का समर्थन करता है।', 'समर्थन'],
    ['ko', '부산평화연대는 호소문을 지지합니다.', '지지합니다'],
    ['fa', 'انجمن صلح تهران از این فراخوان حمایت می‌کند.', 'حمایت'],
  ])('%s: %s', (_lang, body, verb) => {
    const got = run(addr('someone@gmail.com', 'Sam Lee'), `Hello,\n\n${body}\n\nSam`);
    expect(got.map((x) => x.organisation ?? x.name).filter((n) => n?.includes(verb))).toEqual([]);
  });

  it('keeps a name that holds one such word, capitalised', () => {
    const got = run(addr('ann@gmail.com', 'Ann Lee'), 'We endorse the appeal.', 'Ann Lee\nUkraine Support Network, Leeds');
    expect(got.map((x) => x.organisation)).toContain('Ukraine Support Network');
  });
});

describe('the organisation-word table', () => {
  it('has a row for at least 45 languages, and each row recognises its own words', () => {
    const rows = ORG_WORDS.filter((r) => r.lang !== '*');
    expect(new Set(rows.map((r) => r.lang)).size).toBeGreaterThanOrEqual(45);
    for (const r of rows) {
      const missed = r.words.filter((w) => orgWordCount(`Xx ${w.replace(/^[=^]/, '')} Yy`) === 0);
      expect([r.lang, missed]).toEqual([r.lang, []]);
    }
  });

  it('does not take ordinary personal names for organisations', () => {
    for (const person of ['Junior Baker', 'Rahul Sharma', 'Anna Kolodziej', 'Levi Huisman', 'Mira Casals', 'Karin Spring']) expect([person, orgWordCount(person)]).toEqual([person, 0]);
  });
});
