/** The page shown for an error on a page route (the API answers JSON instead). */
import type { HttpError } from '../errors';
import { html, type Html } from '../html';
import { layout } from './layout';

/** A whole error page with the status and the message that says what is wrong. */
export function errorPage(appeal: string, user: string | null, csrf: string | null, e: HttpError): Html {
  return layout({ title: `Error ${e.statusCode}`, appeal, user, csrf },
    html`<h1>${e.statusCode === 404 ? 'Not found' : 'Something is wrong'}</h1><p class="error">${e.message}</p><p><a href="/">Back to the queue</a></p>`);
}
