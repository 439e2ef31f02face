/** Entry point: intake workers alone (stateless: run as many as you like). */
import { runForever } from '../src/commands/worker';
import { withContainer } from '../src/commands/context';
import { exitOnFailure } from './exit';

exitOnFailure(withContainer((c) => runForever(c, { watcher: false, intake: true, reply: false })));
