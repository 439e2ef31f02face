/** `endorse messages [--json]`: every message taken in, as JSON or a table for people. */
import { messagesJson } from '../review/export';
import { withContainer } from './context';

export async function messagesCommand(json: boolean): Promise<void> {
  await withContainer(async (c) => {
    const records = messagesJson(await c.store.listMessages());
    if (json) {
      process.stdout.write(JSON.stringify(records, null, 2) + '\n');
      return;
    }
    for (const r of records) {
      const ack = r.acknowledged ? 'acked' : '-';
      process.stdout.write(`${r.receivedAt}  ${r.kind.padEnd(11)} ${ack.padEnd(5)} ${(r.folder ?? '(inbox)').padEnd(12)} ${r.from ?? '?'}  ${r.subject}\n`);
    }
    process.stderr.write(`${records.length} message(s)\n`);
  });
}
