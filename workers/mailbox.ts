/** Entry point: the mailbox watcher alone (one per mailbox holds the lease; extra copies wait). */
import { runForever } from '../src/commands/worker';
import { withContainer } from '../src/commands/context';
import { exitOnFailure } from './exit';

exitOnFailure(withContainer((c) => runForever(c, { watcher: true, intake: false, reply: false })));
