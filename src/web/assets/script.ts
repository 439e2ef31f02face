/**
 * The review page's only script (keyboard triage, and the item page's presence mark), as a module so
 * it is built into dist/ with the code. Served at /assets/app.js; plain ES5 so every browser a
 * reviewer has runs it.
 */

/** The script's text. */
export const APP_JS = `/* Keyboard triage for the review pages: j/k next/previous (row, or item on the item page), a approve,
   r reject (asks a reason), e edit, x select for bulk approval, o/Enter open; Enter on a focused link or
   button is left to it. The item page also tells the server every 10 s that it is open and shows who
   else has it open. Served from /assets so the CSP allows no inline script. */
(function () {
  'use strict';
  function typing(e) {
    var t = e.target;
    return t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
  }
  function submitWith(button, reason) {
    if (!button) return;
    var form = button.form;
    if (reason !== undefined && form) {
      var r = form.querySelector('input[name="reason"]');
      if (r) r.value = reason;
    }
    button.click();
  }
  function askReason() {
    var r = window.prompt('Reason for rejecting (optional):', '');
    return r === null ? null : r;
  }

  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-id]'));
  // By path only: after an action the page comes back with other query parameters (done=...), and the
  // row at the same position is then the next item to look at.
  var key = 'endorse-sel:' + location.pathname;
  var cur = -1;
  function select(i) {
    if (rows.length === 0) return;
    i = Math.max(0, Math.min(rows.length - 1, i));
    if (cur >= 0 && rows[cur]) rows[cur].classList.remove('current');
    cur = i;
    rows[cur].classList.add('current');
    rows[cur].scrollIntoView({ block: 'nearest' });
    try { sessionStorage.setItem(key, String(cur)); } catch (e) { /* storage off */ }
  }
  if (rows.length) {
    var saved = 0;
    try { saved = Number(sessionStorage.getItem(key) || 0); } catch (e) { saved = 0; }
    select(isFinite(saved) ? saved : 0);
    rows.forEach(function (row, i) { row.addEventListener('click', function () { select(i); }); });
  }
  function row() { return cur >= 0 ? rows[cur] : null; }
  // Enter belongs to a focused link, button or field: only on the page itself does it open the row.
  function focusable(t) {
    return t && t !== document.body && t.closest && t.closest('a[href], button, input, select, textarea, summary, [tabindex]');
  }
  function follow(rel) {
    var a = document.querySelector('.pager a[rel="' + rel + '"]');
    if (a) a.click();
  }

  var itemPage = document.querySelector('[data-item-page][data-presence-url]');
  if (itemPage && window.fetch) {
    var here = itemPage.querySelector('[data-presence]');
    var token = document.querySelector('input[name="_csrf"]');
    var markedAt = itemPage.getAttribute('data-presence-at');
    var ping = function () {
      fetch(itemPage.getAttribute('data-presence-url'), {
        method: 'POST', credentials: 'same-origin',
        headers: { 'X-CSRF-Token': token ? token.value : '', 'Content-Type': 'application/json' }, body: '{}'
      }).then(function (res) { return res.ok ? res.json() : null; }).then(function (data) {
        if (!data) return;
        if (data.at) markedAt = String(data.at);
        if (!here) return;
        var others = data.others || [];
        here.textContent = others.length ? others.join(', ') + (others.length > 1 ? ' are' : ' is') + ' looking at this item.' : '';
      }).catch(function () { /* offline for a moment: the next ping tries again */ });
    };
    setInterval(ping, 10000);
    // A beacon cannot set headers: the token goes in the form body, as a form's would. It names this
    // page's own mark, so it cannot take off the mark of the page that replaces it (the same item after a save).
    window.addEventListener('pagehide', function () {
      if (navigator.sendBeacon && token && markedAt) navigator.sendBeacon(itemPage.getAttribute('data-presence-url'), new URLSearchParams({ _csrf: token.value, leave: markedAt }));
    });
  }

  var selectAll = document.getElementById('select-all');
  if (selectAll) selectAll.addEventListener('change', function () {
    document.querySelectorAll('input[name="id"]').forEach(function (b) { b.checked = selectAll.checked; });
  });

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e)) return;
    var r = row();
    var page = document.body.querySelector('[data-item-page]');
    switch (e.key) {
      case 'j': if (rows.length) select(cur + 1); else follow('next'); break;
      case 'k': if (rows.length) select(cur - 1); else follow('prev'); break;
      case 'Enter': if (focusable(e.target)) return; // falls through to open the row
      case 'o': if (r) { var a = r.querySelector('a.open'); if (a) a.click(); } else return; break;
      case 'x': if (r) { var b = r.querySelector('input[name="id"]'); if (b) b.checked = !b.checked; } break;
      case 'a':
        submitWith(r ? r.querySelector('button[value="approve"]') : page && page.querySelector('button[value="approve"]'));
        break;
      case 'r': {
        var btn = r ? r.querySelector('button[value="reject"]') : page && page.querySelector('button[value="reject"]');
        if (!btn) return;
        var reason = askReason();
        if (reason !== null) submitWith(btn, reason);
        break;
      }
      case 'e':
        if (r) { var ed = r.querySelector('a.edit'); if (ed) ed.click(); }
        else { var f = document.querySelector('#edit input:not([type="hidden"])'); if (f) f.focus(); }
        break;
      default: return;
    }
    e.preventDefault();
  });
})();
`;
