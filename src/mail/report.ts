/**
 * The `endorse extract` JSON line of docs/CONTRACT.md, built from one message and its analysis.
 * Kept apart from the CLI so the eval and tests produce exactly what users script against.
 */
import type { Analysis, ExtractedEndorsement, InboundMail, PublicEndorsement, Signal } from './types';

/**
 * The contract's fields of one endorsement, evidence left out (in the contract's order), and the
 * other forms of its name when the message gives any. Aliases are for reviewers: the public exports
 * list their own fields and never these.
 */
export function publicEndorsement(e: ExtractedEndorsement): PublicEndorsement {
  const { signerType, organisation, name, country, website, contactName, contactEmail } = e;
  const out: PublicEndorsement = { signerType, organisation, name, country, website, contactName, contactEmail };
  if (e.aliases?.length) out.aliases = [...e.aliases];
  return out;
}

/** The printed line: contract fields first, then extras (notes, error). */
export interface ExtractLineObject {
  file: string;
  messageId: string | null;
  kind: string;
  acknowledge: boolean;
  language: string | null;
  endorsements: PublicEndorsement[];
  reasons: string[];
  /** The weighed evidence behind the kind: each signal's name, weight and the words it matched. */
  signals?: Signal[];
  notes?: string[];
  error?: string;
}

/**
 * Build the JSON line for one file. A message that could not be parsed is reported as a question
 * that is not acknowledged, with `error` set, whatever the analysis said.
 */
export function extractLine(file: string, mail: InboundMail, analysis: Analysis): ExtractLineObject {
  const error = mail.parseError ?? analysis.error;
  const broken = !!mail.parseError;
  const line: ExtractLineObject = {
    file,
    messageId: mail.messageId,
    kind: broken ? 'question' : analysis.kind,
    acknowledge: broken ? false : analysis.acknowledge,
    language: analysis.language,
    endorsements: analysis.endorsements.map(publicEndorsement),
    reasons: broken && !analysis.reasons.some((r) => r.includes(mail.parseError!)) ? [mail.parseError!, ...analysis.reasons] : analysis.reasons,
  };
  if (analysis.signals?.length) line.signals = analysis.signals;
  if (analysis.notes.length) line.notes = analysis.notes;
  if (error) line.error = error;
  return line;
}
