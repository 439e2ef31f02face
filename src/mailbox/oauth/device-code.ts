/**
 * The device authorization grant (RFC 8628), how `endorse auth` gets a Microsoft 365 refresh token on a
 * server without a browser: the organiser opens a short URL on any device and types a code, while we
 * poll the token endpoint until they have signed in.
 */
import { OAuthError, postForm, requestToken, type Grant } from './token-endpoint';

export interface DeviceCodeSettings {
  deviceUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret?: string | undefined;
  scope: string;
}

/** What the user must do, as the provider said it. */
export interface DevicePrompt {
  userCode: string;
  verificationUri: string;
  /** The provider's own sentence (Microsoft sends one), else ''. */
  message: string;
}

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Run the grant: show the prompt, poll until the user approved, return the grant (with a refresh token). */
export async function deviceCodeFlow(s: DeviceCodeSettings, show: (p: DevicePrompt) => void): Promise<Grant> {
  const client = { client_id: s.clientId, ...(s.clientSecret ? { client_secret: s.clientSecret } : {}) };
  const start = await postForm(s.deviceUrl, { ...client, ...(s.scope ? { scope: s.scope } : {}) });
  const deviceCode = String(start.device_code ?? '');
  const userCode = String(start.user_code ?? '');
  // RFC 8628 says verification_uri; Google's older endpoint says verification_url.
  const verificationUri = String(start.verification_uri ?? start.verification_url ?? '');
  if (!deviceCode || !userCode || !verificationUri) throw new OAuthError('bad_device_response', 'device authorization endpoint answered without device_code, user_code and verification_uri');
  show({ userCode, verificationUri, message: typeof start.message === 'string' ? start.message : '' });
  let intervalMs = (Number(start.interval) > 0 ? Number(start.interval) : 5) * 1000;
  const deadline = Date.now() + (Number(start.expires_in) > 0 ? Number(start.expires_in) : 900) * 1000;
  while (Date.now() < deadline) {
    await sleep(intervalMs);
    try {
      return await requestToken(s.tokenUrl, { grant_type: DEVICE_CODE_GRANT, device_code: deviceCode, ...client });
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      if (err.code === 'authorization_pending') continue;
      if (err.code === 'slow_down') {
        intervalMs += 5000; // RFC 8628 3.5
        continue;
      }
      throw err;
    }
  }
  throw new OAuthError('expired_token', 'the code expired before sign-in finished: run `endorse auth` again');
}
