/**
 * The analysis entry point: one parsed message in, one decision out (kind, whether to acknowledge,
 * language, endorsements, reasons). Pure and synchronous so the intake worker, `endorse extract` and
 * the eval all decide alike; it never throws, because one odd message must not stop the queue.
 */
import { isUnreplyableAddress } from './automated';
import { classifyMail, ownWords, type Classification } from './classify';
import { extractEndorsements } from './extract';
import { detectLanguage } from './language';
import { splitMessage, type SplitText } from './text';
import type { Address, Analysis, AnalysisContext, ExtractedEndorsement, InboundMail } from './types';

/** Attachments a person may have to open: letters and scans we cannot read. */
const UNREAD_ATTACHMENT = /(?:msword|wordprocessingml|opendocument|rtf|^image\/|pages|application\/octet-stream)/i;
const UNREAD_NAME = /\.(?:docx?|odt|rtf|pages|jpe?g|png|gif|tiff?|heic|webp)$/i;

type Forwarded = { from: Address | null; text: string } | null;

/** The forwarded original: a forward inline in the text, or an attached message/rfc822. */
export function forwardedOf(mail: InboundMail, split: SplitText): Forwarded {
  if (split.forwarded) return split.forwarded;
  const att = mail.attachments.find((a) => a.message && a.message.text.trim());
  if (!att?.message) return null;
  return { from: att.message.replyTo ?? att.message.from, text: att.message.text };
}

/** Text read from the attachments (letters), capped. */
export function attachmentText(mail: InboundMail): string {
  return mail.attachments
    .map((a) => a.text ?? '')
    .filter((t) => t.trim())
    .join('\n\n')
    .slice(0, 100_000);
}

/** The language of a person's words: for a forward of someone else's mail, of the forwarded original (the labelling convention). */
function humanLanguage(mail: InboundMail, split: SplitText, fwd: Forwarded, attText: string, ctx: AnalysisContext): string | null {
  // Forwarding our own mail on ("see what they sent us") says nothing about the sender's language.
  const oursForwarded = !!fwd?.from && ctx.ownAddresses.includes(fwd.from.address);
  if (fwd && fwd.text.trim() && !oursForwarded) return detectLanguage(fwd.text);
  const body = ownWords(mail, split) === split.quoted && split.quoted ? split.quoted : split.body;
  // A reply's subject is usually ours: it says nothing of the sender's language.
  const subject = /^\s*(?:re|aw|sv|antw|odp|ynt|r|ris|res|vs|απ)\s*:/i.test(mail.subject) ? '' : mail.subject;
  const own = body.length >= 20 ? body : `${subject}\n${body}\n${split.signature}`;
  return detectLanguage(own.trim().length >= 10 ? own : `${own}\n${attText}`);
}

/** local@domain.tld, checked without a backtracking pattern (addresses can be arbitrarily long). */
function isMailbox(a: string): boolean {
  const at = a.indexOf('@');
  const domain = a.slice(at + 1);
  return at > 0 && at === a.lastIndexOf('@') && a.length <= 320 && !/\s/.test(a) && domain.includes('.') && !domain.startsWith('.') && !domain.endsWith('.');
}

/** Why no acknowledgement may go out, or null when one may. */
function ackBlocker(mail: InboundMail, split: SplitText, ctx: AnalysisContext, c: Classification, fwd: Forwarded): string | null {
  if (c.kind !== 'endorsement' && c.kind !== 'withdrawal') return 'only endorsements and withdrawals are acknowledged';
  if (c.machine) return 'machine mail is never acknowledged';
  if (mail.parseError) return 'the message could not be read fully';
  const own = new Set(ctx.ownAddresses.map((a) => a.toLowerCase()));
  const ownDomains = new Set(ctx.ownDomains.map((d) => d.toLowerCase()));
  // Our own website's contact form sends from our domain on behalf of the Reply-To: that person is the sender.
  const formRelay = !mail.inReplyTo && ownWords(mail, split) === split.quoted && !!split.quoted && !!mail.replyTo;
  const senders = [formRelay ? null : mail.from?.address, mail.replyTo?.address].filter((a): a is string => !!a);
  for (const a of senders) {
    if (own.has(a) || ownDomains.has(a.split('@')[1] ?? '')) return `sender ${a} is our own address`;
    if (isUnreplyableAddress(a)) return `sender ${a} does not take replies`;
  }
  const target = fwd?.from?.address ?? mail.replyTo?.address ?? mail.from?.address;
  if (!target || !isMailbox(target)) return 'no usable reply address';
  if (own.has(target) || isUnreplyableAddress(target)) return `reply address ${target} does not take replies`;
  return null;
}

