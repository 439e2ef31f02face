/**
 * Sample variables for each reply type: the full set the reply service passes, with made-up values,
 * so every template in every language can be rendered and checked without a real message.
 */
import type { ReplyType } from './templates';

/** The variables every template of a type may use (null marks "may be absent"). */
export function sampleVars(type: ReplyType): Record<string, unknown> {
  const common = { appealTitle: 'Open Letter for a Just Transition', fromName: 'Appeal team', subject: 'Our endorsement', replySubject: 'Re: Our endorsement' };
  switch (type) {
    case 'acknowledgement':
      return { ...common, signers: 'Friends of the Earth and Attac' };
    case 'confirmation':
      return { ...common, name: 'Friends of the Earth', country: 'France', listUrl: 'https://appeal.example/signatories' };
    case 'withdrawal':
      return { ...common, name: 'Friends of the Earth', removed: false };
    case 'needs-information':
      return { ...common, question: 'Could you tell us in which country your organisation is based?\nAnd may we list your website?' };
    case 'answer':
      // An answer has no template: the organiser's words are sent as written.
      return { ...common };
  }
}
