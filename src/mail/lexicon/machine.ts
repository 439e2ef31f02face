/**
 * Wording of machine mail: delivery failures, out-of-office replies, read receipts and
 * challenge-response, in the languages mail servers and clients ship. Subjects are matched at the
 * start (after Re:/AW:-style prefixes) so a person writing "Re: out of office plans" is rare to hit.
 */

// One run of blanks before the optional bracket: two adjacent `\s*` would split it in quadratically many ways.
const PREFIX = '^\\s*(?:(?:re|aw|sv|vs|antw|odp|r|ynt|απ|回复|答复)\\s*[:：]\\s*){0,3}(?:[\\[(]\\s*)?';

function startOf(words: string[]): RegExp {
  return new RegExp(`${PREFIX}(?:${words.join('|')})`, 'iu');
}

/** Subjects of delivery-status notifications from many MTAs and languages. */
export const BOUNCE_SUBJECT = new RegExp(
  [
    startOf([
      'undeliver', 'undelivered', 'delivery status notification', 'delivery (?:has )?failed', 'delivery failure', 'delivery notification',
      'delivery problem', 'failure notice', 'failed delivery', 'mail delivery fail', 'mail delivery system', 'mail system error',
      'returned mail', 'return(?:ed)? to sender', 'message not delivered', 'message delivery (?:has )?failed', 'non[- ]?deliver', 'nondeliverable',
      'could not send', 'warning: could not send', 'delayed mail', 'delivery delayed', 'mail could not be delivered', 'error sending message',
      'unzustellbar', 'nicht zustellbar', 'unzustellbare', 'fehlgeschlagene', 'non remis', 'non distribuable', 'échec de (?:la )?(?:remise|distribution)',
      'no se (?:puede|pudo) entregar', 'no entregado', 'error de entrega', 'mensaje no entregado', 'non recapitabile', 'mancata consegna',
      'impossível entregar', 'não entregue', 'onbestelbaar', 'niet afgeleverd', 'olevererbart', 'ej levererat', 'kan ikke leveres',
      'niedostarczalne', 'nie dostarczono', 'nedoručitelné', 'nedoručen', 'недоставлен', 'не доставлен', 'не удалось доставить',
      'не вдалося доставити', 'μη παραδοθέν', 'teslim edilemedi', '配信不能', '配送失敗', '退信', '未送达', 'mail returned',
      'rejected:', 'bounce', 'aviso de falha', 'notificación de estado', 'there was an error sending', 'error sending your mail',
      'mail error', 'メールエラー', 'mail system notification', 'nondelivery', 'permanent error',
    ]).source,
    '\\((?:failure|delay)\\)', 'delivery status notification', 'returned mail', 'undeliverable mail',
  ].join('|'),
  'iu',
);

/** Report wording of bounces: RFC 3464 fields in text form and the classic MTA phrasings. */
export const BOUNCE_BODY = new RegExp(
  [
    '^final-recipient\\s*:', '^diagnostic-code\\s*:', '^action\\s*:\\s*(?:failed|delayed)', '^status\\s*:\\s*[45]\\.\\d{1,3}\\.\\d{1,3}',
    'could not be delivered', "couldn't be delivered", 'was not delivered', 'delivery to the following recipients? (?:failed|has failed)',
    'permanent fatal errors', 'message could not be delivered', 'undeliverable to', 'was undeliverable', 'delivery has failed',
    'this is the mail system at host', 'this is the qmail-send program', 'i\'m sorry to have to inform you', 'i am sorry to inform you',
    'the following address(?:es)? had permanent', 'mail delivery failed', 'returned to sender', 'user unknown', 'unknown user',
    'no such user', 'mailbox (?:is )?(?:full|unavailable|not found|does not exist)', 'recipient address rejected', 'host or domain name not found',
    'message delivery failed', 'delivery failure', 'this message was created automatically by mail delivery software',
    'a message that you sent could not be delivered', 'your message did not reach', 'your message wasn\'t delivered', 'has not yet been delivered',
    'will continue trying', 'trouble delivering', 'returned permanent errors', 'requested action not taken', 'invalid user address', 'transient non-fatal errors', 'unable to deliver', 'delivery status notification', 'smtp error',
    'die nachricht konnte nicht zugestellt werden', 'konnte nicht zugestellt werden', 'unzustellbar', 'votre message n\'a pas pu être remis',
    'n\'a pas pu être (?:remis|distribué)', 'no se ha podido entregar', 'no se pudo entregar', 'non è stato possibile recapitare',
    'не может быть доставлено', 'не было доставлено', 'не удалось доставить',
  ].join('|'),
  'imu',
);

