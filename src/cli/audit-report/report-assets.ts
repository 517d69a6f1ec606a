// The report's one stylesheet and one script, inline so report.html opens offline as one file;
// the page's Content-Security-Policy allows exactly these two by hash.
import { createHash } from 'node:crypto';

export const REPORT_STYLE = `
:root { color: #1b1b1b; background: #fff; font: 16px/1.5 system-ui, sans-serif; }
body { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.8rem; margin: 0.5rem 0; }
h2 { font-size: 1.4rem; margin-top: 2.5rem; border-bottom: 2px solid #1b1b1b; }
h3 { font-size: 1.15rem; margin: 0 0 0.5rem; }
h4 { font-size: 1rem; margin: 1rem 0 0.5rem; }
a { color: #0b57d0; }
a:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid #8a8a8a; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #ececec; }
td.recital-num { text-align: right; font-variant-numeric: tabular-nums; }
dl.recital-facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.recital-facts dt { font-weight: 600; }
dl.recital-facts dd { margin: 0; overflow-wrap: anywhere; }
nav ul { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; padding: 0; list-style: none; }
.recital-filters { display: flex; flex-wrap: wrap; gap: 0.75rem 1.5rem; align-items: end;
  padding: 0.75rem; border: 1px solid #8a8a8a; border-radius: 6px; background: #f6f6f6; }
.recital-filters[hidden] { display: none; }
.recital-filters > div { display: flex; flex-direction: column; gap: 0.2rem; }
.recital-filters label { font-weight: 600; }
.recital-filters input, .recital-filters select { font: inherit; padding: 0.3rem; border: 1px solid #5c5c5c; border-radius: 4px; }
.recital-count { margin: 0.5rem 0 1rem; }
.recital-reply { border: 1px solid #8a8a8a; border-radius: 6px; padding: 1rem; margin: 1rem 0; }
/* Lay out only the replies near the screen: thousands of them otherwise take tens of seconds to open. */
.recital-reply { content-visibility: auto; contain-intrinsic-size: auto 40rem; }
.recital-reply[hidden] { display: none; }
.recital-span { border-top: 1px solid #c4c4c4; margin-top: 1rem; }
.recital-pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
@media (max-width: 50rem) { .recital-pair { grid-template-columns: 1fr; } }
figure { margin: 0; }
figcaption { font-weight: 600; font-size: 0.9rem; }
.recital-text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.25rem 0;
  padding: 0.5rem 0.75rem; border-left: 4px solid #8a8a8a; background: #fafafa; }
mark { background: #ffe08a; color: #1b1b1b; border-bottom: 2px solid #1b1b1b; }
del { background: #fde2e2; color: #1b1b1b; text-decoration: line-through; }
ins { background: #d9f2df; color: #1b1b1b; text-decoration: underline; }
del::before { content: "[\\2212 "; } ins::before { content: "[+ "; }
del::after, ins::after { content: "]"; }
.recital-muted { color: #4a4a4a; }
footer { margin-top: 3rem; font-size: 0.9rem; color: #4a4a4a; }
@media print {
  :root { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  nav, .recital-filters, .recital-count { display: none; }
  .recital-reply, .recital-reply[hidden] { display: block; break-inside: auto; content-visibility: visible; }
  .recital-span, tr { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .recital-pair { grid-template-columns: 1fr 1fr; }
}
`;

// No data inside: the replies are found in the page itself, so the hash below never changes.
export const REPORT_SCRIPT = `
(function () {
  var controls = document.getElementById('recital-filters');
  var search = document.getElementById('recital-search');
  var kind = document.getElementById('recital-kind');
  var work = document.getElementById('recital-work');
  var count = document.getElementById('recital-count');
  var replies = Array.prototype.slice.call(document.querySelectorAll('.recital-reply'));
  var texts = replies.map(function (r) { return r.textContent.toLowerCase(); });
  function has(list, value) { return (' ' + list + ' ').indexOf(' ' + value + ' ') >= 0; }
  function apply() {
    var terms = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    replies.forEach(function (r, i) {
      var ok = terms.every(function (t) { return texts[i].indexOf(t) >= 0; }) &&
        (!kind.value || has(r.getAttribute('data-kinds'), kind.value)) &&
        (!work.value || has(r.getAttribute('data-sources'), work.value));
      r.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = 'Showing ' + shown.toLocaleString('en') + ' of ' + replies.length.toLocaleString('en') + ' flagged replies.';
  }
  if (!controls) return;
  controls.hidden = false;
  search.addEventListener('input', apply);
  kind.addEventListener('change', apply);
  work.addEventListener('change', apply);
  apply();
})();
`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Nothing loads from anywhere; only the two inline blocks above run or apply. */
export const REPORT_CSP = [
  "default-src 'none'",
  `style-src ${sha256(REPORT_STYLE)}`,
  `script-src ${sha256(REPORT_SCRIPT)}`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
