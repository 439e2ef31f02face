/**
 * Websites: bare domains stated in a message, and whether a sender's domain is the organisation's own
 * or a public mail provider's (whose domain says nothing about the sender).
 */
import { placeOf } from './country';
import { trimEndChars } from './trim-chars';

/** Public mail providers and ISPs: their domains are never an organisation's website. */
const PROVIDERS = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'windowslive.com', 'passport.com',
  'yahoo.com', 'ymail.com', 'rocketmail.com', 'aol.com', 'aim.com', 'icloud.com', 'me.com', 'mac.com', 'gmx.net', 'gmx.com',
  'gmx.de', 'gmx.at', 'gmx.ch', 'web.de', 't-online.de', 'freenet.de', 'arcor.de', 'posteo.de', 'posteo.net', 'mailbox.org',
  'email.de', 'online.de', 'emailn.de', 'kabelmail.de', 'netcologne.de', 'vodafone.de', 'mail.de', 'aon.at', 'chello.at', 'a1.net',
  'bluewin.ch', 'hispeed.ch', 'sunrise.ch', 'mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'internet.ru', 'rambler.ru', 'yandex.ru', 'ya.ru',
  'yandex.com', 'yandex.ua', 'yandex.by', 'ukr.net', 'i.ua', 'meta.ua', 'bigmir.net', 'tut.by', 'seznam.cz', 'email.cz', 'post.cz',
  'centrum.cz', 'volny.cz', 'atlas.cz', 'azet.sk', 'zoznam.sk', 'post.sk', 'centrum.sk', 'wp.pl', 'o2.pl', 'onet.pl', 'onet.eu', 'op.pl',
  'poczta.onet.pl', 'interia.pl', 'interia.eu', 'vp.pl', 'gazeta.pl', 'tlen.pl', 'poczta.fm', 'go2.pl', 'libero.it', 'virgilio.it',
  'tiscali.it', 'alice.it', 'tin.it', 'tim.it', 'fastwebnet.it', 'email.it', 'inwind.it', 'iol.it', 'orange.fr', 'wanadoo.fr', 'free.fr',
  'sfr.fr', 'neuf.fr', 'laposte.net', 'club-internet.fr', 'bbox.fr', 'aliceadsl.fr', 'numericable.fr', 'telefonica.net', 'movistar.es',
  'terra.es', 'ono.com', 'sapo.pt', 'netcabo.pt', 'clix.pt', 'iol.pt', 'terra.com.br', 'uol.com.br', 'bol.com.br', 'ig.com.br',
  'globo.com', 'skynet.be', 'telenet.be', 'proximus.be', 'scarlet.be', 'ziggo.nl', 'planet.nl', 'xs4all.nl', 'kpnmail.nl', 'home.nl',
  'hetnet.nl', 'casema.nl', 'telia.com', 'comhem.se', 'bredband.net', 'spray.se', 'bahnhof.se', 'online.no', 'getmail.no', 'jubii.dk',
  'mail.dk', 'stofanet.dk', 'suomi24.fi', 'luukku.com', 'kolumbus.fi', 'saunalahti.fi', 'elisanet.fi', 'otenet.gr', 'hol.gr',
  'yahoo.gr', 'forthnet.gr', 'windtools.gr', 'abv.bg', 'mail.bg', 'dir.bg', 'freemail.hu', 'citromail.hu', 't-online.hu', 'inbox.lv',
  'inbox.lt', 'mail.ee', 'btinternet.com', 'sky.com', 'virginmedia.com', 'ntlworld.com', 'talktalk.net', 'blueyonder.co.uk',
  'tiscali.co.uk', 'eircom.net', 'verizon.net', 'comcast.net', 'att.net', 'sbcglobal.net', 'shaw.ca', 'rogers.com', 'sympatico.ca',
  'videotron.ca', 'bigpond.com', 'optusnet.com.au', 'xtra.co.nz', 'rediffmail.com', 'qq.com', '163.com', '126.com', 'sina.com',
  'naver.com', 'daum.net', 'docomo.ne.jp', 'ezweb.ne.jp', 'softbank.ne.jp', 'i.softbank.jp', 'nifty.com', 'biglobe.ne.jp',
  'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me', 'tutanota.com', 'tutanota.de', 'tuta.io', 'tutamail.com', 'zoho.com',
  'zohomail.com', 'fastmail.com', 'fastmail.fm', 'hey.com', 'hushmail.com', 'runbox.com', 'mailfence.com', 'kolabnow.com',
  'mail.com', 'email.com', 'usa.com', 'post.com', 'inbox.com', 'riseup.net', 'autistici.org', 'inventati.org', 'disroot.org',
  'systemli.org', 'aktivix.org', 'so36.net', 'nadir.org', 'espiv.net', 'yopmail.com', 'mailinator.com', 'tempmail.com',
  'topnet.tn', 'gnet.tn', 'planet.tn', 'menara.ma', 'simnet.is', 'eircom.ie', 'vodafone.ie', 'safaricom.co.ke', 'mweb.co.za',
]);
/** Provider families with a domain per country (yahoo.fr, hotmail.co.uk, outlook.de, gmx.es...). */
const PROVIDER_FAMILY = /^(?:yahoo|ymail|hotmail|outlook|live|msn|gmx|yandex|aol|libero|orange|googlemail|gmail|icloud|zoho|mail|email|protonmail|tutanota)\./;

