/**
 * How mail programs in many languages introduce quoted replies and forwards, how people sign off and
 * how legal disclaimers start. Used by text.ts to find where the sender's own words end. Phrases are
 * matched case-insensitively at the start of a line (see text.ts), so keep each one literal.
 */

/** Verbs that end a reply attribution line ("On <date>, <name> wrote:"), in the languages we meet. */
export const WROTE = [
  'wrote', 'writes', 'schrieb', 'schreef', 'a écrit', 'écrit', 'escribió', 'ha escrito', 'ha scritto', 'scrisse',
  'escreveu', 'va escriure', 'skrev', 'kirjoitti', 'napisał', 'napisała', 'napisal', 'napsal', 'napsala',
  'написал', 'написала', 'написав', 'написала:', 'пише', 'писал', 'έγραψε', 'yazdı', 'írta', 'a scris',
  'んでいます', 'は書きました', 'さんは書きました', '写道',
];

/** Labels of the "From:" line of a quoted or forwarded header block (Outlook, Gmail, Apple Mail...). */
export const FROM_LABELS = [
  'from', 'von', 'de', 'da', 'van', 'från', 'fra', 'od', 'от', 'від', 'ад', 'από', 'kimden', 'feladó',
  'lähettäjä', 'odesílatel', 'nadawca', 'remitente', 'expéditeur', 'mittente', '差出人', '发件人', '寄件者',
];

/** Labels that follow the From line in such a block: Sent/Date/To/Subject and their translations. */
export const BLOCK_LABELS = [
  'sent', 'date', 'to', 'subject', 'cc', 'gesendet', 'datum', 'an', 'betreff', 'envoyé', 'date', 'à', 'objet',
  'enviado', 'fecha', 'para', 'asunto', 'inviato', 'data', 'a', 'oggetto', 'verzonden', 'aan', 'onderwerp',
  'skickat', 'till', 'ämne', 'sendt', 'til', 'emne', 'wysłano', 'do', 'temat', 'odesláno', 'komu', 'předmět',
  'отправлено', 'дата', 'кому', 'тема', 'надіслано', 'στάλθηκε', 'προς', 'θέμα', 'gönderildi', 'tarih',
  'kime', 'konu', 'enviat', 'per', 'assumpte', 'assunto', 'enviada', 'lähetetty', 'vastaanottaja', 'aihe',
  '送信日時', '宛先', '件名', '日付', '发送时间', '收件人', '主题',
];

/** Separator lines that open a forwarded message (the dashes around them are optional). */
export const FORWARD_MARKERS = [
  'forwarded message', 'begin forwarded message', 'original message follows', 'weitergeleitete nachricht',
  'message transféré', 'message transfere', 'mensaje reenviado', 'messaggio inoltrato', 'mensagem encaminhada',
  'mensagem reencaminhada', 'missatge reenviat', 'doorgestuurd bericht', 'vidarebefordrat meddelande',
  'videresendt meddelelse', 'videresendt melding', 'przekazana wiadomość', 'wiadomość przekazana',
  'přeposlaná zpráva', 'пересланное сообщение', 'переслане повідомлення', 'пераасланае паведамленне',
  'προωθημένο μήνυμα', 'iletilen ileti', 'iletilmiş ileti', '転送メッセージ', '転送されたメッセージ', '转发的邮件',
];

/** Separator lines that open a quoted original in a reply (Outlook and friends). */
export const ORIGINAL_MARKERS = [
  'original message', 'ursprüngliche nachricht', 'originalnachricht', "message d'origine", 'message d’origine',
  'mensaje original', 'messaggio originale', 'mensagem original', 'missatge original', 'oorspronkelijk bericht',
  'originalmeddelande', 'ursprungligt meddelande', 'oprindelig meddelelse', 'opprinnelig melding',
  'wiadomość oryginalna', 'oryginalna wiadomość', 'původní zpráva', 'исходное сообщение', 'оригінальне повідомлення',
  'αρχικό μήνυμα', 'özgün ileti', 'orijinal mesaj', '元のメッセージ', '原始邮件',
];

/** Subject prefixes that mark a forward, so an Outlook header block there is the original, not a quote. */
export const FORWARD_SUBJECT = /^\s*(?:fwd?|fw|wg|tr|rv|enc|doorst|vs|vb|pd|i|inoltro|reenv|пересл|προώθ|ilt)\s*[:：]/i;

/** Closing formulas that open a signature block when they stand on a short line of their own. */
/** Closing formulas of the languages written without capitals or in other scripts, one row each. */
const SIGN_OFF_ROWS: readonly { lang: string; words: string[] }[] = [
  { lang: 'ar', words: ['مع التحية', 'مع خالص التحية', 'مع أطيب التحيات', 'تحياتي', 'مع الشكر', 'شكرا', 'شكراً', 'شكرا جزيلا', 'مع التقدير', 'تضامنا'] },
  { lang: 'he', words: ['בברכה', 'בברכת', 'תודה', 'תודה רבה', 'בכבוד רב', 'בסולידריות', 'בהוקרה'] },
  { lang: 'fa', words: ['با سپاس', 'با احترام', 'سپاس', 'سپاسگزارم', 'با تشکر', 'ممنون', 'با همبستگی'] },
  { lang: 'hi', words: ['धन्यवाद', 'सादर', 'शुभकामनाओं सहित', 'भवदीय', 'एकजुटता के साथ'] },
  { lang: 'bn', words: ['ধন্যবাদ', 'শুভেচ্ছান্তে', 'শুভেচ্ছা', 'বিনীত', 'সংহতি সহ'] },
  { lang: 'zh', words: ['谢谢', '謝謝', '此致敬礼', '此致', '敬礼', '祝好', '顺祝商祺', '团结', '團結', '敬祝', '敬祝 平安', '顺颂', '順頌'] },
  { lang: 'ko', words: ['감사합니다', '고맙습니다', '연대하며', '연대의 마음을 담아'] },
  { lang: 'ja', words: ['ありがとうございます', '連帯を込めて', '草々'] },
  { lang: 'th', words: ['ขอบคุณ', 'ขอบคุณครับ', 'ขอบคุณค่ะ', 'ด้วยความเคารพ', 'ด้วยความนับถือ'] },
  { lang: 'vi', words: ['trân trọng', 'cảm ơn', 'xin cảm ơn', 'thân ái', 'đoàn kết'] },
  { lang: 'id', words: ['salam', 'hormat kami', 'hormat saya', 'terima kasih', 'salam solidaritas'] },
  { lang: 'sw', words: ['asante', 'kwa heshima', 'wako katika mshikamano', 'kwa mshikamano'] },
  { lang: 'tl', words: ['salamat', 'lubos na gumagalang', 'sumasainyo', 'nagkakaisa'] },
  { lang: 'ka', words: ['პატივისცემით', 'მადლობა', 'სოლიდარობით'] },
  { lang: 'hy', words: ['հարգանքով', 'շնորհակալություն', 'համերաշխությամբ'] },
];

