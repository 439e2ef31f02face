/**
 * The message as the signer wrote it, before names are read: a website contact form's fields
 * instead of the relay that sent them, no forwarded part when what is forwarded is our own mail (our
 * acknowledgement passed on to another group), and the sender of a forwarded header block in a
 * language the splitter has no labels for.
 */
import { readFormRelay, type FormRelay } from './form-relay';
import { parseAddress, splitMessage } from './text';
import type { Address, ExtractInput } from './types';

/** Lines of a forwarded text that name one of `addresses` as a sender: a header block of our own mail. */
function forwardsOurs(text: string, addresses: string[]): boolean {
  // Spaces and '>' of the line itself: a run of blank lines before it made each line start rescan the run.
  const from = /^(?:[^\S\n\r\u2028\u2029]|>)*(?:from|von|de|da|od|van|från|fra|от|від|lähettäjä|feladó|kimden)\s*[:：](.*)$/gimu;
  for (const m of text.slice(0, 50_000).matchAll(from)) if (addresses.some((a) => m[1]!.toLowerCase().includes(a))) return true;
  return false;
}

/**
 * The message as the signer wrote it: a contact form's fields instead of the relay, and no forwarded
 * part when what is forwarded is our own mail (our acknowledgement passed on to another group).
 */
export function readable(input: ExtractInput): { input: ExtractInput; form: FormRelay | null } {
  const form = readFormRelay(input.mail);
  if (form) {
    const split = splitMessage(form.message);
    const mail = { ...input.mail, from: form.from ?? input.mail.from, replyTo: form.from ?? input.mail.replyTo };
    return { input: { ...input, mail, body: split.body, signature: split.signature, forwarded: null }, form };
  }
  const ours = [...input.mail.to, ...input.mail.cc].map((a) => a.address.toLowerCase()).filter(Boolean);
  const fwd = input.forwarded ? { ...input.forwarded, from: input.forwarded.from ?? headerSender(input.forwarded.text) } : null;
  if (fwd && ours.length && (ours.includes(fwd.from?.address?.toLowerCase() ?? '') || forwardsOurs(fwd.text, ours))) {
    return { input: { ...input, forwarded: null }, form: null };
  }
  return { input: { ...input, forwarded: fwd }, form: null };
}

/** A header block in a language the splitter has no label for ("Dari: X <x@y>"): its first address is the sender. */
function headerSender(text: string): Address | null {
  const head: string[] = [];
  for (const l of text.split('\n', 8)) {
    if (!l.trim()) break;
    head.push(l);
  }
  const line = head.find((l) => /^[\p{L} .-]{1,24}[:：]\s*\S.*@/u.test(l));
  return line ? parseAddress(line.slice(line.search(/[:：]/) + 1)) : null;
}
