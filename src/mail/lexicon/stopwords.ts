/**
 * The most frequent short words of the Latin-script languages the appeal meets. tinyld has no Catalan
 * and guesses wildly on one-line messages ("We sign"), so language.ts counts these words to confirm
 * or overrule it on short texts. Words shared by several languages are kept in each: only the totals count.
 */
export const STOPWORDS: Record<string, string[]> = {
  en: ['the', 'and', 'we', 'our', 'to', 'of', 'is', 'are', 'you', 'for', 'with', 'this', 'please', 'us', 'in', 'sign', 'thanks', 'hi', 'dear', 'would', 'like', 'be', 'on', 'as', 'it', 'i', 'am', 'my', 'your', 'endorse', 'endorses', 'endorsement', 'appeal', 'solidarity', 'regards'],
  de: ['und', 'der', 'die', 'das', 'wir', 'unser', 'unsere', 'ist', 'sind', 'den', 'mit', 'für', 'ich', 'nicht', 'auf', 'zu', 'ein', 'eine', 'bitte', 'liebe', 'hallo', 'sehr', 'geehrte', 'auch', 'im', 'dem', 'von', 'aufruf'],
  fr: ['le', 'la', 'les', 'et', 'nous', 'notre', 'est', 'des', 'du', 'pour', 'avec', 'une', 'un', 'je', 'vous', 'que', 'qui', 'à', 'au', 'bonjour', 'merci', 'appel', 'dans', 'sur', 'pas', 'ce'],
  es: ['el', 'la', 'los', 'las', 'y', 'nosotros', 'nuestra', 'nuestro', 'es', 'de', 'del', 'para', 'con', 'una', 'un', 'que', 'en', 'por', 'hola', 'gracias', 'llamamiento', 'se', 'al', 'mi', 'firma'],
  it: ['il', 'la', 'le', 'e', 'noi', 'nostra', 'nostro', 'è', 'di', 'del', 'della', 'per', 'con', 'una', 'un', 'che', 'in', 'ciao', 'grazie', 'appello', 'alla', 'al', 'sono', 'gli'],
  pt: ['o', 'a', 'os', 'as', 'e', 'nós', 'nossa', 'nosso', 'é', 'de', 'do', 'da', 'para', 'com', 'uma', 'um', 'que', 'em', 'por', 'olá', 'obrigado', 'obrigada', 'apelo', 'ao', 'não'],
  ca: ['el', 'la', 'els', 'les', 'i', 'nosaltres', 'nostra', 'nostre', 'és', 'de', 'del', 'per', 'amb', 'una', 'un', 'que', 'en', 'hola', 'gràcies', 'crida', 'al', 'entitat', 'aquesta', 'som'],
  nl: ['de', 'het', 'een', 'en', 'wij', 'we', 'onze', 'ons', 'is', 'van', 'voor', 'met', 'dat', 'die', 'niet', 'op', 'te', 'graag', 'beste', 'oproep', 'ik', 'zijn', 'ook'],
  sv: ['och', 'vi', 'vår', 'våra', 'är', 'att', 'för', 'med', 'det', 'den', 'en', 'ett', 'av', 'på', 'till', 'hej', 'tack', 'uppropet', 'jag', 'inte', 'som', 'om'],
  da: ['og', 'vi', 'vores', 'er', 'at', 'for', 'med', 'det', 'den', 'en', 'et', 'af', 'på', 'til', 'hej', 'tak', 'jeg', 'ikke', 'som'],
  no: ['og', 'vi', 'vår', 'våre', 'er', 'å', 'for', 'med', 'det', 'den', 'en', 'et', 'av', 'på', 'til', 'hei', 'takk', 'jeg', 'ikke', 'som'],
  pl: ['i', 'w', 'na', 'z', 'że', 'się', 'nie', 'do', 'jest', 'nasza', 'nasz', 'my', 'to', 'o', 'dla', 'apel', 'apelu', 'prosimy', 'pozdrawiam', 'oraz', 'jako'],
  cs: ['a', 'v', 'na', 'se', 'že', 'je', 'jsem', 'naše', 'náš', 'my', 'to', 'o', 'pro', 'výzvy', 'výzvu', 'prosím', 'jako', 'nebo', 'ale', 'také', 'jsme'],
  sk: ['a', 'v', 'na', 'sa', 'že', 'je', 'som', 'naša', 'náš', 'my', 'to', 'o', 'pre', 'výzvy', 'prosím', 'ako', 'alebo', 'ale', 'tiež', 'sme'],
  tr: ['ve', 'bir', 'bu', 'için', 'ile', 'biz', 'bizim', 'olarak', 'da', 'de', 'çağrı', 'çağrıya', 'destek', 'merhaba', 'teşekkürler', 'olan', 'gibi'],
  ro: ['și', 'în', 'la', 'de', 'cu', 'pentru', 'noi', 'nostru', 'este', 'că', 'un', 'o', 'apelul', 'vă', 'mulțumim'],
  hu: ['és', 'a', 'az', 'egy', 'hogy', 'mi', 'is', 'van', 'nem', 'felhívás', 'köszönöm', 'szervezetünk'],
  fi: ['ja', 'on', 'me', 'meidän', 'että', 'ei', 'se', 'kanssa', 'vetoomus', 'kiitos', 'hei'],
};
