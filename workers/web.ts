/** Entry point: the review web page and JSON API alone (what `endorse web` runs). */
import { withContainer } from '../src/commands/context';
import { serveWeb } from '../src/commands/web';
import { exitOnFailure } from './exit';

exitOnFailure(withContainer(serveWeb));
