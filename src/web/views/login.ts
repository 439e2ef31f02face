/** The login page: the only page a stranger may see. */
import { html, type Html } from '../html';

/** The login form; `error` is shown above it, `next` is where a successful login goes. */
export function loginView(opts: { csrf: string; next: string; error?: string; user?: string }): Html {
  return html`<section class="login">
<h1>Log in</h1>
${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
<form method="post" action="/login">
  <input type="hidden" name="_csrf" value="${opts.csrf}">
  <input type="hidden" name="next" value="${opts.next}">
  <label>User <input name="user" autocomplete="username" required value="${opts.user ?? ''}" autofocus></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Log in</button>
</form>
</section>`;
}
