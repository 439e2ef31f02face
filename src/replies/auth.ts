/**
 * Reads Authentication-Results headers (RFC 8601) for REPLY_REQUIRE_AUTH=dmarc: was the From domain
 * vouched for by DMARC, or by an SPF or DKIM pass aligned with it (RFC 7489 3.1)? Only headers our own
 * receiving server wrote count: the one naming our authserv-id, or else the topmost. Pure.
 */

/** One Authentication-Results header, parsed: who wrote it and each method's result and properties. */
export interface AuthResults {
  authservId: string;
  results: { method: string; result: string; props: Record<string, string> }[];
}

/** Remove RFC 5322 comments (`(...)`, nested) and fold whitespace. */
function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  for (const ch of value) {
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Parse one header value; null when it has no authserv-id. Quoted property values are unquoted. */
export function parseAuthResults(value: string): AuthResults | null {
  const [head, ...rest] = stripComments(value).split(';');
  const authservId = (head ?? '').trim().split(' ')[0]?.toLowerCase() ?? '';
  if (!authservId) return null;
  const results: AuthResults['results'] = [];
  for (const seg of rest) {
    const tokens = seg.trim().split(' ').filter(Boolean);
    const first = /^([a-z0-9_-]+)(?:\/\d+)?=([a-z]+)$/i.exec(tokens[0] ?? '');
    if (!first) continue;
    const props: Record<string, string> = {};
    for (const t of tokens.slice(1)) {
      const m = /^([a-z0-9_.-]+)=(.+)$/i.exec(t);
      if (m) props[m[1]!.toLowerCase()] = m[2]!.replace(/^"|"$/g, '').toLowerCase();
    }
    results.push({ method: first[1]!.toLowerCase(), result: first[2]!.toLowerCase(), props });
  }
  return { authservId, results };
}

/** Relaxed alignment (RFC 7489 3.1.1), without a public-suffix list: same domain, or one inside the other. */
export function aligned(a: string, b: string): boolean {
  const x = a.toLowerCase().replace(/^@|\.$/g, '');
  const y = b.toLowerCase().replace(/^@|\.$/g, '');
  // A bare top-level label (`d=example`) aligns with nothing: nobody signs for a whole TLD.
  if (!x.includes('.') || !y.includes('.')) return false;
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

const domainPart = (v: string | undefined) => (v ? v.slice(v.lastIndexOf('@') + 1) : '');

/** The Authentication-Results our own server wrote: naming our authserv-id, or else the topmost. */
function trustedResults(headers: readonly string[], authservId?: string | null): AuthResults[] {
  const parsed = headers.map(parseAuthResults).filter((h): h is AuthResults => h !== null);
  return authservId ? parsed.filter((h) => h.authservId === authservId.toLowerCase()) : parsed.slice(0, 1);
}

/** Whether our own server (REPLY_AUTHSERV_ID) wrote an Authentication-Results header on this message. */
export function hasOwnAuthResults(headers: readonly string[], authservId: string | null | undefined): boolean {
  return !!authservId && trustedResults(headers, authservId).length > 0;
}

/**
 * True when a domain other than the From domain (a Reply-To's) is vouched for: a DKIM signature of
 * that domain passed, or DMARC passed naming it. An SPF pass says nothing about it, nor does a DMARC
 * pass that names no domain (it is about the From).
 */
export function otherDomainAuthenticated(headers: readonly string[], domain: string | null, authservId?: string | null): boolean {
  if (!domain) return false;
  return trustedResults(headers, authservId).some((h) =>
    h.results.some((r) => {
      if (r.result !== 'pass') return false;
      if (r.method === 'dmarc') return !!r.props['header.from'] && aligned(r.props['header.from'], domain);
      if (r.method === 'dkim') return aligned(r.props['header.d'] ?? domainPart(r.props['header.i']), domain);
      return false;
    }),
  );
}

/**
 * True when the headers show the From domain authenticated: dmarc=pass (for that domain, when the
 * header says which), or spf=pass for an aligned envelope sender, or dkim=pass with an aligned `d=`.
 * @param headers the message's Authentication-Results values, topmost first
 * @param authservId our receiving server's authserv-id; when absent only the topmost header counts
 */
export function fromDomainAuthenticated(headers: readonly string[], fromDomain: string | null, authservId?: string | null): boolean {
  if (!fromDomain) return false;
  return trustedResults(headers, authservId).some((h) =>
    h.results.some((r) => {
      if (r.result !== 'pass') return false;
      if (r.method === 'dmarc') return !r.props['header.from'] || aligned(r.props['header.from'], fromDomain);
      if (r.method === 'spf') return aligned(domainPart(r.props['smtp.mailfrom'] ?? r.props['smtp.helo']), fromDomain);
      if (r.method === 'dkim') return aligned(r.props['header.d'] ?? domainPart(r.props['header.i']), fromDomain);
      return false;
    }),
  );
}
