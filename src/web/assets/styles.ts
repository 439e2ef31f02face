/**
 * The review page's only stylesheet, as a module so it is built into dist/ with the code (the Docker
 * image ships dist/ only). Served at /assets/app.css.
 */

/** The stylesheet's text. */
export const APP_CSS = `/* The review page's only stylesheet: readable on a phone and a laptop, no web fonts, no images. */
:root { --fg: #1d232b; --muted: #5d6875; --line: #d9dee4; --bg: #fff; --soft: #f4f6f8; --accent: #1f5fbf; --ok: #1c7c3c; --bad: #b3261e; --warn: #8a5a00; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
header.top { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .5rem 1rem; border-bottom: 1px solid var(--line); background: var(--soft); }
header.top nav { display: flex; gap: .75rem; flex-wrap: wrap; }
header.top nav a[aria-current] { font-weight: 600; text-decoration: none; color: var(--fg); }
header.top .logout { margin-left: auto; display: flex; gap: .5rem; align-items: center; color: var(--muted); }
main { padding: 1rem; max-width: 80rem; margin: 0 auto; }
h1 { font-size: 1.35rem; margin: .2rem 0 .8rem; }
h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; }
button, .button { font: inherit; padding: .35rem .7rem; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); cursor: pointer; color: var(--fg); text-decoration: none; display: inline-block; }
button.approve { border-color: var(--ok); color: var(--ok); }
button.reject { border-color: var(--bad); color: var(--bad); }
input, select, textarea { font: inherit; padding: .3rem .4rem; border: 1px solid var(--line); border-radius: 4px; max-width: 100%; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: .75rem; }
.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
.counts { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: .5rem 0; padding: 0; list-style: none; }
.counts a[aria-current] { font-weight: 600; color: var(--fg); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .45rem; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
dd { overflow-wrap: anywhere; margin: 0; }
th { font-size: .85rem; color: var(--muted); font-weight: 600; }
tr.current { outline: 2px solid var(--accent); outline-offset: -2px; background: #eef4fd; }
.flag { display: inline-block; font-size: .75rem; padding: 0 .35rem; border-radius: 3px; background: #fff1d6; color: var(--warn); margin-right: .25rem; }
.status { display: inline-block; font-size: .8rem; padding: 0 .4rem; border-radius: 3px; background: var(--soft); }
.status-approved { color: var(--ok); } .status-rejected, .status-withdrawn { color: var(--bad); }
.muted { color: var(--muted); }
.row-actions { white-space: nowrap; }
.bulkbar { display: flex; gap: .5rem; align-items: center; margin: .5rem 0; flex-wrap: wrap; }
.fields { display: grid; grid-template-columns: minmax(8rem, 12rem) 1fr; gap: .5rem 1rem; align-items: start; }
.fields .evidence { grid-column: 2; font-size: .85rem; color: var(--muted); margin-top: -.35rem; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0 1rem; }
.actions form { display: flex; gap: .35rem; align-items: center; }
pre.mail { white-space: pre-wrap; word-wrap: break-word; background: var(--soft); padding: .75rem; border-radius: 4px; max-height: 32rem; overflow: auto; font-size: .9rem; }
pre.mail mark { background: #ffe58a; }
.error { color: var(--bad); }
.notice { background: #e9f5ec; padding: .5rem .75rem; border-radius: 4px; }
.alert { background: #fde8e8; color: var(--bad); padding: .5rem .75rem; border-left: 4px solid var(--bad); }
.alert p { margin: .2rem 0; }
.conflict { background: #fdecea; border-left: 4px solid var(--bad); padding: .5rem .75rem; border-radius: 4px; }
.field-error { color: var(--bad); font-size: .85rem; }
input[aria-invalid="true"] { border-color: var(--bad); }
.presence { color: var(--warn); min-height: 1em; margin: 0; }
form.inline { display: inline; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.login { max-width: 22rem; margin: 3rem auto; }
.login form, .stack { display: flex; flex-direction: column; gap: .6rem; }
.login label { display: flex; flex-direction: column; }
.keys { font-size: .8rem; color: var(--muted); }
kbd { border: 1px solid var(--line); border-radius: 3px; padding: 0 .25rem; font-size: .8rem; }
@media (max-width: 700px) {
  .hide-narrow { display: none; }
  th, td { padding: .3rem .25rem; }
  .fields { grid-template-columns: 1fr; }
  .fields .evidence { grid-column: 1; }
  /* On a phone each queue row is a small card: no sideways scrolling. */
  table.queue, table.queue tbody, table.queue tr, table.queue td { display: block; }
  table.queue thead { display: none; }
  table.queue tr { border-bottom: 1px solid var(--line); padding: .4rem 0; }
  table.queue td { border: 0; padding: .1rem .25rem; }
  table.queue td:first-child { float: right; }
  table.queue td.hide-narrow { display: none; }
  table.queue td:nth-child(3), table.queue td:nth-child(6) { display: inline-block; }
  .row-actions { white-space: normal; }
  header.top .logout { margin-left: 0; }
}
/* Campaign dashboard (views/dashboard.ts): SVG charts coloured by class, as the CSP allows no style attributes. */
.dash-card { margin: 1.2rem 0 2rem; break-inside: avoid; }
.dash-pair { display: flex; flex-wrap: wrap; gap: .5rem 2.5rem; align-items: flex-start; }
.dash-figure { margin: .5rem 0; min-width: 0; max-width: 100%; }
.chart-scroll { overflow-x: auto; max-width: 100%; }
.chart-scroll:focus { outline: 2px solid var(--accent); outline-offset: 2px; }
svg.chart { display: block; max-width: none; font: 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
svg.chart text { fill: var(--fg); }
svg.chart .chart-axis { fill: var(--muted); font-size: 11px; }
svg.chart .chart-grid { stroke: var(--line); stroke-width: 1; }
.chart-received { fill: #9fbde8; background: #9fbde8; }
.chart-approved { fill: var(--ok); background: var(--ok); }
.chart-bar { fill: var(--accent); background: var(--accent); }
.chart-ok { fill: var(--ok); background: var(--ok); }
.chart-muted { fill: #9aa3ad; background: #9aa3ad; }
.chart-bad { fill: var(--bad); background: var(--bad); }
.chart-warn { fill: #d99a1e; background: #d99a1e; }
.legend { white-space: nowrap; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; vertical-align: -.05em; margin-left: .4em; }
table.dash-table { width: auto; min-width: 20rem; margin-top: .5rem; }
table.dash-table caption { text-align: left; font-weight: 600; padding: .25rem 0; }
table.dash-table th, table.dash-table td { overflow-wrap: normal; }
table.dash-table .num { text-align: right; font-variant-numeric: tabular-nums; }
.dash-table-box { max-width: 100%; overflow-x: auto; }
.dash-table-box:focus { outline: 2px solid var(--accent); outline-offset: 2px; }
#per-day-card .dash-table-box { max-height: 22rem; overflow-y: auto; }
@media print {
  header.top nav, header.top .logout, .dash-tz { display: none; }
  .chart-scroll { overflow: visible; }
  .dash-table-box, #per-day-card .dash-table-box { max-height: none; overflow: visible; }
  .chart-received, .chart-approved, .chart-bar, .chart-ok, .chart-muted, .chart-bad, .chart-warn, .swatch { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;
