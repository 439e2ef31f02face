/**
 * Phishing that poses as a file-sharing or signing service ("Marta via SharePoint Online" from a
 * look-alike domain): the display name names the service, the address is not the service's. Real
 * notifications come from the service's own domains, so the mismatch alone marks the mail as spam,
 * whatever it says about our appeal.
 */
import type { Address } from './types';

/** Services whose notifications phishing imitates, with the domains their mail really comes from. */
const SERVICES: ReadonlyArray<{ names: RegExp; domains: readonly string[] }> = [
  { names: /^(?:sharepoint|onedrive|microsoft|office 365|microsoft 365|outlook|teams)(?= |$)/, domains: ['microsoft.com', 'sharepoint.com', 'onedrive.com', 'office.com', 'office365.com', 'outlook.com', 'microsoftonline.com', 'live.com'] },
  { names: /^google(?= |$)/, domains: ['google.com', 'googlemail.com', 'gmail.com'] },
  { names: /^dropbox(?= |$)/, domains: ['dropbox.com', 'dropboxmail.com'] },
  { names: /^docusign(?= |$)/, domains: ['docusign.net', 'docusign.com'] },
  { names: /^wetransfer(?= |$)/, domains: ['wetransfer.com'] },
  { names: /^(?:adobe|acrobat)(?= |$)/, domains: ['adobe.com', 'adobesign.com', 'echosign.com'] },
  { names: /^box(?= |$)/, domains: ['box.com'] },
];

/** Words a service's sender name may add to the service's own ("SharePoint Online", "Google Drive"). */
const SERVICE_WORDS = new Set(['online', 'drive', 'docs', 'sheets', 'forms', 'sign', 'electronic', 'signature', 'signatures', 'team', 'teams', 'notification', 'notifications', 'sharing', 'share', 'files', 'for', 'business', '365', 'account', 'security', 'via']);

/** The service a display name speaks for: "X via Service ..." or the name opening with the service. */
function claimedService(display: string): string | null {
  const name = display.toLowerCase().replace(/\s+/g, ' ').trim().slice(0, 200);
  const via = name.lastIndexOf(' via ');
  return via >= 0 ? name.slice(via + 5) : name;
}

function fromDomainOf(domain: string, allowed: readonly string[]): boolean {
  return allowed.some((d) => domain === d || domain.endsWith(`.${d}`));
}

/**
 * Why the sender poses as a service it is not, or null. Only names that speak for a service count
 * ("X via SharePoint Online", "Dropbox", "DocuSign Electronic Signature"); a group whose name merely
 * begins with a brand ("Google Workers Union") does not.
 */
export function impersonatedService(from: Address | null): string | null {
  if (!from?.name) return null;
  const claimed = claimedService(from.name);
  if (!claimed || claimed.split(' ').length > 5) return null;
  const service = SERVICES.find((s) => s.names.test(claimed));
  if (!service) return null;
  const rest = claimed.replace(service.names, '').trim();
  if (rest && !rest.split(' ').every((w) => SERVICE_WORDS.has(w))) return null;
  const domain = from.address.slice(from.address.lastIndexOf('@') + 1).toLowerCase();
  return fromDomainOf(domain, service.domains) ? null : `the sender's name claims "${claimed}" but the mail comes from ${domain}`;
}
