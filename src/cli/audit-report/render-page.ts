// The report's frame: what was scanned and with which criteria, the summaries per work and per
// conversation, and the filter controls; the flagged replies are streamed in between.
import { countOf, percent } from './format-numbers';
import { markup, rawHtml, type SafeHtml } from './markup';
import { REPORT_CSP, REPORT_SCRIPT, REPORT_STYLE } from './report-assets';
import type { RunSummary, SourceSummary } from './run-summary';
import type { AuditInput, AuditRun } from './types';

const FORMAT_NAMES: Record<AuditInput['format'], string> = {
  text: 'plain text',
  chatgpt: 'ChatGPT export',
  claude: 'Claude export',
  jsonl: 'JSON lines',
  empty: 'empty export',
};

const num = (n: number): string => n.toLocaleString('en');

function runSection(run: AuditRun, summary: RunSummary): SafeHtml {
  const t = summary.totals;
  const kinds = run.includeNear
    ? 'exact copies and near copies (small edits bridged)'
    : 'exact copies only';
  const roots = run.library.roots?.length ? ` from ${run.library.roots.join(', ')}` : '';
  const inputs = run.inputs.map(
    (i) =>
      markup`<tr><th scope="row">${i.file}</th><td>${FORMAT_NAMES[i.format]}</td><td class="recital-num">${num(i.replies)}</td></tr>`,
  );
  return markup`<section aria-labelledby="run"><h2 id="run">What was scanned</h2>
<dl class="recital-facts">
<dt>Report written</dt><dd>${run.generatedAt}</dd>
<dt>Recital version</dt><dd>${run.recitalVersion}</dd>
<dt>Library</dt><dd>${countOf(run.library.documents, 'document')}, ${countOf(run.library.characters, 'character')} of text${roots}</dd>
<dt>Criteria</dt><dd>spans of ${countOf(run.minWords, 'word')} or more; ${kinds}</dd>
<dt>Replies scanned</dt><dd>${num(t.repliesScanned)} in ${countOf(summary.conversationCount(), 'conversation')} (${countOf(t.replyWords, 'word')})</dd>
<dt>Replies flagged</dt><dd>${num(t.repliesFlagged)} (${percent(t.repliesFlagged / Math.max(1, t.repliesScanned))})</dd>
<dt>Copied spans</dt><dd>${num(t.spans)} (${num(t.exactSpans)} exact, ${num(t.spans - t.exactSpans)} near), ${countOf(t.wordsCopied, 'word')}</dd>
</dl>
<table><caption>Input files</caption>
<thead><tr><th scope="col">File</th><th scope="col">Format</th><th scope="col">Replies</th></tr></thead>
<tbody>${inputs}</tbody></table></section>
`;
}

function sourcesSection(sources: SourceSummary[]): SafeHtml {
  const rows = sources.map(
    (
      s,
    ) => markup`<tr><th scope="row"><cite>${s.title || s.source}</cite><br><span class="recital-muted">${s.source}</span></th>
<td>${s.author ?? ''}</td><td class="recital-num">${num(s.replies)}</td><td class="recital-num">${num(s.spans)} (${num(s.exactSpans)} exact)</td>
<td class="recital-num">${num(s.words)}</td><td class="recital-num"><a href="#reply-${s.longestReply}">${countOf(s.longestWords, 'word')}, reply ${s.longestReply}</a></td></tr>
`,
  );
  const body = sources.length
    ? markup`<table><caption>Each library work copied, most words copied first</caption>
<thead><tr><th scope="col">Work</th><th scope="col">Author</th><th scope="col">Replies that copied it</th><th scope="col">Spans</th><th scope="col">Words copied</th><th scope="col">Longest copy</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : markup`<p>No reply copied any library work.</p>`;
  return markup`<section aria-labelledby="works"><h2 id="works">Summary by work</h2>${body}</section>
`;
}

function conversationsSection(summary: RunSummary): SafeHtml {
  const conversations = summary.conversations();
  const rows = conversations.map((c) => {
    const id =
      c.conversation !== undefined && c.conversation !== c.title
        ? markup`<br><span class="recital-muted">id ${c.conversation}</span>`
        : '';
    return markup`<tr><th scope="row"><a href="#reply-${c.firstFlagged}">${c.title}</a>${id}</th><td>${c.file}</td><td class="recital-num">${num(c.repliesFlagged)} of ${num(c.repliesScanned)}</td><td class="recital-num">${num(c.words)}</td></tr>
`;
  });
  const quiet = summary.conversationCount() - conversations.length;
  const body = conversations.length
    ? markup`<table><caption>Each conversation with a flagged reply, most words copied first</caption>
<thead><tr><th scope="col">Conversation</th><th scope="col">File</th><th scope="col">Replies flagged</th><th scope="col">Words copied</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : '';
  return markup`<section aria-labelledby="conversations"><h2 id="conversations">Summary by conversation</h2>${body}
<p>Conversations without a flagged reply: ${num(quiet)}.</p></section>
`;
}

function filters(sources: SourceSummary[], sourceIndex: (source: string) => number): SafeHtml {
  const options = sources.map(
    (s) =>
      markup`<option value="${sourceIndex(s.source)}">${s.title || s.source}${s.author ? ` (${s.author})` : ''}</option>`,
  );
  // Hidden until the script runs: without JavaScript every reply simply shows.
  return markup`<div class="recital-filters" id="recital-filters" role="search" aria-label="Filter flagged replies" hidden>
<div><label for="recital-search">Search replies</label><input type="search" id="recital-search" autocomplete="off"></div>
<div><label for="recital-kind">Kind of copy</label><select id="recital-kind"><option value="">Any</option><option value="exact">Exact</option><option value="near">Near</option></select></div>
<div><label for="recital-work">Work</label><select id="recital-work"><option value="">Any work</option>${options}</select></div>
</div>
<p class="recital-count" id="recital-count" aria-live="polite"></p>
`;
}

/** Everything before the first flagged reply (the page is left open for them). */
export function pageStart(
  run: AuditRun,
  summary: RunSummary,
  sourceIndex: (source: string) => number,
): SafeHtml {
  const sources = summary.sources();
  return markup`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Recital evidence report, ${run.generatedAt}</title>
<style>${rawHtml(REPORT_STYLE)}</style></head>
<body><header><h1>Recital evidence report</h1>
<p>Chatbot replies checked word for word against a library of texts by Recital ${run.recitalVersion}, ${run.generatedAt}.</p>
<nav aria-label="Contents"><ul><li><a href="#run">What was scanned</a></li><li><a href="#works">Summary by work</a></li><li><a href="#conversations">Summary by conversation</a></li><li><a href="#replies">Flagged replies</a></li></ul></nav>
</header>
<main>
${runSection(run, summary)}${sourcesSection(sources)}${conversationsSection(summary)}
<section aria-labelledby="replies"><h2 id="replies">Flagged replies (${num(summary.totals.repliesFlagged)})</h2>
<p>Each reply with a copied span, in input order. Copied words are marked in the reply and in its source; characters count UTF-16 code units from 0, end exclusive. Printing includes every flagged reply, whatever the filters show.</p>
${filters(sources, sourceIndex)}`;
}

/** Everything after the last flagged reply. */
export function pageEnd(run: AuditRun): SafeHtml {
  return markup`</section></main>
<footer><p>Written by Recital ${run.recitalVersion}. Every match is also in matches.csv and matches.jsonl beside this file.</p></footer>
<script>${rawHtml(REPORT_SCRIPT)}</script>
</body></html>
`;
}
