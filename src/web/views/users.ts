/** The admins' account page: one row per account, its role as a small form, and a revoke button. */
import type { AccountSummary } from '../../users/accounts';
import { html, type Html } from '../html';
import { csrfField } from './layout';

/** The page body. */
export function usersBody(accounts: AccountSummary[], me: string, csrf: string | null, notice?: string): Html {
  const rows = accounts.map((a) => html`<tr>
<td>${a.name}${a.name === me ? html` <span class="muted">(you)</span>` : ''}</td>
<td><form method="post" action="/admin/users/${encodeURIComponent(a.name)}/role" class="inline">${csrfField(csrf)}
<label class="visually-hidden" for="role-${a.name}">Role of ${a.name}</label>
<select name="role" id="role-${a.name}">${(['organiser', 'admin'] as const).map((r) => html`<option value="${r}"${a.role === r ? html` selected` : ''}>${r}</option>`)}</select>
<button type="submit">Change</button></form></td>
<td>${a.createdAt?.slice(0, 10) ?? '-'}</td><td>${String(a.sessions)}</td><td>${String(a.tokens)}</td>
<td>${a.locked ? html`revoked ${a.revokedAt?.slice(0, 16).replace('T', ' ') ?? ''}` : 'active'}</td>
<td>${a.locked ? '' : html`<form method="post" action="/admin/users/${encodeURIComponent(a.name)}/revoke" class="inline">${csrfField(csrf)}<button type="submit">Revoke</button></form>`}</td>
</tr>`);
  return html`<h1>Accounts</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<p class="muted">Organisers review, answer and publish; admins also manage accounts and see the job dashboard.
New accounts and passwords: <code>endorse users add NAME [--role admin]</code> on the server.</p>
<table class="accounts"><thead><tr><th>name</th><th>role</th><th>created</th><th>sessions</th><th>API tokens</th><th>state</th><th></th></tr></thead>
<tbody>${rows}</tbody></table>`;
}
