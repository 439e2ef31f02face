/**
 * Synthetic but realistic inbound mail for the crash test, the demo and the benchmark: endorsements
 * in several languages, out-of-office replies, bounces and questions, each from its own sender with
 * its own Message-ID, a few with large attachments. Deterministic for a given seed.
 */

export interface GeneratedMail {
  raw: Buffer;
  messageId: string;
  from: string;
  /** What the generator meant it to be; the classifier decides for itself. */
  intended: 'endorsement' | 'auto_reply' | 'bounce' | 'question';
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ORGS = [
  ['Friends of the Earth Groningen', 'NL', 'Netherlands', 'en'],
  ['Gewerkschaftsforum Leipzig', 'DE', 'Deutschland', 'de'],
  ['Association Paix et Solidarité', 'FR', 'France', 'fr'],
  ['Sindicato de Estudiantes Libres', 'ES', 'España', 'es'],
  ['Comitato per la Pace di Bologna', 'IT', 'Italia', 'it'],
  ['Stowarzyszenie Wolni Razem', 'PL', 'Polska', 'pl'],
] as const;

const BODIES: Record<string, (org: string, country: string, person: string) => string> = {
  en: (o, c, p) => `Dear organisers,\r\n\r\nOn behalf of ${o} (${c}) I am writing to endorse the appeal "Stop the Russian war of aggression! Peace for Ukraine!". Please add our organisation to the list of signatories.\r\n\r\nIn solidarity,\r\n${p}\r\n${o}\r\n`,
  de: (o, c, p) => `Liebe Freundinnen und Freunde,\r\n\r\nhiermit unterzeichnet ${o} (${c}) den Aufruf "Stoppt den russischen Angriffskrieg! Frieden für die Ukraine!". Bitte nehmt uns in die Liste der Unterzeichner auf.\r\n\r\nSolidarische Grüße\r\n${p}\r\n${o}\r\n`,
  fr: (o, c, p) => `Chers amis,\r\n\r\n${o} (${c}) souhaite signer l'appel « Stop à la guerre d'agression russe ! Paix pour l'Ukraine ! ». Merci d'ajouter notre association à la liste des signataires.\r\n\r\nSolidairement,\r\n${p}\r\n${o}\r\n`,
  es: (o, c, p) => `Estimados compañeros:\r\n\r\n${o} (${c}) se adhiere al llamamiento "¡Detengan la guerra de agresión rusa! ¡Paz para Ucrania!". Por favor, añadan nuestra organización a la lista de firmantes.\r\n\r\nUn saludo solidario,\r\n${p}\r\n${o}\r\n`,
  it: (o, c, p) => `Care amiche e cari amici,\r\n\r\n${o} (${c}) aderisce all'appello "Fermare la guerra di aggressione russa! Pace per l'Ucraina!". Vi preghiamo di aggiungere la nostra organizzazione all'elenco dei firmatari.\r\n\r\nUn saluto solidale,\r\n${p}\r\n${o}\r\n`,
  pl: (o, c, p) => `Drodzy organizatorzy,\r\n\r\n${o} (${c}) popiera apel „Powstrzymać rosyjską wojnę napastniczą! Pokój dla Ukrainy!”. Prosimy o dopisanie naszej organizacji do listy sygnatariuszy.\r\n\r\nZ solidarnymi pozdrowieniami\r\n${p}\r\n${o}\r\n`,
};

const PEOPLE = ['Anna Berg', 'Jonas Weber', 'Claire Martin', 'Lucía Pérez', 'Marco Rossi', 'Ewa Nowak', 'Sam Okafor', 'Ines Duarte'];

function qp(text: string): string {
  // Quoted-printable (RFC 2045 6.7) for UTF-8 text, soft line breaks at 76.
  const bytes = Buffer.from(text, 'utf8');
  let out = '';
  let line = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 13 && bytes[i + 1] === 10) {
      out += line + '\r\n';
      line = '';
      i++;
      continue;
    }
    const enc = (b >= 33 && b <= 126 && b !== 61) || b === 32 ? String.fromCharCode(b) : '=' + b.toString(16).toUpperCase().padStart(2, '0');
    if (line.length + enc.length > 75) {
      out += line + '=\r\n';
      line = '';
    }
    line += enc;
  }
  return out + line;
}

function b64lines(buf: Buffer): string {
  return buf.toString('base64').replace(/.{76}/g, '$&\r\n');
}

