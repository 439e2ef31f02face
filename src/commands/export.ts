/** `endorse export`: endorsements as JSON, CSV or an HTML fragment, on standard output. */
import { toCsv, toHtml, toJson } from '../review/export';
import type { Status } from '../review/types';
import { withContainer } from './context';

export async function exportCommand(format: 'json' | 'csv' | 'html', status: string, language = 'en'): Promise<void> {
  await withContainer(async (c) => {
    const items = await c.store.listItems({ status: status as Status | 'all' });
    const out = format === 'csv' ? toCsv(items) : format === 'html' ? toHtml(items, { language }) : toJson(items);
    process.stdout.write(out.endsWith('\n') ? out : out + '\n');
  });
}