/** Sites whose domain says nothing about who the organisation is (social networks, shorteners, file hosts). */
const NOT_A_WEBSITE = new Set([
  'facebook.com', 'fb.com', 'fb.me', 'instagram.com', 'twitter.com', 'x.com', 't.co', 't.me', 'telegram.me', 'youtube.com', 'youtu.be',
  'linkedin.com', 'tiktok.com', 'vk.com', 'ok.ru', 'bit.ly', 'tinyurl.com', 'wa.me', 'whatsapp.com', 'mastodon.social', 'bsky.app',
  'google.com', 'goo.gl', 'forms.gle', 'docs.google.com', 'drive.google.com', 'dropbox.com', 'wetransfer.com', 'zoom.us', 'change.org',
  'avaaz.org', 'paypal.com', 'microsoft.com', 'apple.com', 'mailchimp.com', 'eepurl.com', 'w3.org', 'schemas.microsoft.com',
]);

/** Second-level labels under which a registrant holds a third-level domain (`org.ua`, `co.uk`, `com.br`). */
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'edu', 'gov', 'or', 'ne', 'go', 'gob', 'nic', 'ltd', 'plc', 'sch', 'gv', 'asso', 'gouv', 'info', 'biz', 'web', 'nom', 'in']);
const FILE_EXT = new Set(['png', 'jpg', 'jpeg', 'gif', 'pdf', 'doc', 'docx', 'odt', 'xls', 'xlsx', 'ppt', 'pptx', 'txt', 'zip', 'html', 'htm', 'php', 'eml', 'msg', 'rtf', 'csv', 'mp4', 'mp3', 'js', 'css', 'exe']);

/** The domain a person registers: `mail.svitanok.org.ua` -> `svitanok.org.ua`, `lists.example.de` -> `example.de`. */
export function registrableDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.').filter(Boolean);
  if (labels.length <= 2) return labels.join('.');
  // Under a ccTLD, generic ("org.ua") and regional ("krakow.pl", "waw.pl") second levels are held by no one.
  const second = labels[labels.length - 2]!;
  const keep = labels[labels.length - 1]!.length === 2 && (SECOND_LEVEL.has(second) || placeOf(second.charAt(0).toUpperCase() + second.slice(1))?.kind === 'city') ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** True when a domain belongs to a public mail provider, so it is not the sender's organisation. */
export function isProviderDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  return PROVIDERS.has(d) || PROVIDERS.has(registrableDomain(d)) || PROVIDER_FAMILY.test(registrableDomain(d));
}

/** The domain of an address, lower case, or null. */
export function domainOf(address: string | null | undefined): string | null {
  const at = address ? address.lastIndexOf('@') : -1;
  return at > 0 ? trimEndChars(address!.slice(at + 1).toLowerCase(), /[>\s]/) : null;
}

/** A URL, `www.` host, or bare host with a dotted name; never part of an e-mail address. Bounded, so linear. */
const HOST_RE = /(?<![@\p{L}\p{N}._%+-])(?:https?:\/\/)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,4}[a-z]{2,12})(?![@\p{L}\p{N}-]|\.[a-z0-9])/giu;

/** Every website named in `text`, in order, as bare domains (no scheme, no `www.`), excluding `exclude`. */
export function findWebsites(text: string, exclude: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(HOST_RE)) {
    const host = m[1]!.toLowerCase().replace(/^www\d?\./, '');
    const tld = host.split('.').pop()!;
    if (FILE_EXT.has(tld) || !host.includes('.')) continue;
    const hasScheme = m[0].toLowerCase().startsWith('http') || /^www\d?\./i.test(m[1]!);
    // A bare "name.xx" is a website only with a known kind of TLD; "e.V." or "Ph.D" are not hosts.
    if (!hasScheme && !/^(?:[a-z]{2}|com|org|net|info|scot|cat|eus|wales|cymru|gal|bzh|eu|ngo|ong|coop|online|site|social|network|earth|global|world|blog)$/.test(tld)) continue;
    if (!hasScheme && (host.split('.')[0]!.length < 3 || m[1] !== m[1]!.toLowerCase())) continue;
    const reg = registrableDomain(host);
    if (NOT_A_WEBSITE.has(host) || NOT_A_WEBSITE.has(reg) || isProviderDomain(host) || exclude.has(host) || exclude.has(reg)) continue;
    if (!out.includes(host)) out.push(host);
  }
  return out;
}

/** A web address or an e-mail address alone, bracketed or not: the whole of a name's last word. */
const WEB_WORD_RE = /^\(?((?:https?:\/\/)?[^\s()<>@]+|[^\s()<>@]+@[^\s()<>@]+)\)?[.,;]?$/iu;

/**
 * Trailing web or e-mail addresses after a name ("Bristol Peace Forum (UK) - www.bristolpeace.org.uk",
 * "X, Leeds, info@x.org.uk"): the name stops before them, and the site (or the address's domain,
 * unless a mail provider's) is the signer's own. A name that is an address ("Avaaz.org") stays.
 */
export function peelWebSuffix(name: string): { name: string; website: string | null } {
  let rest = name.trim();
  let website: string | null = null;
  for (let k = 0; k < 2; k++) {
    const cut = rest.lastIndexOf(' ');
    const word = WEB_WORD_RE.exec(rest.slice(cut + 1));
    const bare = word?.[1]!.replace(/^[^@]*@/, '').replace(/^(?:https?:\/\/)?(?:www\d?\.)?/i, '').split(/[/?#]/)[0]!.toLowerCase();
    const email = !!word?.[1]!.includes('@');
    const site = bare && findWebsites(bare)[0] === bare ? bare : null;
    // A provider's address (findWebsites names no provider) still ends the name, but says no site.
    if (cut < 2 || !bare || !(site || (email && /^(?:[a-z0-9-]+\.)+[a-z]{2,12}$/.test(bare) && isProviderDomain(bare)))) break;
    rest = trimEndChars(rest.slice(0, cut), /[\s,;:|(–—-]/);
    website ??= site;
  }
  return rest.length >= 2 ? { name: rest, website } : { name, website: null };
}