export const SIGN_OFFS = [
  'best regards', 'kind regards', 'warm regards', 'regards', 'best wishes', 'best', 'many thanks', 'thanks',
  'thank you', 'cheers', 'in solidarity', 'solidarity', 'yours sincerely', 'sincerely', 'yours', 'all the best',
  'warmly', 'with solidarity', 'solidarische grüße', 'solidarische grüsse', 'mit solidarischen grüßen',
  'mit freundlichen grüßen', 'mit freundlichen grüssen', 'freundliche grüße', 'viele grüße', 'beste grüße',
  'herzliche grüße', 'liebe grüße', 'lg', 'mfg', 'gruß', 'grüße', 'danke', 'cordialement', 'bien cordialement',
  'salutations', 'bien à vous', 'amitiés', 'amicalement', 'fraternellement', 'solidairement', 'merci',
  'saludos', 'un saludo', 'un abrazo', 'atentamente', 'saludos cordiales', 'saludos solidarios', 'gracias',
  'en solidaridad', 'cordiali saluti', 'saluti', 'distinti saluti', 'un caro saluto', 'grazie', 'un abbraccio',
  'in solidarietà', 'atenciosamente', 'abraços', 'saudações', 'cumprimentos', 'obrigado', 'obrigada',
  'salutacions', 'una abraçada', 'pozdrawiam', 'z poważaniem', 'z pozdrowieniami', 'serdecznie pozdrawiam',
  'dziękuję', 's pozdravem', 'se srdečným pozdravem', 'děkuji', 'с уважением', 'с наилучшими пожеланиями',
  'спасибо', 'всего доброго', 'з повагою', 'дякую', 'з найкращими побажаннями', 'з павагай', 'дзякуй',
  'med vänliga hälsningar', 'vänliga hälsningar', 'hälsningar', 'mvh', 'tack', 'med venlig hilsen',
  'venlig hilsen', 'med vennlig hilsen', 'hilsen', 'met vriendelijke groet', 'met vriendelijke groeten',
  'vriendelijke groeten', 'groeten', 'hartelijke groet', 'met solidaire groet', 'bedankt', 'με εκτίμηση',
  'φιλικά', 'ευχαριστώ', 'saygılarımla', 'saygılarımızla', 'saygılar', 'sevgilerimizle', 'teşekkürler', 'dayanışmayla', 'selamlar',
  'よろしくお願いいたします', 'よろしくお願いします', '敬具', 'ngā mihi', 'mahalo', 'kia kaha',
  ...SIGN_OFF_ROWS.flatMap((r) => r.words),
];

/** Honorifics after a name that address the reader ("ご担当者様", "담당자님"): a salutation, not the writer. */
export const ADDRESSING_HONORIFICS: readonly string[] = ['様', 'さま', '各位', '御中', '殿', '님'];
/** Words a writer puts after their own name to close a letter (Korean "김민수 드림", "올림"). */
export const AFTER_NAME_CLOSINGS: readonly string[] = ['드림', '올림'];

/** Phrases that start a legal disclaimer or privacy notice. */
export const DISCLAIMER_STARTS = [
  'this e-mail', 'this email', 'this message', 'the information contained', 'confidentiality notice',
  'disclaimer', 'diese e-mail', 'diese nachricht', 'ce message', 'ce courriel', 'este mensaje', 'este correo',
  'questo messaggio', 'ai sensi del', 'informativa', 'esta mensagem', 'este e-mail', 'aquest missatge',
  'deze e-mail', 'dit bericht', 'detta e-postmeddelande', 'denna e-post', 'ta wiadomość', 'tato zpráva',
  'это сообщение', 'данное сообщение', 'цей лист', 'bu e-posta', 'bu ileti', 'αυτό το μήνυμα',
];

/** Words that make a paragraph a disclaimer wherever it starts (checked together with its length). */
export const DISCLAIMER_WORDS = /\b(?:confidential|privileged|intended recipient|vertraulich|gdpr|dsgvo|rgpd|2016\/679|riservat[ei]|confidencial|confidentiel|vertrouwelijk|konfidentiell|poufn|důvěrn|конфиденциальн|конфіденційн|εμπιστευτικ|gizli)/i;

/** "Sent from my phone" lines, which are neither body nor a useful signature. */
export const MOBILE_FOOTERS = /^(?:sent from my|get outlook for|envoyé de mon|von meinem .{1,30} gesendet|enviado desde mi|inviato da|enviado do meu|verzonden met|skickat från|wysłane z|odesláno z|отправлено с|надіслано з)/i;
