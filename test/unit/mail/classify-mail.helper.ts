/** Builds small raw messages for the classification and analysis tests, parsed the way intake parses them. */
import { parseMail } from '../../../src/mail/parse';
import type { AnalysisContext, InboundMail } from '../../../src/mail/types';

export const CTX: AnalysisContext = { ownAddresses: ['info@appeal.example'], ownDomains: ['appeal.example'] };

/** A raw message from header lines (name: value) and a body; From/To/Subject default to a person writing to us. */
export async function mail(headers: Record<string, string>, body: string): Promise<InboundMail> {
  const h: Record<string, string> = {
    From: 'Jane Roe <jane@union.example.org>',
    To: 'info@appeal.example',
    Subject: 'Hello',
    'Message-ID': `<${Math.random().toString(36).slice(2)}@union.example.org>`,
    'Content-Type': 'text/plain; charset=utf-8',
    ...headers,
  };
  const head = Object.entries(h)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  return parseMail(Buffer.from(`${head}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}`, 'utf8'));
}