/** `count` messages; `bigEvery`/`bigBytes` add a PDF-like attachment of that size to every n-th one. */
export function generateMail(count: number, opts: { seed?: number; bigEvery?: number; bigBytes?: number; domain?: string } = {}): GeneratedMail[] {
  const rand = rng(opts.seed ?? 1);
  const out: GeneratedMail[] = [];
  const day = Date.UTC(2023, 1, 6);
  for (let i = 0; i < count; i++) {
    const [org, cc, country, lang] = ORGS[i % ORGS.length]!;
    const person = PEOPLE[Math.floor(rand() * PEOPLE.length)]!;
    const n = String(i).padStart(5, '0');
    const dom = `org${n}.${cc.toLowerCase()}`;
    const from = `contact${n}@${dom}`;
    const messageId = `<gen.${n}.${Math.floor(rand() * 1e9)}@${dom}>`;
    const date = new Date(day + i * 60_000).toUTCString().replace('GMT', '+0000');
    const roll = rand();
    const intended: GeneratedMail['intended'] = roll < 0.75 ? 'endorsement' : roll < 0.87 ? 'auto_reply' : roll < 0.95 ? 'bounce' : 'question';
    const orgName = `${org} ${n}`;
    let headers = `Return-Path: <${from}>\r\nFrom: ${person} <${from}>\r\nTo: info@ukraine-solidarity.eu\r\nDate: ${date}\r\nMessage-ID: ${messageId}\r\nMIME-Version: 1.0\r\n`;
    let body: string;
    let ctype = 'text/plain; charset=utf-8';
    if (intended === 'endorsement') {
      headers += `Subject: Endorsement: ${orgName}\r\n`;
      body = BODIES[lang]!(orgName, country, person);
    } else if (intended === 'auto_reply') {
      headers += `Subject: Out of office: Call for endorsements\r\nAuto-Submitted: auto-replied\r\nX-Autoreply: yes\r\n`;
      body = `I am out of the office until next Monday with limited access to email.\r\n${person}\r\n`;
    } else if (intended === 'bounce') {
      headers = headers.replace(`Return-Path: <${from}>`, 'Return-Path: <>').replace(`From: ${person} <${from}>`, `From: Mail Delivery System <MAILER-DAEMON@mx.${dom}>`);
      headers += `Subject: Undelivered Mail Returned to Sender\r\nAuto-Submitted: auto-replied\r\n`;
      ctype = `multipart/report; report-type=delivery-status; boundary="b${n}"`;
      body = `--b${n}\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThis is the mail system at host mx.${dom}.\r\n\r\nI'm sorry to have to inform you that your message could not\r\nbe delivered to one or more recipients.\r\n\r\n<nobody@${dom}>: host mx.${dom} said: 550 5.1.1 User unknown\r\n\r\n--b${n}\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.${dom}\r\n\r\nFinal-Recipient: rfc822; nobody@${dom}\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--b${n}--\r\n`;
    } else {
      headers += `Subject: Question about the appeal\r\n`;
      body = `Hello,\r\n\r\nCould you tell me whether individuals can also sign the appeal, or only organisations? And where will the list be published?\r\n\r\nThanks,\r\n${person}\r\n`;
    }
    // Realistic size: a signature/disclaimer tail of 0.5-12 KB.
    if (intended !== 'bounce') body += '\r\n-- \r\n' + 'This e-mail and any attachment are confidential. '.repeat(Math.floor(10 + rand() * 240)).replace(/(.{70})/g, '$1\r\n') + '\r\n';
    const big = opts.bigEvery && opts.bigBytes && i % opts.bigEvery === opts.bigEvery - 1 && intended === 'endorsement';
    let raw: string;
    if (big) {
      const pdf = Buffer.alloc(opts.bigBytes!, 0x41);
      raw = `${headers}Content-Type: multipart/mixed; boundary="m${n}"\r\n\r\n--m${n}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp(body)}\r\n--m${n}\r\nContent-Type: application/octet-stream; name="letter.bin"\r\nContent-Disposition: attachment; filename="letter.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64lines(pdf)}\r\n--m${n}--\r\n`;
    } else if (ctype.startsWith('multipart')) {
      raw = `${headers}Content-Type: ${ctype}\r\n\r\n${body}`;
    } else {
      raw = `${headers}Content-Type: ${ctype}\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp(body)}`;
    }
    out.push({ raw: Buffer.from(raw, 'utf8'), messageId, from, intended });
  }
  return out;
}
