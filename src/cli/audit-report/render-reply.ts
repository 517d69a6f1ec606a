// One flagged reply as evidence: who said it where, then each copied span beside its source
// passage, and for a near copy the word diff that shows what was changed.
import { diffWords } from '../../core/index';
import { excerptAround, type Excerpt } from './excerpt';
import { countOf, percent } from './format-numbers';
import { markup, type SafeHtml } from './markup';
import { conversationLabel } from './run-summary';
import type { AuditMatch, AuditReply } from './types';

function quoted(e: Excerpt): SafeHtml {
  return markup`<blockquote class="recital-text">${e.clippedBefore ? '… ' : ''}${e.before}<mark>${e.match}</mark>${e.after}${e.clippedAfter ? ' …' : ''}</blockquote>`;
}

function workName(m: AuditMatch): SafeHtml {
  return markup`<cite>${m.title || m.source}</cite>${m.author ? markup` by ${m.author}` : ''}`;
}

function diffOf(sourceSpan: string, replySpan: string): SafeHtml {
  const parts = diffWords(sourceSpan, replySpan).map((p, i) => {
    const space = i > 0 ? ' ' : '';
    if (p.op === 'removed') return markup`${space}<del>${p.text}</del>`;
    if (p.op === 'added') return markup`${space}<ins>${p.text}</ins>`;
    return markup`${space}${p.text}`;
  });
  return markup`<figure class="recital-diff">
<figcaption>Word diff from the source to the reply: <del>struck out</del> words are only in the source, <ins>underlined</ins> words only in the reply.</figcaption>
<p class="recital-text">${parts}</p></figure>`;
}

function renderSpan(
  reply: AuditReply,
  id: string,
  m: AuditMatch,
  index: number,
  sourceText: string | undefined,
): SafeHtml {
  const kind = m.kind === 'exact' ? 'Exact copy' : 'Near copy';
  const edits = m.kind === 'near' && m.edits !== undefined ? `, ${countOf(m.edits, 'edit')}` : '';
  const replyPart = excerptAround(reply.replyText, m.replyStart, m.replyEnd);
  const where =
    sourceText === undefined
      ? ''
      : ` (${percent(m.sourceStart / Math.max(1, sourceText.length))} into the text)`;
  const sourcePart =
    sourceText === undefined
      ? markup`<p class="recital-text">The source text was not available when the report was written.</p>`
      : quoted(excerptAround(sourceText, m.sourceStart, m.sourceEnd));
  const diff =
    m.kind === 'near' && sourceText !== undefined
      ? diffOf(sourceText.slice(m.sourceStart, m.sourceEnd), replyPart.match)
      : '';
  return markup`<section class="recital-span" aria-labelledby="${id}-s${index}">
<h4 id="${id}-s${index}">Span ${index}: ${kind}, ${countOf(m.words, 'word')}${edits}, score ${m.score}, from ${workName(m)}</h4>
<div class="recital-pair">
<figure><figcaption>Reply, characters ${m.replyStart}–${m.replyEnd} (copied words marked)</figcaption>${quoted(replyPart)}</figure>
<figure><figcaption>Source ${m.source}, characters ${m.sourceStart}–${m.sourceEnd}${where}</figcaption>${sourcePart}</figure>
</div>${diff}</section>
`;
}

/**
 * The article of a flagged reply, the `number`th of the run; `sourceIndex` numbers the works for
 * the page's filter, `sourceText` gives their texts (undefined when unavailable).
 */
export function renderReply(
  reply: AuditReply,
  number: number,
  sourceIndex: (source: string) => number,
  sourceText: (source: string) => string | undefined,
): SafeHtml {
  const id = `reply-${number}`;
  const kinds = [...new Set(reply.matches.map((m) => m.kind))].join(' ');
  const sources = [...new Set(reply.matches.map((m) => sourceIndex(m.source)))].join(' ');
  const copied = reply.matches.reduce((sum, m) => sum + m.words, 0);
  const titled = reply.conversationTitle && reply.conversation;
  const conversation =
    reply.conversation === undefined && reply.conversationTitle === undefined
      ? ''
      : markup`<dt>Conversation</dt><dd>${conversationLabel(reply)}${titled ? ` (id ${reply.conversation})` : ''}</dd>`;
  const message =
    reply.message === undefined ? '' : markup`<dt>Message</dt><dd>${reply.message}</dd>`;
  const spans = reply.matches.map((m, i) => renderSpan(reply, id, m, i + 1, sourceText(m.source)));
  return markup`<article class="recital-reply" id="${id}" data-kinds="${kinds}" data-sources="${sources}" aria-labelledby="${id}-h">
<h3 id="${id}-h">Reply ${number}: ${conversationLabel(reply)}</h3>
<dl class="recital-facts"><dt>File</dt><dd>${reply.file}</dd>${conversation}${message}
<dt>Copied</dt><dd>${countOf(copied, 'word')} of ${countOf(reply.words, 'word')} (${percent(reply.coverage)}) in ${countOf(reply.matches.length, 'span')}</dd></dl>
${spans}</article>
`;
}
