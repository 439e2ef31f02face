/**
 * Fault suite, the mailbox (issue 12): INBOX's UIDVALIDITY changes mid-drain (messages renumbered), and
 * the Maildir's disk fills up mid-drain. Every message must still be taken in once and every message
 * the store calls filed must really be in that folder, as IMAP shows it and as the files on disk do;
 * a move that could not be made must be recorded as a filing failure.
 */
import { canMountDisk, maildirLocations, maildirOf, mountMailDisk, resetUidValidity } from '../helpers/faults';
import { afterFault, startFaultWorld, type FaultWorld } from '../helpers/faults-world';

let w: FaultWorld | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

test('row 7: UIDVALIDITY change mid-drain: intake exact and every message filed where the store says', async () => {
  const t0 = Date.now();
  w = await startFaultWorld();
  // Mid-intake, while taken-in messages wait to be filed under the old UIDVALIDITY.
  const atChange = await w.untilStored(0.4);
  resetUidValidity(w.stack.dovecot.dir, w.stack.dovecot.user);
  const found = await afterFault(w, '7 UIDVALIDITY change mid-drain', t0, { extra: { atChange, sentAtChange: w.dueSent() } });
  expect(found).toEqual([]);
}, 360_000);

test('row 8: Maildir disk full mid-drain: what the store calls filed is in that folder, the rest are filing failures', async () => {
  // Root in this container may loop-mount a disk image; a machine where it cannot fails here rather than skip.
  expect(canMountDisk()).toBe(true);
  const t0 = Date.now();
  let disk: ReturnType<typeof mountMailDisk> | undefined;
  w = await startFaultWorld({
    beforeSeed: (stack) => {
      disk = mountMailDisk(stack.dovecot.dir, stack.dovecot.user, 32);
      return () => disk!.unmount();
    },
  });
  // Mid-intake, while taken-in messages wait to be filed.
  const atFull = await w.untilStored(0.3);
  const filler = disk!.fill();
  const maildir = maildirOf(w.stack.dovecot.dir, w.stack.dovecot.user);
  // The disk stays full until the worker is quiet; then it is freed so IMAP can list every folder,
  // and the files on disk say what really persisted while it was full.
  const found = await afterFault(w, '8 Maildir disk full mid-drain', t0, {
    beforeMeasure: () => disk!.free(),
    onDisk: () => maildirLocations(maildir),
    extra: { atFull, sentAtFull: w.dueSent(), filler },
  });
  expect(found).toEqual([]);
}, 360_000);
