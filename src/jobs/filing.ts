/**
 * Where a processed message is filed: endorsements and withdrawals to one folder, machine mail to
 * another, spam to Junk; questions (and anything unreadable) stay in the inbox for a person.
 */
import type { Kind } from '../mail/types';

export interface Folders {
  endorsements: string;
  automated: string;
  junk: string;
}

/** The folder for a kind, or null to leave the message where it is. */
export function folderFor(kind: Kind, folders: Folders, failed = false): string | null {
  if (failed) return null;
  switch (kind) {
    case 'endorsement':
    case 'withdrawal':
      return folders.endorsements;
    case 'auto_reply':
    case 'bounce':
    case 'bulk':
      return folders.automated;
    case 'spam':
      return folders.junk;
    case 'question':
      return null;
  }
}
