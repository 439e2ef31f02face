/**
 * The mailbox's folders by role (RFC 6154): one LIST at start finds the server's own Sent, Junk,
 * Archive and Drafts folders (`Sent Items`, `[Gmail]/Spam`, `Gesendet`...), so we file into them
 * instead of creating `Sent` and `Junk` beside them. Only a folder that has neither a name set by the
 * organisers nor a role match is created, and a CREATE the server refuses is checked by listing again,
 * since some servers say "already exists" without RFC 5530's [ALREADYEXISTS] code.
 */
import type { ImapFlow, ListResponse } from 'imapflow';

/** The RFC 6154 roles we look for. */
export type FolderRole = 'sent' | 'junk' | 'archive' | 'drafts';

const ROLE_FLAG: Record<FolderRole, string> = { sent: '\\Sent', junk: '\\Junk', archive: '\\Archive', drafts: '\\Drafts' };

/** One folder we need: `name` is what we call it (and create when needed). */
export interface FolderWant {
  name: string;
  /** The role whose folder stands in for it, unless `explicit`. */
  role?: FolderRole;
  /** The organisers named it: used as is, never swapped for a role folder. */
  explicit?: boolean;
}

/** What resolving found. */
export interface FolderResolution {
  /** Each wanted name -> the server's path of the folder to use. */
  paths: Map<string, string>;
  /** Each wanted name the server would not create -> why, naming the folder. */
  errors: Map<string, string>;
  /** The role folders the server has (path by role). */
  roles: Partial<Record<FolderRole, string>>;
  /** The folders created now. */
  created: string[];
}

/** The role folders in a LIST answer (imapflow marks each role once: RFC 6154 flags first, then names). */
export function roleFolders(list: readonly Pick<ListResponse, 'path' | 'specialUse'>[]): Partial<Record<FolderRole, string>> {
  const out: Partial<Record<FolderRole, string>> = {};
  for (const role of Object.keys(ROLE_FLAG) as FolderRole[]) {
    const hit = list.find((f) => f.specialUse === ROLE_FLAG[role]);
    if (hit) out[role] = hit.path;
  }
  return out;
}

/** The listed path of `name`, with or without the personal namespace's prefix (`INBOX.` on Courier). */
function listedPath(paths: Set<string>, name: string, prefix: string): string | undefined {
  if (name.toUpperCase() === 'INBOX') return 'INBOX';
  if (paths.has(name)) return name;
  if (prefix && paths.has(prefix + name)) return prefix + name;
  return undefined;
}

interface ImapError extends Error {
  responseText?: string;
}

/**
 * Find or create each wanted folder: LIST once, use a role folder where one stands in, CREATE only
 * what is still missing, and LIST again after a refused CREATE (the folder may exist after all).
 * A folder that cannot be had is reported in `errors`, not thrown: filing to it fails, intake goes on.
 * @param hints folder names by role that the provider is known to use (imapflow's specialUseHints),
 *   for servers that do not flag their folders
 * @throws only when LIST itself fails (a connection problem: the caller retries)
 */
export async function resolveFolders(
  client: ImapFlow, wants: readonly FolderWant[], hints: Partial<Record<FolderRole, string>> = {},
): Promise<FolderResolution> {
  const list = async () => client.list({ specialUseHints: hints });
  const listed = await list();
  const roles = roleFolders(listed);
  let paths = new Set(listed.map((f) => f.path));
  const prefix = client.namespace?.prefix ?? '';
  const result: FolderResolution = { paths: new Map(), errors: new Map(), roles, created: [] };
  for (const want of wants) {
    const byRole = !want.explicit && want.role ? roles[want.role] : undefined;
    const found = byRole ?? listedPath(paths, want.name, prefix);
    if (found) {
      result.paths.set(want.name, found);
      continue;
    }
    try {
      const r = await client.mailboxCreate(want.name);
      result.paths.set(want.name, r.path);
      if (r.created) result.created.push(r.path);
    } catch (err) {
      if (!client.usable) throw err;
      // Outlook- and Courier-style servers answer NO without a code when the folder exists.
      paths = new Set((await list()).map((f) => f.path));
      const now = listedPath(paths, want.name, prefix);
      if (now) result.paths.set(want.name, now);
      else result.errors.set(want.name, `the server refused to create folder "${want.name}": ${(err as ImapError).responseText ?? (err as Error).message}`);
    }
  }
  return result;
}
