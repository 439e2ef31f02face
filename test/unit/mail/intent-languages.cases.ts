/**
 * Sentences written for the intent tests, per language of the table: endorsements in several word
 * orders and registers (statement, inverted order, nominal form, request to be listed), a withdrawal,
 * a question about endorsing that must stay a question, and a refusal ("we will not sign").
 */

export interface LanguageCases {
  endorse: string[];
  withdraw: string[];
  question: string[];
  negated: string[];
}

export const CASES: Record<string, LanguageCases> = {
  en: {
    endorse: ['We, the Dockers’ Union of Leith, extend our full support to the appeal and hereby endorse the same.', 'On behalf of our association we sign the statement.', 'Please add us to the list of signatories.'],
    withdraw: ['Please remove our name from the list of signatories.', 'We hereby withdraw our endorsement.'],
    question: ['Can we sign the appeal as a local branch?', 'Before we endorse, could you tell us who else has signed?'],
    negated: ['We will not sign the appeal.'],
  },
  de: {
    endorse: ['Im Namen unseres Vereins unterstützen wir den Aufruf.', 'Hiermit unterzeichnet die Gewerkschaft Nord den Aufruf.', 'Bitte nehmt uns in die Liste der Unterzeichner auf.', 'Ja, wir machen mit!', 'Wir sind dabei.', 'Zählt uns dazu!'],
    withdraw: ['Wir ziehen unsere Unterschrift unter den Aufruf zurück.', 'Bitte streichen Sie uns von der Liste.'],
    question: ['Können wir den Aufruf auch als Ortsgruppe unterzeichnen?', 'Können wir als Verein auch mitmachen?'],
    negated: ['Wir werden den Aufruf nicht unterzeichnen.'],
  },
  fr: {
    endorse: ['Notre collectif signe l’appel.', 'Le Collectif Paix Lorraine, basé à Nancy, se joint à l’appel.', 'Au nom du syndicat, nous apportons notre soutien à l’appel.', 'Merci d’ajouter notre association à la liste des signataires.'],
    withdraw: ['Nous retirons notre signature de l’appel.', 'Merci de supprimer notre nom de la liste.'],
    question: ['Pouvons-nous signer l’appel en tant que section locale ?'],
    negated: ['Nous ne signerons pas cet appel.'],
  },
  es: {
    endorse: ['Adhesión de la Asociación Vecinal del Sur al llamamiento.', 'Nuestra asociación se adhiere al llamamiento.', 'Firmamos el llamamiento.', '¡Contad con nosotros!'],
    withdraw: ['Os pedimos que retiréis nuestra firma del llamamiento.', 'Por favor quitad a nuestra asociación de la lista.'],
    question: ['¿Podemos firmar el llamamiento como asociación de vecinos?'],
    negated: ['No firmaremos el llamamiento.'],
  },
  it: {
    endorse: ['Il nostro circolo aderisce all’appello.', 'Con la presente comunichiamo la nostra adesione all’appello.', 'Sottoscriviamo l’appello.', 'Contateci per l’appello!'],
    withdraw: ['Vi chiediamo di ritirare la nostra firma dall’appello.', 'Vi preghiamo di togliere il nostro nome dalla lista.'],
    question: ['Possiamo firmare l’appello come singoli?'],
    negated: ['Non firmeremo l’appello.'],
  },
  pt: {
    endorse: ['A nossa associação subscreve o apelo.', 'Aderimos ao apelo.', 'Assinamos o apelo com todo o gosto.', 'Contem com a gente para o apelo!'],
    withdraw: ['Pedimos que retirem a nossa assinatura do apelo.', 'Por favor removam o nosso nome da lista.'],
    question: ['Podemos assinar o apelo como núcleo local?'],
    negated: ['Não vamos assinar o apelo.'],
  },
  gl: {
    endorse: ['A nosa asociación asina o chamamento.', 'Adhesión da Asemblea Veciñal ao chamamento.'],
    withdraw: ['Pedimos que retiredes a nosa sinatura do chamamento.'],
    question: ['Podemos asinar o chamamento como persoas?'],
    negated: ['Non imos asinar o chamamento.'],
  },
  ca: {
    endorse: ['L’Ateneu Popular s’adhereix a la crida.', 'Signem la crida amb tota la força.', 'Adhesió de l’Associació de Veïns a la crida.'],
    withdraw: ['Us demanem que retireu la nostra signatura de la crida.'],
    question: ['Podem signar la crida com a particulars?'],
    negated: ['No signarem la crida.'],
  },
  ro: {
    endorse: ['Asociația noastră semnează apelul.', 'Susținem apelul și vă rugăm să ne adăugați pe listă.'],
    withdraw: ['Vă rugăm să retrageți semnătura noastră de pe apel.', 'Vă rugăm să ștergeți numele nostru de pe listă.'],
    question: ['Putem semna apelul ca persoane fizice?'],
    negated: ['Nu vom semna apelul.'],
  },
  nl: {
    endorse: ['Namens ons collectief steunen wij de oproep.', 'Onze vereniging ondertekent de oproep.', 'Graag voegen wij onze naam toe aan de lijst van ondertekenaars.', 'Wij doen graag mee!', 'Tel ons mee.'],
    withdraw: ['Wij trekken onze ondertekening in.', 'Mogen jullie onze naam van de lijst halen?'],
    question: ['Kunnen wij de oproep ook als afdeling ondertekenen?', 'Kunnen wij als vereniging ook meedoen?'],
    negated: ['Wij ondertekenen de oproep niet.'],
  },
  lb: {
    endorse: ['D’Friddensinitiativ Lëtzebuerg ënnerschreift den Opruff.', 'Am Numm vun eisem Veräin ënnerstëtze mir den Opruff.', 'Dir kënnt eis gär op d’Lëscht vun den Ënnerzeechner derbäisetzen.'],
    withdraw: ['Läscht w.e.g. eisen Numm vun der Lëscht.', 'Mir zéien eis Ënnerschrëft zréck.'],
    question: ['Kënne mir den Opruff och als Privatpersounen ënnerschreiwen?'],
    negated: ['Mir ënnerschreiwen den Opruff net.'],
  },
  sv: {
    endorse: ['Föreningen undertecknar uppropet.', 'Vi ställer oss bakom uppropet.', 'Härmed skriver vi under uppropet.'],
    withdraw: ['Vi drar tillbaka vår underskrift från uppropet.', 'Ta bort vårt namn från listan.'],
    question: ['Kan vi skriva under uppropet som privatpersoner?'],
    negated: ['Vi kommer inte att skriva under uppropet.'],
  },
  da: {
    endorse: ['Vores forening støtter opfordringen.', 'Vi skriver under på appellen.', 'Foreningen tilslutter sig appellen.'],
    withdraw: ['Vi ønsker at trække vores underskrift tilbage.', 'Fjern venligst vores navn fra listen.'],
    question: ['Kan vi skrive under på appellen som enkeltpersoner?'],
    negated: ['Vi vil ikke skrive under på appellen.'],
  },
  no: {
    endorse: ['Styret vedtok å slutte seg til oppropet.', 'Vi støtter oppropet.', 'Vennligst før oss opp på lista over underskrivere.'],
    withdraw: ['Vi trekker tilbake vår underskrift.', 'Fjern vårt navn fra lista.'],
    question: ['Kan vi skrive under på oppropet som enkeltpersoner?'],
    negated: ['Vi kommer ikke til å skrive under på oppropet.'],
  },
  is: {
    endorse: ['Ég vil gjarnan skrifa undir ákallið.', 'Félagið okkar styður ákallið.'],
    withdraw: ['Við viljum draga undirskrift okkar til baka.', 'Vinsamlegast fjarlægið nafn okkar af listanum.'],
    question: ['Getum við skrifað undir ákallið sem einstaklingar?'],
    negated: ['Við munum ekki skrifa undir ákallið.'],
  },
  fi: {
    endorse: ['Pispalan tukiryhmä allekirjoittaa vetoomuksen.', 'Yhdistyksemme tukee vetoomusta.', 'Allekirjoitamme vetoomuksen.'],
    withdraw: ['Pyydämme poistamaan nimemme listalta.', 'Perumme allekirjoituksemme.'],
    question: ['Voimmeko allekirjoittaa vetoomuksen yksityishenkilöinä?'],
    negated: ['Emme allekirjoita vetoomusta.'],
  },
  et: {
    endorse: ['Toetame pöördumist.', 'Meie ühing ühineb üleskutsega.', 'MTÜ Tartu Rahuühing allkirjastab pöördumise.'],
    withdraw: ['Palun eemaldage meie nimi nimekirjast.', 'Võtame oma allkirja tagasi.'],
    question: ['Kas me saame pöördumise allkirjastada eraisikutena?'],
    negated: ['Me ei allkirjasta pöördumist.'],
  },
  lv: {
    endorse: ['Mūsu biedrība paraksta aicinājumu.', 'Atbalstām aicinājumu.', 'Lūdzam iekļaut mūs parakstītāju sarakstā.'],
    withdraw: ['Lūdzam svītrot mūsu organizāciju no saraksta.', 'Mēs atsaucam savu parakstu.'],
    question: ['Vai mēs varam parakstīt aicinājumu kā privātpersonas?'],
    negated: ['Mēs neparakstīsim aicinājumu.'],
  },
  lt: {
    endorse: ['Kreipimąsi remia mūsų organizacija.', 'Mes pasirašome kreipimąsi.', 'Prašome įtraukti mus į pasirašiusiųjų sąrašą.'],
    withdraw: ['Prašome išbraukti mūsų organizaciją iš sąrašo.', 'Atšaukiame savo parašą.'],
    question: ['Ar galime pasirašyti kreipimąsi kaip privatūs asmenys?'],
    negated: ['Mes nepasirašysime kreipimosi.'],
  },
  pl: {
    endorse: ['Podpisujemy się pod apelem.', 'Stowarzyszenie z Poznania popiera apel.', 'Prosimy o dopisanie nas do listy sygnatariuszy.'],
    withdraw: ['Wycofujemy nasz podpis pod apelem.', 'Prosimy o usunięcie naszej organizacji z listy.'],
    question: ['Czy możemy podpisać apel jako osoby prywatne?'],
    negated: ['Nie podpiszemy apelu.'],
  },
  cs: {
    endorse: ['Podepisujeme výzvu jako spolek.', 'Náš spolek podporuje výzvu.', 'Přidejte nás prosím na seznam signatářů.'],
    withdraw: ['Stahujeme náš podpis pod výzvou.', 'Odstraňte nás prosím ze seznamu.'],
    question: ['Můžeme výzvu podepsat jako jednotlivci?'],
    negated: ['Výzvu nepodepíšeme.'],
  },
  sk: {
    endorse: ['Naše združenie podpisuje výzvu.', 'Podporujeme výzvu.', 'Pridajte nás prosím do zoznamu signatárov.'],
    withdraw: ['Žiadame o stiahnutie podpisu nášho združenia.', 'Prosíme, odstráňte nás zo zoznamu.'],
    question: ['Môžeme podpísať výzvu ako jednotlivci?'],
    negated: ['Výzvu nepodpíšeme.'],
  },
  sl: {
    endorse: ['Naše društvo podpira apel.', 'Podpisujemo apel.', 'Prosimo, da nas dodate na seznam podpisnikov.'],
    withdraw: ['Prosimo, odstranite nas s seznama podpisnikov.', 'Umikamo svoj podpis.'],
    question: ['Ali lahko podpišemo apel kot posamezniki?'],
    negated: ['Apela ne bomo podpisali.'],
  },
  hr: {
    endorse: ['Naša udruga potpisuje apel.', 'Podržavamo apel.', 'Molimo da nas uvrstite na popis potpisnika.'],
    withdraw: ['Molimo da nas uklonite s popisa potpisnika.', 'Povlačimo svoj potpis.'],
    question: ['Možemo li potpisati apel kao pojedinci?'],
    negated: ['Nećemo potpisati apel.'],
  },
  bs: {
    endorse: ['Naše udruženje potpisuje apel.', 'Podržavamo apel i molimo da nas dodate na spisak.'],
    withdraw: ['Molimo da nas uklonite sa spiska potpisnika.'],
    question: ['Možemo li potpisati apel kao pojedinci?'],
    negated: ['Apel ne potpisujemo.'],
  },
  sr: {
    endorse: ['Београдски антиратни круг подржава апел.', 'Potpisujemo apel.', 'Молимо да нас уврстите на листу потписника.'],
    withdraw: ['Молимо да нас уклоните са листе потписника.', 'Povlačimo svoj potpis.'],
    question: ['Да ли можемо да потпишемо апел као појединци?'],
    negated: ['Не потписујемо апел.'],
  },
  mk: {
    endorse: ['Нашето здружение го поддржува апелот.', 'Го потпишуваме апелот.'],
    withdraw: ['Ве молиме отстранете нè од листата на потписници.'],
    question: ['Дали можеме да го потпишеме апелот како поединци?'],
    negated: ['Не го потпишуваме апелот.'],
  },
  bg: {
    endorse: ['Нашата организация подкрепя призива.', 'Подписваме призива.', 'Моля, добавете ни в списъка на подписалите.'],
    withdraw: ['Моля, премахнете ни от списъка.', 'Оттегляме подписа си.'],
    question: ['Можем ли да подпишем призива като частни лица?'],
    negated: ['Не подписваме призива.'],
  },
  ru: {
    endorse: ['Мы подписываем обращение.', 'Наша организация поддерживает обращение.', 'Просим добавить нас в список подписантов.'],
    withdraw: ['Просим удалить нашу организацию из списка подписавших.', 'Мы отзываем свою подпись.'],
    question: ['Можем ли мы подписать обращение как частные лица?'],
    negated: ['Мы не будем подписывать обращение.'],
  },
  uk: {
    endorse: ['Наша організація підписує звернення.', 'Підтримуємо звернення.', 'Просимо додати нас до списку підписантів.'],
    withdraw: ['Просимо видалити нашу організацію зі списку.', 'Відкликаємо свій підпис.'],
    question: ['Чи можемо ми підписати звернення як приватні особи?'],
    negated: ['Ми не підписуватимемо звернення.'],
  },
  be: {
    endorse: ['Супольнасць далучаецца да звароту.', 'Мы падтрымліваем зварот.', 'Калі ласка, дадайце нас у спіс.'],
    withdraw: ['Просім выдаліць нас са спісу.', 'Мы адклікаем свой подпіс.'],
    question: ['Ці можам мы падпісаць зварот як прыватныя асобы?'],
    negated: ['Мы не падпішам зварот.'],
  },
  el: {
    endorse: ['Υπογράφουμε την έκκληση.', 'Το σωματείο αποφάσισε να προσυπογράψει την έκκληση.', 'Παρακαλούμε προσθέστε μας στη λίστα.'],
    withdraw: ['Αποσύρουμε την υπογραφή μας από την έκκληση.', 'Παρακαλούμε αφαιρέστε μας από τη λίστα.'],
    question: ['Μπορούμε να υπογράψουμε την έκκληση ως ιδιώτες;'],
    negated: ['Δεν θα υπογράψουμε την έκκληση.'],
  },
  hu: {
    endorse: ['A Szegedi Szolidaritási Kör csatlakozik a felhíváshoz.', 'Támogatjuk a felhívást.', 'Kérjük, tüntessék fel szervezetünket az aláírók listáján.'],
    withdraw: ['Kérem, töröljék a nevemet az aláírók listájáról.', 'Visszavonjuk az aláírásunkat.'],
    question: ['Aláírhatjuk a felhívást magánszemélyként?'],
    negated: ['Nem írjuk alá a felhívást.'],
  },
  mt: {
    endorse: ['L-għaqda tagħna tiffirma l-appell.', 'Aħna nappoġġjaw l-appell.'],
    withdraw: ['Jekk jogħġbok neħħu isimna mil-lista.'],
    question: ['Nistgħu niffirmaw l-appell bħala individwi?'],
    negated: ['Aħna ma niffirmawx l-appell.'],
  },
  ga: {
    endorse: ['Tacaíonn Gaelchumann Síochána na Gaillimhe leis an achainí.', 'Cuirigí ár n-ainm leis an liosta, le bhur dtoil.'],
    withdraw: ['Bainigí ár n-ainm den liosta, le bhur dtoil.'],
    question: ['An féidir linn an achainí a shíniú mar dhaoine aonair?'],
    negated: ['Ní shíneoimid an achainí.'],
  },
  cy: {
    endorse: ['Rydym yn cefnogi’r apêl.', 'Mae ein cymdeithas yn llofnodi’r apêl.'],
    withdraw: ['Rydym yn tynnu ein llofnod yn ôl.', 'Dilewch ein henw o’r rhestr os gwelwch yn dda.'],
    question: ['A allwn ni lofnodi’r apêl fel unigolion?'],
    negated: ['Dydyn ni ddim yn llofnodi’r apêl.'],
  },
  eu: {
    endorse: ['Donostiako Bake Taldeak bat egiten du deialdiarekin.', 'Gure elkarteak deialdia sinatzen du.'],
    withdraw: ['Mesedez, kendu gure izena zerrendatik.'],
    question: ['Deialdia sina al dezakegu norbanako gisa?'],
    negated: ['Ez dugu deialdia sinatuko.'],
  },
  sq: {
    endorse: ['Lëvizja Rinore e mbështet apelin.', 'Ju lutemi ta shtoni emrin tonë në listën e nënshkruesve.'],
    withdraw: ['Ju lutemi hiqni emrin tonë nga lista.'],
    question: ['A mund ta nënshkruajmë apelin si individë?'],
    negated: ['Ne nuk do ta nënshkruajmë apelin.'],
  },
  tr: {
    endorse: ['Derneğimiz çağrıyı destekliyor.', 'Çağrıyı imzalıyoruz.', 'Lütfen bizi imzacı listesine ekleyin.'],
    withdraw: ['Lütfen adımızı listeden çıkarın.', 'İmzamızı geri çekiyoruz.'],
    question: ['Çağrıyı bireysel olarak imzalayabilir miyiz?'],
    negated: ['Çağrıyı imzalamayacağız.'],
  },
  az: {
    endorse: ['Təşkilatımız müraciəti dəstəkləyir.', 'Biz müraciəti imzalayırıq.', 'Zəhmət olmasa, bizi imzalayanların siyahısına əlavə edin.'],
    withdraw: ['Zəhmət olmasa, adımızı siyahıdan silin.', 'Biz imzamızı geri götürürük.'],
    question: ['Müraciəti fərdi şəxslər kimi imzalaya bilərikmi?'],
    negated: ['Biz müraciəti imzalamayacağıq.'],
  },
  kk: {
    endorse: ['Біздің бірлестік үндеуді қолдайды.', 'Біз үндеуге қол қоямыз.', 'Өтініш, бізді қол қоюшылар тізіміне қосыңыз.'],
    withdraw: ['Өтініш, біздің атымызды тізімнен алып тастаңыз.', 'Біз қолымызды кері қайтарып аламыз.'],
    question: ['Біз үндеуге жеке тұлғалар ретінде қол қоя аламыз ба?'],
    negated: ['Біз үндеуге қол қоймаймыз.'],
  },
  ka: {
    endorse: ['თბილისის ქსელი უერთდება მოწოდებას.', 'ჩვენ მხარს ვუჭერთ მოწოდებას.'],
    withdraw: ['გთხოვთ, წაშალოთ ჩვენი სახელი სიიდან.'],
    question: ['შეგვიძლია მოწოდებას ხელი მოვაწეროთ როგორც კერძო პირებმა?'],
    negated: ['ჩვენ არ მოვაწერთ ხელს მოწოდებას.'],
  },
  hy: {
    endorse: ['Նախաձեռնությունը միանում է կոչին։', 'Մենք ստորագրում ենք կոչը։'],
    withdraw: ['Խնդրում ենք հեռացնել մեր անունը ցուցակից։'],
    question: ['Կարո՞ղ ենք ստորագրել կոչը որպես անհատներ։'],
    negated: ['Մենք չենք ստորագրի կոչը։'],
  },
  he: {
    endorse: ['הארגון שלנו חותם על הקריאה.', 'אנחנו תומכים בקריאה ומצטרפים אליה.'],
    withdraw: ['נא להסיר את שמנו מהרשימה.'],
    question: ['האם אפשר לחתום על הקריאה כאנשים פרטיים?'],
    negated: ['אנחנו לא חותמים על הקריאה.'],
  },
  ar: {
    endorse: ['تعلن الجمعية انضمامها إلى النداء.', 'نحن نوقع على النداء.'],
    withdraw: ['نرجو حذف اسم جمعيتنا من قائمة الموقعين.'],
    question: ['هل يمكننا التوقيع على النداء كأفراد؟'],
    negated: ['نحن لن نوقع على النداء.'],
  },
  fa: {
    endorse: ['انجمن ما فراخوان را امضا می‌کند.', 'ما از فراخوان حمایت می‌کنیم.'],
    withdraw: ['لطفا نام ما را از فهرست حذف کنید.'],
    question: ['آیا می‌توانیم فراخوان را به عنوان فرد امضا کنیم؟'],
    negated: ['ما فراخوان را امضا نمی‌کنیم.'],
  },
  hi: {
    endorse: ['हमारा संगठन अपील का समर्थन करता है।', 'हम अपील पर हस्ताक्षर करते हैं।'],
    withdraw: ['कृपया हमारा नाम सूची से हटा दें।'],
    question: ['क्या हम व्यक्तिगत रूप से अपील पर हस्ताक्षर कर सकते हैं?'],
    negated: ['हम अपील पर हस्ताक्षर नहीं करेंगे।'],
  },
  bn: {
    endorse: ['আমাদের সংগঠন আবেদনটি সমর্থন করে।', 'আমরা আবেদনে স্বাক্ষর করছি।', 'অনুগ্রহ করে আমাদের সংগঠনকে স্বাক্ষরকারীদের তালিকায় যুক্ত করুন।'],
    withdraw: ['অনুগ্রহ করে তালিকা থেকে আমাদের নাম সরিয়ে দিন।', 'আমরা আমাদের স্বাক্ষর প্রত্যাহার করছি।'],
    question: ['আমরা কি ব্যক্তিগতভাবে আবেদনে স্বাক্ষর করতে পারি?'],
    negated: ['আমরা আবেদনে স্বাক্ষর করব না।'],
  },
  ja: {
    endorse: ['私たちの団体はこの呼びかけに賛同します。', '賛同団体として名を連ねさせてください。'],
    withdraw: ['私たちの署名を撤回します。'],
    question: ['個人でも賛同できますか？'],
    negated: ['私たちはこの呼びかけに賛同しません。'],
  },
  zh: {
    endorse: ['以下台灣團體共同連署此呼籲。', '我们支持这份声明并签署。'],
    withdraw: ['我们撤回签名，请从名单中删除。'],
    question: ['个人可以联署这份呼吁吗？'],
    negated: ['我们不会签署这份呼吁。'],
  },
  ko: {
    endorse: ['우리 단체는 호소문에 서명합니다.', '저희는 이 호소를 지지합니다.'],
    withdraw: ['저희 단체의 서명을 철회합니다.'],
    question: ['개인도 호소문에 서명할 수 있나요?'],
    negated: ['저희는 호소문에 서명하지 않겠습니다.'],
  },
  id: {
    endorse: ['Kami mendukung seruan ini.', 'Mohon nama organisasi kami dicantumkan dalam daftar.'],
    withdraw: ['Mohon hapus nama kami dari daftar.'],
    question: ['Apakah kami bisa menandatangani seruan ini sebagai individu?'],
    negated: ['Kami tidak akan menandatangani seruan ini.'],
  },
  sw: {
    endorse: ['Tunaunga mkono wito huu.', 'Chama chetu kinasaini wito huu.'],
    withdraw: ['Tafadhali ondoeni jina letu kwenye orodha.'],
    question: ['Je, tunaweza kusaini wito huu kama watu binafsi?'],
    negated: ['Hatutasaini wito huu.'],
  },
  tl: {
    endorse: ['Nais po naming lumagda sa panawagan.', 'Isama po ang aming samahan sa listahan.'],
    withdraw: ['Pakialis po ang aming pangalan sa listahan; alisin ninyo kami.'],
    question: ['Maaari ba kaming lumagda sa panawagan bilang indibidwal?'],
    negated: ['Hindi kami lalagda sa panawagan.'],
  },
  vi: {
    endorse: ['Tổ chức của chúng tôi muốn ký tên ủng hộ lời kêu gọi này.', 'Xin vui lòng thêm tên chúng tôi vào danh sách những người ký.', 'Chúng tôi xin tham gia ký vào tuyên bố.'],
    withdraw: ['Xin vui lòng xóa tên chúng tôi khỏi danh sách.', 'Chúng tôi rút lại chữ ký của mình.'],
    question: ['Liệu chúng tôi có thể ký tên vào lời kêu gọi với tư cách cá nhân không?'],
    negated: ['Chúng tôi sẽ không ký tên vào lời kêu gọi này.'],
  },
  th: {
    endorse: ['องค์กรของเราขอลงนามสนับสนุนแถลงการณ์นี้', 'กรุณาเพิ่มชื่อองค์กรของเราในรายชื่อผู้ลงนาม', 'พวกเราขอเข้าร่วมลงชื่อในคำเรียกร้องนี้ครับ'],
    withdraw: ['กรุณาลบชื่อองค์กรของเราออกจากรายชื่อ', 'เราขอถอนการลงนามในแถลงการณ์'],
    question: ['เราสามารถลงนามในแถลงการณ์นี้ในนามบุคคลได้ไหม'],
    negated: ['เราจะไม่ลงนามในแถลงการณ์นี้'],
  },
};
