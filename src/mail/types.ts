/**
 * The vocabulary of the pure core: one inbound message as the rest of the program sees it, and what
 * the core decided about it. Adapters produce `InboundMail`; `analyzeMail` turns it into `Analysis`.
 * Nothing here imports an I/O library.
 */

/** The kinds of `docs/CONTRACT.md`, in the order a reviewer triages them. */
export const KINDS = ['endorsement', 'withdrawal', 'question', 'auto_reply', 'bounce', 'bulk', 'spam'] as const;
export type Kind = (typeof KINDS)[number];

export interface Address {
  /** Lower-cased addr-spec, e.g. `jane@example.org`. */
  address: string;
  /** Display name as decoded from the header, or '' when there is none. */
  name: string;
}

export interface AttachmentInfo {
  filename: string | null;
  contentType: string;
  size: number;
  /** Text read from the attachment (a PDF, DOCX or ODT letter), when it could be read. */
  text?: string;
  /** Why a letter's text could not be read (too big, encrypted, a compression bomb, too slow), for reviewers. */
  textError?: string;
  /** For an attached message (message/rfc822, e.g. a forward as attachment): what it says. */
  message?: EmbeddedMessage;
}

/** The readable parts of a message attached to another one. */
export interface EmbeddedMessage {
  from: Address | null;
  replyTo: Address | null;
  subject: string;
  date: Date | null;
  text: string;
  headers: Record<string, string[]>;
}

/** One parsed message. Header names are lower-case; values are decoded strings, in order of appearance. */
export interface InboundMail {
  messageId: string | null;
  from: Address | null;
  replyTo: Address | null;
  to: Address[];
  cc: Address[];
  subject: string;
  date: Date | null;
  inReplyTo: string | null;
  references: string[];
  headers: Record<string, string[]>;
  /** Top-level MIME type, e.g. `multipart/report`, with its parameters. */
  contentType: string;
  /** Plain text body (from the HTML part when there is no text part). */
  text: string;
  html: string | null;
  attachments: AttachmentInfo[];
  /** Size of the raw message in bytes. */
  size: number;
  /** Set when the message could not be parsed (fully): the reason, for reviewers. */
  parseError?: string;
  /** Lower-case MIME types of every body part seen (e.g. `message/delivery-status`), for classification. */
  partTypes?: string[];
  /** Header values cut to their caps before anything read them (facts for the reasons). */
  capped?: string[];
}

export type SignerType = 'organisation' | 'individual';

/** Where a field's value came from, so the review page can highlight it. */
export type FieldSource = 'body' | 'signature' | 'subject' | 'from' | 'reply-to' | 'attachment' | 'domain' | 'header' | 'forwarded';

export interface FieldEvidence {
  source: FieldSource;
  /** 0..1: how sure the extractor is. */
  confidence: number;
  /** The text the value was read from, when there is one. */
  snippet?: string;
}

export interface ExtractedEndorsement {
  signerType: SignerType;
  organisation: string | null;
  name: string | null;
  country: string | null;
  website: string | null;
  contactName: string | null;
  contactEmail: string | null;
  /**
   * Other forms of the name the message itself uses (a translation or an acronym in parentheses, the
   * name in another script): shown to reviewers, never published.
   */
  aliases?: string[];
  /** Per-field evidence, keyed by field name. */
  evidence: Partial<Record<'organisation' | 'name' | 'country' | 'website' | 'contactName' | 'contactEmail', FieldEvidence>>;
}

/** An endorsement as printed and exported: every field but the evidence. */
export type PublicEndorsement = Omit<ExtractedEndorsement, 'evidence'>;

/** One piece of evidence for a decision: a named signal, its weight in the sum, and the words that showed it. */
export interface Signal {
  name: string;
  weight: number;
  text?: string;
}

/** What the core decided about one message. */
export interface Analysis {
  kind: Kind;
  /** True only when an automatic acknowledgement is due (the reply policy adds rate limits on top). */
  acknowledge: boolean;
  /** ISO 639-1 code of the human-written text, or null when unknown. */
  language: string | null;
  endorsements: ExtractedEndorsement[];
  /** Human-readable reasons for the decision, shown to reviewers and printed by `extract`. */
  reasons: string[];
  /** The weighed evidence behind the kind (intent scoring), for reviewers and for tuning. */
  signals?: Signal[];
  /** Set when the message could not be read fully; the message stays visible for review. */
  error?: string;
  /** Notes for reviewers, e.g. "endorsement may be in the attachment". */
  notes: string[];
  /** The sentences of the sender's own words that ask something (a person should answer them). */
  asked?: string[];
}

/** What understanding may use of the appeal profile: its names, as evidence that a mail refers to it. */
export interface AppealEvidence {
  /** The appeal's title in each language it was published in, e.g. "Stop the Russian war of aggression! Peace for Ukraine!". */
  titles: string[];
  /** Short names and keywords people use for it ("Peace for Ukraine", "Stop the war appeal"). */
  keywords: string[];
}

/** What the core needs to know about us: our own addresses, to avoid loops, and the appeal itself. */
export interface AnalysisContext {
  /** Our own addresses (lower-case), e.g. the FROM_ADDRESS and IMAP_USER. */
  ownAddresses: string[];
  /** Domains of our own Message-IDs, e.g. `example.org`. */
  ownDomains: string[];
  /** The appeal's titles and keywords (from the appeal profile), when known. */
  appeal?: AppealEvidence;
}

/**
 * What the extractor reads: the message, its decided kind, and its text already split by
 * `text.ts` into the new words (quotes, forwarded headers and disclaimers removed) and the signature.
 */
export interface ExtractInput {
  mail: InboundMail;
  kind: Kind;
  language: string | null;
  /** The sender's own new text, without quoted replies, signature or disclaimers. */
  body: string;
  /** The signature block (kept for names, websites, addresses), or ''. */
  signature: string;
  /** For a forwarded message: the original sender and the forwarded text. */
  forwarded: { from: Address | null; text: string } | null;
  /** Text read from attachments (PDF letters), or ''. */
  attachmentText: string;
}
