/**
 * What people write when they endorse the appeal, withdraw from it, or ask about it, per language.
 * Each entry is a regular-expression fragment matched on lower-cased text with normalised apostrophes
 * and spaces, at a word start. Gaps are bounded (`.{0,40}`), never nested, so matching stays linear.
 * All languages are tried on every message: a German union may write in English, and detection errs.
 */

export interface IntentLexicon {
  /** Present-tense acts of endorsing or asking to be listed. */
  endorse: string[];
  /** Withdrawing an earlier endorsement or asking to be removed. */
  withdraw: string[];
  /** Wording that makes endorsing conditional or hypothetical: a question, not yet an endorsement. */
  hypothetical: string[];
  /** Things a person must answer that are not endorsements: corrections, press, invitations, permissions. */
  request: string[];
}

export const INTENT: Record<string, IntentLexicon> = {
  en: {
    endorse: [
      'we (?:hereby |also |gladly |happily |proudly |formally |fully |would like to |wish to |want to |wholeheartedly |are pleased to )?(?:endorse|sign|co-?sign|add our (?:name|voice|signature))',
      'we (?:hereby |also |fully |strongly )?(?:support|back|join|sign on to|put our name to) (?:the|your|this) (?:appeal|call|statement)',
      '(?:could|can|would) you (?:please )?(?:add|include|list) (?:us|them|our|my|me|it)', 'add (?:us|them|it) to the list',
      'i (?:hereby |also |would like to |wish to |want to )?(?:endorse|sign|support|co-sign|add my (?:name|signature))',
      '(?:endorses|endorsing|signs|co-signs|supports|joins) (?:the|your|this) (?:appeal|call|statement|letter)',
      'endorses(?: the| your| this)?(?:[ .,!]|$)', 'count us in', 'sign us up', 'sign me up', 'put us down', 'add us',
      'please (?:add|include|list) (?:us|our|me|my|the name|them|it)', 'also wants? to (?:sign|endorse|join)', 'add (?:our|my) (?:name|organi[sz]ation|signature|group|union)',
      'as (?:a |an )?(?:separate )?signator', '(?:our|my) (?:endorsement|signature|support) (?:of|for|to) (?:the|your|this)',
      'voted to (?:endorse|sign|support)', 'agreed to (?:endorse|sign|support)', 'decided to (?:endorse|sign|support)',
      'would like to be (?:added|listed|included)', 'want to be (?:added|listed|included)', 'to be added to the list',
      'in support of (?:the|your) (?:appeal|call)', 'we are happy to (?:endorse|sign|support)', 'happy to sign',
      'signing (?:on )?(?:as|on behalf)', 'on behalf of .{1,80}(?:endorse|sign)',
      'we\'d (?:like|love) to (?:endorse|sign|join|add)', 'we(?: are|\'re) (?:endorsing|signing|joining)', 'we(?: are|\'re) in(?: too)?!', 'i\'d like to (?:endorse|sign|add my)',
      '(?:would|wish|wants?|like|glad|happy|pleased|proud) to (?:endorse|sign|co-?sign|join|support) (?:the|your|this) (?:appeal|call|statement|letter)',
      '(?:please )?count me in', 'include us', 'letter of (?:endorsement|support)', 'endorsement letter', 'signed (?:endorsement|letter|statement) (?:is )?attached', 'we are (?:glad|happy|pleased|proud) to (?:endorse|sign|support|join)',
    ],
    withdraw: [
      'remove (?:our|my|the) (?:name|organi[sz]ation|signature|endorsement)', 'please remove', 'take (?:us|our name|me|my name) off',
      'withdraw(?:s|ing)? (?:our|my|its|the) (?:endorsement|signature|support|name)', 'we (?:hereby )?withdraw', 'retract (?:our|my)',
      'no longer (?:wish|want) to (?:be listed|endorse|sign|appear)', 'delete (?:our|my) (?:name|signature)', 'remove (?:us|me) from',
      'unsign', 'rescind', 'remove .{1,80} from (?:the|your) (?:list|signatories)', 'take .{1,80} off (?:the|your) list', '(?:like|want|wish|need|have) to withdraw', 'no longer (?:support|endorse|wish to be)',
    ],
    hypothetical: [
      'can (?:we|i|individuals|organi[sz]ations|groups|unions|people|anyone) (?:\\S+ )?(?:endorse|sign|join|support|be added)',
      'may (?:we|i) (?:endorse|sign|join)', 'could (?:we|i) (?:endorse|sign|join)', 'is it possible to (?:endorse|sign|join)',
      'before (?:we|i) (?:endorse|sign|decide)', 'whether (?:we|i|to) (?:can |could |should )?(?:endorse|sign|join)', 'if (?:we|i) (?:endorse|sign)',
      'how (?:do|can|could) (?:we|i) (?:endorse|sign|join|add)', 'thinking (?:about|of) (?:endorsing|signing)', 'considering (?:endorsing|signing)',
      'will (?:take|make) (?:the|a|our) (?:final )?decision', 'not (?:yet )?decided', 'would endorsing', 'endorsing would',
      'is there a deadline', 'what is the deadline', 'where (?:do|can|should) (?:we|i) sign',
      '(?:whether|if) (?:\\S+ ){0,3}(?:can|could|may) (?:\\S+ )?(?:endorse|sign|join)', '(?:individuals|people|persons|groups|unions|parties) (?:can|could|may) (?:also )?(?:endorse|sign|join)',
    ],
    request: [
      'correct(?:ion|ed)? (?:of |to )?(?:our|the) name', 'misspel', 'typo', 'wrong name', 'spel(?:led|t) (?:wrong|incorrectly)', 'should (?:read|be spelled|be written)', 'name (?:is|was) (?:wrong|incorrect|misspelled)',
      'journalist', 'newspaper', 'interview', 'press inquiry', 'press enquiry', 'for an article', 'invite you', 'invitation', 'speaker',
      'translate', 'translation', 'republish', 'permission to',
    ],
  },
  de: {
    endorse: [
      '(?:unterstützt|unterstützen|unterzeichnet|unterzeichnen|unterschreibt|unterschreiben|unterstütze|unterzeichne) (?:wir |ich )?(?:hiermit |gerne |auch |gern )?(?:den|diesen|euren|ihren|eueren) aufruf',
      'wir (?:hiermit |gerne |auch )?(?:unterstützen|unterzeichnen|unterschreiben)', 'ich (?:unterstütze|unterzeichne|unterschreibe)',
      'schließen uns .{0,40}an', 'schliessen uns .{0,40}an', 'in die liste aufnehmen', 'auf (?:die|der) liste .{0,60}(?:setzen|aufnehmen|erscheinen|stehen)',
      'aufnahme in die liste', 'unterstützungserklärung', 'unterstützungsschreiben', 'unterzeichnende organisation', 'als unterzeichner',
      'möchten .{0,40}(?:unterzeichnen|unterstützen|unterschreiben)', 'bitte (?:nehmt|nehmen sie) uns', 'wir sind dabei', 'zählt auf uns',
    ],
    withdraw: [
      'ziehen .{0,80}zurück', 'zurückziehen', 'zurückzuziehen', 'rücknahme', 'von der liste (?:zu )?(?:streichen|nehmen|entfernen)',
      'streichen sie', 'streicht uns', 'entfernen sie (?:uns|unseren namen)', 'entfernt (?:uns|unseren namen)', 'widerrufen',
    ],
    hypothetical: ['können wir .{0,40}(?:unterzeichnen|unterstützen|unterschreiben)', 'ob wir', 'bevor wir', 'falls wir', 'wenn wir .{0,30}unterzeichnen', 'gibt es eine frist', 'bis wann'],
    request: ['korrektur', 'korrigier', 'schreibfehler', 'falsch geschrieben', 'journalist', 'zeitung', 'interview', 'presseanfrage', 'einladung', 'laden .{0,30}ein', 'übersetzen', 'übersetzung'],
  },
  fr: {
    endorse: [
      'sign(?:e|ons|ent|er) (?:l\'|cet |votre |notre )?appel', 'nous signons', 'je signe', 'souhait(?:e|ons|ent) (?:signer|s\'associer|adhérer|apporter)',
      'appor(?:te|tons|tent) (?:son|notre|leur|mon) soutien', 'souti(?:en|ent|ennent)s? l\'appel', 'soutenons (?:l\'|votre |cet )appel',
      'figurer parmi les signataires', 'ajouter (?:notre|mon|le) nom', 'ajoutez(?:-nous| notre nom)', 'nous (?:nous )?(?:associons|joignons)',
      's\'associe à l\'appel', 'comptez sur nous', 'lettre de soutien', 'adhère à l\'appel', 'adhérons à l\'appel', 'cosign', 'co-sign', 'parmi les signataires',
    ],
    withdraw: ['retirer (?:notre|mon|le|la) (?:nom|signature|soutien|organisation|association|collectif|syndicat)', 'retir\\p{L}{0,6} .{1,60}de la liste', 'supprim\\p{L}{0,6} .{1,60}de la liste', 'retir(?:ons|e) (?:notre|ma|sa) signature', 'retrait de (?:notre|ma) signature', 'supprimer (?:notre|mon) nom', 'enlever (?:notre|mon) nom'],
    hypothetical: ['pouvons-nous (?:signer|adhérer)', 'peut-on (?:signer|adhérer)', 'est-il possible de (?:signer|adhérer)', 'avant de (?:signer|décider)', 'si nous (?:signons|adhérons)'],
    request: ['journaliste', 'entretien', 'interview', 'un article', 'corriger', 'correction', 'invitation', 'vous inviter', 'traduire', 'traduction'],
  },
  es: {
    endorse: [
      'se adhiere', 'nos adherimos', 'adhiere al llamamiento', 'me adhiero', 'firma(?:mos)? (?:el|este|vuestro|su) llamamiento', 'firmamos',
      'suscrib(?:e|imos) (?:el|este) llamamiento', 'apoya(?:mos)? el llamamiento', 'nos sumamos', 'se suma al llamamiento',
      'añadir (?:nuestro|nuestra|mi) (?:nombre|firma|organización)', 'incluir(?:nos)? en la lista', 'queremos (?:firmar|adherirnos|sumarnos)',
      'desea(?:mos)? (?:firmar|adherirse|adherirnos|sumarse)', 'cont(?:ad|en) con nosotr[oa]s', 'carta de (?:adhesión|apoyo)', 'como firmantes', 'como organización firmante',
    ],
    withdraw: ['retir(?:ar|éis|en|ad|amos) (?:mi|nuestra|su) (?:firma|adhesión|nombre)', '(?:retir|elimin|quit|borr)\\p{L}{0,6} .{1,60}de la lista', 'retiréis mi nombre', 'retirar(?:nos)? de la lista', 'eliminar (?:nuestro|mi) nombre', 'quitar (?:nuestro|mi) nombre', 'borrar (?:nuestro|mi) nombre'],
    hypothetical: ['¿podemos (?:firmar|adherir)', 'podemos firmar', 'es posible (?:firmar|adherir)', 'antes de (?:firmar|decidir)', 'si firmamos', 'hay (?:un )?plazo'],
    request: ['periodista', 'entrevista', 'un artículo', 'corregir', 'corrección', 'invitación', 'invitaros', 'traducir', 'traducción'],
  },
  it: {
    endorse: ['aderisce', 'aderiamo', 'vogliamo (?:aderire|firmare|sottoscrivere)', 'desideriamo (?:aderire|firmare)', 'contate su di noi', 'lettera di adesione', 'la nostra adesione', 'comunic(?:o|hiamo) (?:la nostra )?adesione', 'firmiamo', 'sottoscrive', 'sottoscriviamo', 'sosteniamo l\'appello', 'sostiene l\'appello', 'aggiungere (?:il nostro|la nostra) (?:nome|firma)', 'tra i firmatari'],
    withdraw: ['ritir(?:are|iamo) (?:la nostra|la mia) (?:firma|adesione)', 'togliere (?:la nostra|la mia|il nostro|il mio)', '(?:rimuover|togli|cancell)\\p{L}{0,6} .{1,60}dall(?:a lista|\'elenco)', 'ritiro (?:della nostra|della mia) (?:firma|adesione)', 'togliere (?:il nostro|il mio) nome', 'rimuovere (?:il nostro|il mio) nome'],
    hypothetical: ['possiamo (?:firmare|aderire)', 'è possibile (?:firmare|aderire)', 'prima di (?:firmare|aderire|decidere)', 'se aderiamo'],
    request: ['giornalista', 'intervista', 'un articolo', 'correggere', 'correzione', 'invito', 'invitarvi', 'intervento', 'tradurre', 'traduzione'],
  },
  pt: {
    endorse: ['adere ao apelo', 'aderimos', 'queremos (?:aderir|assinar|subscrever)', 'cont(?:em|am) (?:connosco|conosco)', 'manifesta(?:mos)? (?:a sua |a nossa )?adesão', 'assinamos', 'assina o apelo', 'subscreve(?:mos)?', 'apoiamos o apelo', 'incluir (?:o nosso|a nossa) (?:nome|organização)', 'entre os signatários'],
    withdraw: ['retirar (?:a nossa|a minha|o nosso|o meu) (?:assinatura|adesão|nome)', '(?:retir|remov|exclu)\\p{L}{0,6} .{1,60}da lista', 'remover (?:o nosso|o meu) nome', 'retirem (?:o nosso|o meu) nome'],
    hypothetical: ['podemos (?:assinar|aderir)', 'é possível (?:assinar|aderir)', 'antes de (?:assinar|aderir|decidir)'],
    request: ['jornalista', 'entrevista', 'corrigir', 'correção', 'correcção', 'nome correto', 'nome saiu errado', 'convite', 'traduzir', 'tradução'],
  },
  ca: {
    endorse: ['s\'adhereix', 'ens adherim', 'signa(?:m|em)? (?:la|aquesta) crida', 'signem', 'donem suport a la crida', 'dona suport a la crida', 'afegir (?:el nostre|la nostra) (?:nom|entitat)', 'volem signar'],
    withdraw: ['retirar (?:la nostra|la meva) (?:signatura|adhesió)', 'treure (?:el nostre|el meu) nom'],
    hypothetical: ['podem (?:signar|adherir)', 'és possible (?:signar|adherir)'],
    request: ['periodista', 'entrevista', 'corregir', 'correcció', 'invitació', 'traduir'],
  },
  nl: {
    endorse: ['onderteken(?:t|en)', 'onderschrij(?:ft|ven)', 'steun(?:t|en) de oproep', 'tekenen (?:de|deze) oproep', 'wij tekenen', 'voeg(?:en)? (?:ons|onze naam) toe', 'sluiten ons aan bij'],
    withdraw: ['trekken .{0,60}in', 'intrekken', 'verwijder(?:en)? (?:onze|mijn) naam', 'van de lijst (?:halen|verwijderen)'],
    hypothetical: ['kunnen wij (?:ondertekenen|tekenen)', 'kunnen we (?:ondertekenen|tekenen)', 'is het mogelijk'],
    request: ['journalist', 'interview', 'corrigeren', 'correctie', 'uitnodiging', 'vertalen'],
  },
  sv: {
    endorse: ['undertecknar', 'skriver under', 'ställer (?:oss|sig) bakom', 'stödjer uppropet', 'stöder uppropet', 'lägg till (?:oss|vårt namn)', 'vill (?:underteckna|skriva under)'],
    withdraw: ['dra tillbaka', 'drar tillbaka', 'ta bort (?:oss|vårt namn|mitt namn)', 'stryk (?:oss|vårt namn)'],
    hypothetical: ['kan vi (?:underteckna|skriva under)', 'är det möjligt'],
    request: ['journalist', 'intervju', 'rätta', 'rättelse', 'inbjudan', 'översätta'],
  },
  da: {
    endorse: ['underskriver', 'skriver under på', 'støtter (?:opfordringen|oprabet|appellen)', 'tilslutter (?:os|sig)'],
    withdraw: ['trække .{0,40}tilbage', 'fjern (?:os|vores navn)'],
    hypothetical: ['kan vi (?:underskrive|skrive under)'],
    request: ['journalist', 'interview'],
  },
  nb: {
    endorse: ['signerer', 'skriver under på', 'støtter (?:oppropet|appellen)', 'slutter (?:oss|seg) til'],
    withdraw: ['trekke .{0,40}tilbake', 'fjern (?:oss|vårt navn)'],
    hypothetical: ['kan vi (?:signere|skrive under)'],
    request: ['journalist', 'intervju'],
  },
  pl: {
    endorse: ['podpisujemy', 'podpisuj(?:e|ę) (?:się )?(?:pod )?apel', 'popieramy apel', 'popiera apel', 'przyłączamy się', 'dołączamy (?:do|się)', 'dopisanie (?:nas|naszej)', 'dopiszcie nas', 'prosimy o dopisanie', 'chcemy podpisać'],
    withdraw: ['wycofuj(?:emy|ę)', 'wycofać (?:nasz|mój) podpis', 'usunięcie (?:nas|naszej|naszego|mojego)', 'usuńcie (?:nas|nasz)', 'skreślenie'],
    hypothetical: ['czy możemy (?:podpisać|dołączyć)', 'czy można (?:podpisać|dołączyć)'],
    request: ['dziennikarz', 'wywiad', 'poprawienie', 'korekta', 'zaproszenie', 'przetłumaczyć'],
  },
  cs: {
    endorse: ['podepisuj(?:eme|i)', 'podpisuj(?:eme|i)', 'podporujeme výzvu', 'podporuji výzvu', 'připojujeme se', 'připojuji se', 'přidejte (?:nás|mě|mne)', 'chceme podepsat'],
    withdraw: ['stahujeme (?:náš|svůj) podpis', 'stáhnout (?:náš|můj) podpis', 'odstraňte (?:nás|mě|naše jméno|mé jméno)', 'odvoláváme'],
    hypothetical: ['můžeme (?:podepsat|se připojit)', 'je možné (?:podepsat|se připojit)'],
    request: ['novinář', 'rozhovor', 'oprava', 'opravit', 'pozvánka', 'přeložit'],
  },
  ru: {
    endorse: ['подписыва(?:ем|ю|ет)', 'подписываемся', 'поддержива(?:ем|ю|ет) (?:это |ваше )?обращение', 'присоединя(?:емся|юсь)', 'ставим (?:свою )?подпись', 'добав(?:ьте|ить) (?:нас|наше название|меня|моё имя|мое имя)', 'включите нас', 'хотим подписать', 'подписать обращение'],
    withdraw: ['отзыва(?:ем|ю) (?:нашу|свою|мою) подпись', 'отозвать (?:нашу|мою) подпись', 'снять (?:нашу|мою) подпись', 'удалить (?:нас|наше название|моё имя|мое имя)', 'удалите (?:нас|наше|нашу|моё|мое)', 'исключить нас', '(?:просим|прошу) (?:удалить|исключить|убрать)', 'убрать (?:нас|наше|нашу|моё|мое)'],
    hypothetical: ['можем ли мы', 'можно ли (?:подписать|присоединиться)', 'есть ли (?:крайний )?срок'],
    request: ['журналист', 'интервью', 'исправить', 'исправление', 'приглашени', 'перевести', 'перевод'],
  },
  uk: {
    endorse: ['підписуємо', 'підписую', 'підтримуємо (?:це |ваше )?звернення', 'підтримує звернення', 'приєднуємося', 'приєднуюся', 'долучаємося', 'додайте (?:нас|нашу|мене)', 'просимо додати', 'хочемо підписати', 'ставимо (?:свій )?підпис'],
    withdraw: ['відкликаємо', 'відкликати (?:наш|мій) підпис', 'зняти (?:наш|мій) підпис', 'видаліть (?:нас|нашу|мене)', 'видалити (?:нас|нашу)', '(?:просимо|прошу) (?:видалити|вилучити|прибрати)'],
    hypothetical: ['чи можемо ми', 'чи можна (?:підписати|приєднатися)', 'чи є (?:крайній )?термін', 'крайній термін'],
    request: ['журналіст', 'інтерв\'ю', 'виправити', 'виправлення', 'запрошення', 'перекласти', 'переклад'],
  },
  be: {
    endorse: ['падпісваем', 'падпісваю', 'падтрымліваем (?:гэты |ваш )?зварот', 'далучаемся', 'далучаюся', 'дадайце (?:нас|нашу|мяне)', 'просім дадаць'],
    withdraw: ['адклікаем', 'адклікаць (?:наш|мой) подпіс', 'выдаліце (?:нас|нашу|мяне)'],
    hypothetical: ['ці можам мы', 'ці можна'],
    request: ['журналіст', 'інтэрв\'ю', 'выправіць', 'запрашэнне'],
  },
  el: {
    endorse: ['υπογράφουμε', 'υπογράφει την έκκληση', 'προσυπογράφουμε', 'προσυπογράφει', 'στηρίζουμε την έκκληση', 'συνυπογράφουμε', 'προσθέστε (?:μας|την οργάνωσή μας)'],
    withdraw: ['αποσύρουμε', 'ανακαλούμε', 'αφαιρέστε (?:μας|το όνομά μας)'],
    hypothetical: ['μπορούμε να υπογράψουμε', 'είναι δυνατόν'],
    request: ['δημοσιογράφος', 'συνέντευξη', 'διόρθωση', 'πρόσκληση', 'μετάφραση'],
  },
  tr: {
    endorse: ['imzalıyoruz', 'imzalıyorum', 'destekliyoruz', 'destek veriyoruz', 'destek verdiğimizi', 'katılıyoruz', 'imzacı olarak', 'listeye ekle'],
    withdraw: ['geri çekiyoruz', 'geri çekmek', 'imzamızı geri', 'listeden (?:çıkarın|kaldırın|çıkarılmasını)'],
    hypothetical: ['imzalayabilir miyiz', 'mümkün mü'],
    request: ['gazeteci', 'röportaj', 'düzeltme', 'davet', 'çeviri'],
  },
  ja: {
    endorse: ['賛同します', '賛同いたします', '賛同させて', '署名します', '署名いたします', '賛同団体として', '賛同を表明', '名を連ね'],
    withdraw: ['撤回', '取り消し', '取り下げ', '削除してください', '削除をお願い'],
    hypothetical: ['賛同できますか', '署名できますか', '可能でしょうか', 'よろしいでしょうか'],
    request: ['翻訳', '転載', '掲載', '取材', 'インタビュー', '記者', '訂正'],
  },
};
