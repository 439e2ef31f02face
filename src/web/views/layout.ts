/**
 * The page shell every review page shares: head, navigation, our stylesheet and script (served
 * from /assets, so the CSP needs no inline code), and the CSRF token for the forms on the page.
 */
import { html, type Html } from '../html';
import { pageCounts } from '../page-counts';

/** What the shell needs to know about the page and who is looking. */
export interface PageContext {
  title: string;
  appeal: string;
  user: string | null;
  csrf: string | null;
  /** Which navigation entry is current. */
  nav?: 'queue' | 'messages' | 'questions' | 'export' | 'admin' | 'users' | 'dashboard';
  /** The viewer is an admin: the account and job pages are linked. */
  admin?: boolean;
}

/** A whole HTML document around `body`. */
export function layout(ctx: PageContext, body: Html): Html {
  const link = (id: PageContext['nav'], path: string, label: string) =>
    html`<a href="${path}"${ctx.nav === id ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${ctx.title} · ${ctx.appeal}</title>
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<header class="top">
  <strong class="appeal">${ctx.appeal}</strong>
  ${ctx.user ? html`<nav>${link('queue', '/', 'Queue')} ${link('messages', '/messages', 'Messages')} ${questionsLink(link)} ${link('export', '/export', 'Publish')} ${link('dashboard', '/dashboard', 'Dashboard')}${ctx.admin ? html` <span class="admin-nav">${link('users', '/admin/users', 'Accounts')} ${link('admin', '/admin/queues', 'Jobs (developers)')}</span>` : ''}</nav>
  <form method="post" action="/logout" class="logout">${csrfField(ctx.csrf)}<span>${ctx.user}</span> <button type="submit">Log out</button></form>` : ''}
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

/** "Questions (3 open)" with the count of the page's request (page-counts.ts), when known. */
function questionsLink(link: (id: PageContext['nav'], path: string, label: string) => Html): Html {
  const open = pageCounts().openQuestions;
  return link('questions', '/questions', open === undefined ? 'Questions' : `Questions (${open} open)`);
}

/** The hidden CSRF field for a form. */
export function csrfField(token: string | null): Html {
  return token ? html`<input type="hidden" name="_csrf" value="${token}">` : html``;
}

/**
 * `page` with a banner under its header naming each broken connection ("IMAP login failed since
 * 10:02 UTC: …"). Applied to every HTML answer by the app (app.ts), so no page has to ask for it.
 */
export function withAlerts(page: string, lines: readonly string[]): string {
  if (!lines.length) return page;
  const banner = html`<div class="alert" role="alert">${lines.map((l) => html`<p>${l}</p>`)}</div>`;
  const at = page.indexOf('</header>');
  return at < 0 ? page : `${page.slice(0, at + 9)}\n${banner.value}${page.slice(at + 9)}`;
}
