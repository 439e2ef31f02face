/** Entry point: watcher, intake and reply workers in one process (what `endorse worker` runs). */
import { runForever } from '../src/commands/worker';
import { withContainer } from '../src/commands/context';
import { exitOnFailure } from './exit';

exitOnFailure(withContainer((c) => runForever(c)));
