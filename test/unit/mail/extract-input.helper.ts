/** Extraction of one plain-text mail to us in tests: the sender, the body and the signature as split. */
import { extractEndorsements } from '../../../src/mail/extract';
import type { Address, ExtractInput } from '../../../src/mail/types';

export function extractFrom(from: Address, body: string, signature = '', more: Partial<ExtractInput> = {}): ReturnType<typeof extractEndorsements> {
  return extractEndorsements({
    mail: {
      messageId: null, from, replyTo: null, to: [{ address: 'info@ukraine-solidarity.eu', name: '' }], cc: [], subject: 'Appeal',
      date: null, inReplyTo: null, references: [], headers: {}, contentType: 'text/plain', text: body, html: null, attachments: [], size: 1,
    },
    kind: 'endorsement', language: null, body, signature, forwarded: null, attachmentText: '', ...more,
  });
}
