/**
 * The kind of a message, with the reasons a reviewer sees. Machine mail is recognised first from
 * headers and structure (automated.ts); only mail a person wrote is read for intent (intent.ts), and
 * then only the sender's own words, so quoted calls and acknowledgements cannot pass for new intent.
 */
import { awayUntil, detectMachine } from './automated';
import { impersonatedService } from './impersonation';
import { askedSentences } from './asked';
import { readIntent } from './intent';
import type { SplitText } from './text';
import type { AppealEvidence, InboundMail, Kind, Signal } from './types';

export interface Classification {
  kind: Kind;
  reasons: string[];
  /** True when a machine wrote the message (bounce, auto-reply, bulk): never acknowledged. */
  machine: boolean;
  /** 0..1: how sure the decision is. */
  confidence: number;
  /** The weighed evidence of intent scoring, when a person's words were read. */
  signals?: Signal[];
  /** The sentences of the sender's own words that ask something, when a person's words were read. */
  asked?: string[];
}

export interface ClassifyInput {
  mail: InboundMail;
  split: SplitText;
  /** Text of attached letters (PDF), read as the sender's own words. */
  attachmentText: string;
  /** A forwarded original's text (inline or attached), also read for intent. */
  forwardedText: string;
  /** Our own addresses: bulk mail not addressed to them is not read as a personal endorsement. */
  ownAddresses?: string[];
  /** The appeal's titles and short names, as evidence that a mail is about it. */
  appeal?: AppealEvidence;
  /** The language detected for the sender's words, asked for only when they are read for intent. */
  language?: () => string | null;
}

function addressedToUs(mail: InboundMail, own: string[] | undefined): boolean {
  if (!own?.length) return true;
  const set = new Set(own.map((a) => a.toLowerCase()));
  return [...mail.to, ...mail.cc].some((a) => set.has(a.address));
}

function spamHeader(mail: InboundMail): string | null {
  const flag = (mail.headers['x-spam-flag']?.[0] ?? '').trim().toLowerCase();
  if (flag.startsWith('yes')) return 'X-Spam-Flag: YES';
  const status = (mail.headers['x-spam-status']?.[0] ?? '').trim().toLowerCase();
  if (status.startsWith('yes')) return 'X-Spam-Status: Yes';
  return null;
}

/**
 * The sender's own words. A message that is nothing but a header block and its text (a website form
 * relaying "From: ... Subject: ... Message Body: ...", a forward without a comment) has no new words
 * before the block: then the block's text is what the sender says. A reply's quote never counts.
 */
export function ownWords(mail: InboundMail, split: SplitText): string {
  const own = split.body || split.signature;
  if (own.trim() || !split.quoted.trim() || mail.inReplyTo || /^\s*(?:re|aw|sv|antw|odp|r)\s*:/i.test(mail.subject)) return own;
  const startsWithHeader = /^\s*[\p{L}-]{2,20}\s?:[ \t]*\S/u.test(mail.text) && !/^\s*>/.test(split.quoted);
  return startsWithHeader ? split.quoted : own;
}

/** Decide the kind of one message. Pure; never throws on well-formed input. */
export function classifyMail(input: ClassifyInput): Classification {
  const { mail, split } = input;
  const own = ownWords(mail, split);
  const { verdict, weak } = detectMachine(mail, { text: mail.text.slice(0, 20_000), newText: own.slice(0, 5_000) });
  if (verdict) return { kind: verdict.kind, reasons: verdict.reasons, machine: true, confidence: 0.95 };

  const spam = spamHeader(mail);
  if (spam) return { kind: 'spam', reasons: [spam], machine: false, confidence: 0.9 };
  const posing = impersonatedService(mail.from);
  if (posing) return { kind: 'spam', reasons: [`poses as a service: ${posing}`], machine: false, confidence: 0.85 };

  if (!own.trim() && !input.attachmentText.trim() && !input.forwardedText.trim() && !mail.subject.trim()) {
    const reasons = [mail.parseError ? `unreadable message: ${mail.parseError}` : 'no text of its own: left for a person'];
    return { kind: 'question', reasons, machine: false, confidence: 0.2 };
  }

  const intent = readIntent({
    subject: mail.subject,
    body: own,
    extra: [input.attachmentText, input.forwardedText].filter(Boolean).join('\n\n'),
    appeal: input.appeal,
    language: input.language?.() ?? null,
  });
  const { signals } = intent;
  // Several bulk-mailer signals and our address not among the recipients: a campaign, whatever it says.
  // So is a long text from a mass mailer even when addressed to us: newsletters list their subscribers
  // in To, while an organisation endorsing through its CRM writes a short note.
  // A bulk mailer's endorsement must be clear: "120 organisations have signed" in a newsletter is not one.
  const campaign = weak.bulk.length >= 2 && (!addressedToUs(mail, input.ownAddresses) || own.length > 1500);
  // Nor may its subject decide: "Endorse our appeal!" heads many a campaign (List-Unsubscribe outranks a subject).
  const bySubject = intent.signals.some((s) => s.name === 'subject-endorses');
  const unclear = intent.confidence < 0.75 || bySubject || intent.signals.some((s) => s.name === 'newsletter-wording');
  if (weak.bulk.length && (campaign || unclear || (intent.kind !== 'endorsement' && intent.kind !== 'withdrawal'))) {
    if (intent.kind === 'spam') return { kind: 'spam', reasons: [...intent.reasons, ...weak.bulk], machine: false, confidence: intent.confidence, signals };
    return { kind: 'bulk', reasons: [...weak.bulk, 'no endorsing or withdrawing wording'], machine: true, confidence: 0.7 };
  }
  // A long circular that asks nothing, sent to others with us in Bcc, is a newsletter without list headers.
  if (intent.kind === 'question' && intent.confidence <= 0.3 && own.length > 800 && input.ownAddresses?.length && !addressedToUs(mail, input.ownAddresses)) {
    return { kind: 'bulk', reasons: ['a long circular not addressed to us that asks nothing'], machine: true, confidence: 0.5 };
  }
  if (intent.kind === 'question' && !weak.auto.length && ((own.length < 1500 && awayUntil(own)) || awayUntil(mail.subject))) weak.auto.push('out-of-office wording');
  if (weak.auto.length && intent.kind === 'question') return { kind: 'auto_reply', reasons: weak.auto, machine: true, confidence: 0.6 };
  // A discussion list's copy of a member's post: only a clear endorsement or withdrawal makes it more than list traffic.
  if (weak.relay.length && (intent.kind === 'question' || intent.kind === 'spam' || intent.confidence < 0.8)) {
    return { kind: 'bulk', reasons: [...weak.relay, 'list traffic without a clear endorsement'], machine: true, confidence: 0.6 };
  }
  const asked = askedSentences(own);
  if (weak.relay.length) return { kind: intent.kind, reasons: [...intent.reasons, weak.relay[0]!], machine: false, confidence: intent.confidence, signals, asked };
  const reasons = weak.bulk.length ? [...intent.reasons, `sent through a bulk mailer (${weak.bulk.join('; ')}), read as a person's message`] : intent.reasons;
  return { kind: intent.kind, reasons, machine: false, confidence: intent.confidence, signals, asked };
}
