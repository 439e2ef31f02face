/**
 * Website contact forms (WordPress, Contact Form 7, Drupal webform...) relay a visitor's message from
 * the site's own address under the site's name: the real sender, their address, organisation and
 * message are labelled fields in the body. This reads those fields so the relay is never the signer.
 */
import { parseAddress } from './text';
import type { Address, InboundMail } from './types';

/** What a form relay says about its real sender. */
export interface FormRelay {
  from: Address | null;
  organisation: string | null;
  country: string | null;
  website: string | null;
  /** The visitor's message: the prose to read for intent and names. */
  message: string;
}

/** Field labels by role, in the languages forms are set up in; matched folded, without a trailing colon. */
const LABELS: Record<'from' | 'name' | 'email' | 'organisation' | 'country' | 'website' | 'message' | 'other', string[]> = {
  from: ['from', 'von', 'de', 'da', 'od', 'від', 'от', 'van', 'från', 'fra'],
  name: ['name', 'your name', 'full name', 'nom', 'votre nom', 'nombre', 'nome', 'naam', 'navn', 'namn', 'nimi', 'imię', 'imie', "ім'я", 'имя', 'jméno', 'ime', 'név', 'vorname', 'nachname', 'contact person', 'ansprechpartner'],
  email: ['email', 'e-mail', 'your email', 'e-mail-adresse', 'email address', 'courriel', 'adresse e-mail', 'correo', 'correo electrónico', 'indirizzo email', 'e-post', 'sähköposti', 'mail', 'адреса', 'почта'],
  organisation: ['organisation', 'organization', 'organisation name', 'organization name', 'group', 'organisation / group', 'organisation/group', 'organisme', 'association', 'organización', 'organizzazione', 'organização', 'organisatie', 'verein', 'organisation/verein', 'organizacja', 'organizace', 'організація', 'организация', 'gruppe', 'groupe', 'entité', 'entidad'],
  country: ['country', 'land', 'pays', 'país', 'paese', 'kraj', 'країна', 'страна', 'maa', 'ország'],
  website: ['website', 'web site', 'webseite', 'site web', 'site', 'sitio web', 'sito web', 'homepage', 'url'],
  message: ['message', 'message body', 'your message', 'nachricht', 'ihre nachricht', 'mensaje', 'messaggio', 'mensagem', 'bericht', 'wiadomość', 'zpráva', 'повідомлення', 'сообщение', 'comments', 'comment', 'kommentar', 'text'],
  other: ['subject', 'betreff', 'objet', 'asunto', 'oggetto', 'assunto', 'onderwerp', 'temat', 'тема', 'phone', 'telefon', 'téléphone', 'teléfono'],
};
const ROLE_OF = new Map<string, keyof typeof LABELS>(Object.entries(LABELS).flatMap(([role, ls]) => ls.map((l) => [l, role as keyof typeof LABELS])));
/** Relay senders' local parts, and the footers form plugins append. */
const RELAY_SENDER = /^(?:wordpress|www-data|noreply|no-reply|donotreply|webform|forms?|contact-?form|website|webmaster|drupal|joomla|wix|squarespace|mailer)@/i;
const RELAY_FOOTER = /contact form|kontaktformular|formulaire de contact|formulario de contacto|modulo di contatto|webform|contact form 7/i;

function labelled(line: string): { role: keyof typeof LABELS; value: string } | null {
  // Label and value split at the first colon, each trimmed by String methods: one pattern over the
  // whole line (spaces either side of the colon) took the checker past its time limit.
  const colon = line.search(/[:：]/);
  if (colon < 0) return null;
  const m = /^\s{0,4}\*{0,2}([^:：\n]{1,40}?)\*{0,2}$/u.exec(line.slice(0, colon).trimEnd());
  const value = line.slice(colon + 1).trimStart();
  if (!m || /[\n\r\u2028\u2029]/.test(value)) return null;
  const role = ROLE_OF.get(m[1]!.trim().toLowerCase());
  return role ? { role, value: value.trimEnd() } : null;
}

/**
 * The form's fields, when `mail` is a contact-form relay: sent from a relay address or carrying a
 * form footer, with at least two labelled fields. Otherwise null.
 */
export function readFormRelay(mail: InboundMail): FormRelay | null {
  const text = (mail.text ?? '').slice(0, 50_000);
  if (!RELAY_SENDER.test(mail.from?.address ?? '') && !RELAY_FOOTER.test(text.slice(-600))) return null;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const fields: Partial<Record<keyof typeof LABELS, string>> = {};
  let messageAt = -1;
  let count = 0;
  for (let i = 0; i < Math.min(lines.length, 60); i++) {
    const f = labelled(lines[i]!);
    if (!f) continue;
    count++;
    if (f.role === 'message') {
      messageAt = i;
      if (f.value) fields.message = f.value;
      break;
    }
    fields[f.role] ??= f.value;
  }
  if (count < 2) return null;
  let message = fields.message ?? '';
  if (messageAt >= 0) {
    const rest = lines.slice(messageAt + 1);
    const sig = rest.findIndex((l) => /^--\s?$/.test(l));
    message = [message, ...(sig >= 0 ? rest.slice(0, sig) : rest)].join('\n').trim();
  }
  const from = fields.from ? parseAddress(fields.from) : null;
  const email = fields.email ? parseAddress(fields.email)?.address ?? null : null;
  const name = fields.name ?? from?.name ?? '';
  const address = email ?? from?.address ?? null;
  return {
    from: address ? { address, name } : null,
    organisation: fields.organisation || null,
    country: fields.country || null,
    website: fields.website || null,
    message,
  };
}
