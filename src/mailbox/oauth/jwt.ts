/**
 * The signed assertion of a Google service account acting for a mailbox user (domain-wide
 * delegation, RFC 7523): a JWT signed RS256 with the account's private key, made with node:crypto
 * so no OAuth library is needed.
 */
import { createSign } from 'node:crypto';

export interface AssertionClaims {
  /** The service account's address (`client_email` of its key file). */
  issuer: string;
  /** The mailbox user to act for. */
  subject: string;
  /** Space-separated scopes, e.g. https://mail.google.com/. */
  scope: string;
  /** The token endpoint the assertion is for. */
  audience: string;
  /** PEM private key (`private_key` of the key file). */
  privateKey: string;
  /** The key's id (`private_key_id`), put in the header so the provider picks the right public key. */
  keyId?: string;
  /** Epoch ms; default now. */
  now?: number;
}

/** The grant type that carries such an assertion (RFC 7523 2.1). */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Providers accept at most an hour between `iat` and `exp`. */
const LIFETIME_S = 3600;

const b64url = (v: Buffer | string) => Buffer.from(v).toString('base64url');

/** The compact JWT `header.claims.signature`. */
export function signAssertion(c: AssertionClaims): string {
  const iat = Math.floor((c.now ?? Date.now()) / 1000);
  const header = { alg: 'RS256', typ: 'JWT', ...(c.keyId ? { kid: c.keyId } : {}) };
  const claims = { iss: c.issuer, sub: c.subject, scope: c.scope, aud: c.audience, iat, exp: iat + LIFETIME_S };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = createSign('RSA-SHA256').update(input).sign(c.privateKey);
  return `${input}.${b64url(signature)}`;
}