/** Out-of-office and automatic-reply subjects. */
export const AUTO_SUBJECT = new RegExp(
  [
    startOf([
      'out of (?:the )?office', 'out of office', 'ooo\\b', 'automatic reply', 'automatic response', 'auto(?:matic)?[- ]?reply', 'auto[- ]?response',
      'autoreply', 'autoresponse', 'away from (?:the )?office', 'on vacation', 'on holiday', 'vacation', 'absence', 'absent',
      'abwesenheitsnotiz', 'abwesenheit', 'automatische antwort', 'automatische rückantwort', 'abwesend', 'nicht im büro', 'urlaub',
      'réponse automatique', 'réponse auto', 'absence du bureau', 'message d\'absence', 'respuesta automática', 'respuesta automatica',
      'fuera de la oficina', 'fuera de oficina', 'ausente', 'vacaciones', 'risposta automatica', 'fuori ufficio', 'fuori sede', 'assente',
      'resposta automática', 'resposta automàtica', 'fora do escritório', 'fora de l\'oficina', 'automatisch antwoord', 'afwezig',
      'autosvar', 'frånvaro', 'frånvarande', 'automatisk svar', 'automatiskt svar', 'automatisk besked', 'fraværende', 'ikke på kontoret',
      'odpowiedź automatyczna', 'automatyczna odpowiedź', 'poza biurem', 'nieobecność', 'automatická odpověď', 'mimo kancelář',
      'nepřítomnost', 'автоответ', 'автоматический ответ', 'нет на месте', 'в отпуске', 'автовідповідь', 'автоматична відповідь',
      'відсутн', 'αυτόματη απάντηση', 'εκτός γραφείου', 'otomatik yanıt', 'otomatik cevap', 'ofis dışında', 'izindeyim',
      '自動応答', '自動返信', '不在', '自动回复', '自動回覆', 'automaattinen vastaus', 'poissa', 'lomalla', 'automatikus válasz',
      'házon kívül', 'răspuns automat', 'аўтаматычны адказ', 'аўтаадказ', 'автоотговор', 'автоматичен отговор', 'automatski odgovor', 'automatická odpoveď',
      'samodejni odgovor', 'automatinis atsakymas', 'automātiskā atbilde', 'automaatne vastus', '자동 회신', '자동 응답',
      'תשובה אוטומטית', 'رد تلقائي', 'auto[- ]?generated', 'automated (?:message|notification|reply)', 'thank you for your (?:e-?mail|message)', 'we have received your', 'ticket received',
    ]).source,
    '\\((?:automatic|auto) (?:response|reply)\\)', '\\[auto(?:matic)?[- ]?(?:reply|response)\\]', 'automatic reply:', 'auto-?reply:',
  ].join('|'),
  'iu',
);

/** Out-of-office wording in the body (only trusted on short texts, see automated.ts). */
export const AUTO_BODY = new RegExp(
  [
    'i am (?:currently )?out of (?:the )?office', 'i\'m (?:currently )?out of (?:the )?office', 'i am (?:currently )?away',
    'i will be (?:back|out of the office|away)', 'i am on (?:annual )?leave', 'limited access to (?:my )?e-?mail',
    'this is an automatic reply', 'this is an automated (?:reply|response|message)', 'ich bin (?:bis|vom) .{1,40}(?:nicht im büro|abwesend|im urlaub)',
    'bin ich nicht im büro', 'ich bin derzeit nicht', 'je suis absent', 'je serai absent', 'estoy fuera de la oficina',
    'estaré fuera', 'estoy de vacaciones', 'me encuentro fuera', 'sono fuori ufficio', 'sarò assente', 'sono assente',
    'actuellement absent', 'je suis en congés?', 'bin ich nicht erreichbar', 'befinde mich (?:im urlaub|nicht im büro)',
    'estou de férias', 'estarei ausente', 'ik ben afwezig', 'ben ik afwezig', 'jag är på semester', 'jestem na urlopie',
    'jsem na dovolené', 'nejsem v kanceláři', 'нахожусь в отпуске', 'перебуваю у відпустці', 'θα απουσιάζω', 'estou fora do escritório', 'jag är ledig', 'jag är borta', 'jestem poza biurem',
    'меня нет на месте', 'я в отпуске', 'я у відпустці', 'είμαι εκτός γραφείου', 'ofis dışındayım',
  ].join('|'),
  'iu',
);

/** Challenge-response and sender-verification systems (Boxbe, Bluebottle, SpamArrest...). */
export const CHALLENGE = new RegExp(
  [
    'sender verification', 'verify (?:that )?you are a (?:real )?(?:person|human)', 'please (?:click|visit) .{0,60}(?:to )?(?:verify|confirm) (?:your|that)',
    'your (?:e-?mail|message) (?:is|has been) (?:being )?held', 'approved senders? list', 'i am protecting myself', 'challenge[- ]response',
    'request(?:s|ed)? (?:your )?verification', 'verify that you\\s+are a real', 'real live human', 'not a spam source', 'requires? (?:that you )?verif', 'this account is protected by', 'added to the recipient\'s allowed', 'allowed senders', 'has been quarantined', 'added to (?:my|the) guest list', 'boxbe', 'spamarrest', 'mailblocks',
  ].join('|'),
  'iu',
);

/** Read receipts sent as plain mail (Outlook "Read:", Lotus "Return Receipt"). */
export const READ_RECEIPT_SUBJECT = startOf([
  'read:', 'read receipt', 'return receipt', 'not read:', 'gelesen:', 'ungelesen:', 'lesebestätigung', 'lu :', 'lu:', 'non lu', 'leído:',
  'letto:', 'lida:', 'lidas:', 'gelezen:', 'läst:', 'przeczytano', 'přečteno', 'прочитано', 'прочитаний', 'okundu:', '開封済み', '已读',
]);
