/**
 * Address helpers for the reply path: pull the addr-spec out of a header value such as
 * `"Doe, Jane" <jane@example.org>` and check it is one we could send to. Pure; no I/O.
 */

/** A dot-atom addr-spec with a dotted domain (RFC 5322 3.4.1, without quoted local parts or literals). */
const ADDR_SPEC = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** RFC 5321 4.5.3.1.3: a path is at most 256 octets, so an addr-spec longer than this is not one. */
const MAX_ADDRESS = 254;

/**
 * The bare, lower-cased address of a header value (`Name <a@b>` or `a@b`), or null when there is
 * none or it is not a deliverable-looking addr-spec. Read by index, not by a regular expression: a
 * display name of 200k spaces after a `<` made the former pattern backtrack quadratically (a minute).
 */
export function bareAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trimEnd();
  const open = v.endsWith('>') ? v.lastIndexOf('<') : -1;
  const inner = open >= 0 ? v.slice(open + 1, -1).trim() : null;
  const addr = (inner !== null && !/[<>\s]/.test(inner) ? inner : v.trim()).toLowerCase();
  return addr.length <= MAX_ADDRESS && ADDR_SPEC.test(addr) ? addr : null;
}

/** The domain of an address or of a Message-ID (`<local@domain>`), lower-cased, or null. */
export function domainOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const core = value.trim().replace(/^<|>$/g, '');
  const at = core.lastIndexOf('@');
  return at > 0 && at < core.length - 1 ? core.slice(at + 1).toLowerCase() : null;
}