function notesFor(mail: InboundMail, c: Classification, endorsements: ExtractedEndorsement[]): string[] {
  // Whatever the kind, a reviewer must see why a letter stayed closed: it may be the whole message.
  const notes = mail.attachments
    .filter((a) => a.textError)
    .map((a) => `attachment ${JSON.stringify((a.filename ?? a.contentType).slice(0, 80))} could not be read: ${a.textError}`);
  if (c.kind !== 'endorsement' && c.kind !== 'withdrawal') return notes;
  // A signer guessed from an address's local part ("info") is not a signer found.
  const signerFound = endorsements.some((e) => {
    const ev = e.evidence.organisation ?? e.evidence.name;
    return !!(e.organisation || e.name) && (ev?.confidence ?? 1) >= 0.5;
  });
  const unread = mail.attachments.some(
    (a) => !a.message && !a.text && (!!a.textError || UNREAD_ATTACHMENT.test(a.contentType) || UNREAD_NAME.test(a.filename ?? '')),
  );
  if (!signerFound && unread) notes.push('endorsement may be in the attachment');
  if (c.reasons.some((r) => r.startsWith('also asks'))) notes.push('the sender also asks something: answer personally');
  return notes;
}

function failed(err: unknown): Analysis {
  const error = `analysis failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300);
  return { kind: 'question', acknowledge: false, language: null, endorsements: [], reasons: [error], error, notes: [] };
}

/**
 * Analyse one message. Pure, synchronous and total: on any internal failure, and for a message the
 * parser could not read (`parseError`), it returns kind `question`, `acknowledge: false` and `error`,
 * so the message stays visible for review.
 */
export function analyzeMail(mail: InboundMail, ctx: AnalysisContext): Analysis {
  try {
    const split = splitMessage(mail.text, { subject: mail.subject });
    const fwd = forwardedOf(mail, split);
    const attText = attachmentText(mail);
    // Detection costs: it runs once, and only for mail whose words are read for intent.
    let human: string | null | undefined;
    const humanOnce = () => (human === undefined ? (human = humanLanguage(mail, split, fwd, attText, ctx)) : human);
    const c = classifyMail({ mail, split, attachmentText: attText, forwardedText: fwd?.text ?? '', ownAddresses: ctx.ownAddresses, appeal: ctx.appeal, language: humanOnce });
    const language = c.machine ? detectLanguage(split.body || mail.text) : humanOnce();
    if (mail.parseError) {
      // An unreadable message goes to a person as a question (CONTRACT.md), with what the headers suggest.
      const notes = c.kind === 'question' ? [] : [`the headers suggest ${c.kind}: ${c.reasons.join('; ')}`];
      return { kind: 'question', acknowledge: false, language, endorsements: [], reasons: [mail.parseError], error: mail.parseError, notes };
    }
    let endorsements: ExtractedEndorsement[] = [];
    const reasons = [...c.reasons];
    if (c.kind === 'endorsement' || c.kind === 'withdrawal') {
      try {
        endorsements = extractEndorsements({ mail, kind: c.kind, language, body: split.body, signature: split.signature, forwarded: fwd, attachmentText: attText });
      } catch (err) {
        reasons.push(`extraction failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const blocker = ackBlocker(mail, split, ctx, c, fwd);
    if (blocker && (c.kind === 'endorsement' || c.kind === 'withdrawal')) reasons.push(`no acknowledgement: ${blocker}`);
    const signals = c.signals?.length ? { signals: c.signals } : {};
    const asked = c.asked?.length ? { asked: c.asked } : {};
    return { kind: c.kind, acknowledge: blocker === null, language, endorsements, reasons, ...signals, ...asked, notes: notesFor(mail, c, endorsements) };
  } catch (err) {
    return failed(err);
  }
}
