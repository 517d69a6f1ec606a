// A stand-in chat page for the probe e2e, served at chatgpt.com: a ProseMirror-like prompt box
// that enables its send button on input (as the real one does), and a "model" that answers a
// probe prompt only when the send button is clicked. It finds the prompt's prefix in the book it
// "memorized" and answers by the chapter's kind: the true continuation verbatim (after chatter
// and the prefix repeated), the same with three words changed, a paraphrase, or unrelated text.
// Every send attempt (click, Enter, submit) is logged in `window.sendLog`. The Chromium and the
// Firefox probe tests share it with the checks below, so both drive and judge the same series.
import { expect } from 'vitest';
import { PROBE_PASSAGES, UNRELATED_REPLY } from '../fixtures/probe/passages';

export type ReplyKind = 'verbatim' | 'changed' | 'paraphrase' | 'unrelated';

/** The chapters' kinds, in order. */
export const KINDS: readonly ReplyKind[] = ['verbatim', 'changed', 'paraphrase', 'unrelated'];

/** The book: one chapter per fixture passage, its prefix then its continuation. */
export const PROBE_BOOK = PROBE_PASSAGES.map(
  (p, i) => `CHAPTER ${i + 1}.\n\n${p.prefix} ${p.continuation}\n`,
).join('\n');

export const CHAT_PATH = '/c/probe';

/** The book's title and author as imported, and as the probe page's document list shows them. */
export const PROBE_TITLE = 'Four Famous Openings';
export const PROBE_AUTHOR = 'Various';

/** The stand-in's selectors: its prompt box, send button and replies. */
export const PROMPT_BOX = '#prompt-textarea';
export const SEND_BUTTON = '[data-testid="send-button"]';
export const REPLY = '[data-message-author-role="assistant"]';

/** In the chat page: every send attempt since the last {@link clearSendLog}. */
export const readSendLog = (): string[] => (window as unknown as { sendLog: string[] }).sendLog;
export const clearSendLog = (): void => {
  (window as unknown as { sendLog: string[] }).sendLog = [];
};

/**
 * What probe `i`'s prompt must and must not hold: its prefix's first 8 words, and never the
 * last 8 words of its continuation.
 */
export function promptMarks(i: number): { opening: string; continuationTail: string } {
  const passage = PROBE_PASSAGES[i];
  if (!passage) throw new Error(`no probe passage ${i}`);
  return {
    opening: passage.prefix.split(' ').slice(0, 8).join(' '),
    continuationTail: passage.continuation.split(' ').slice(-8).join(' '),
  };
}

/** The in-order share a report card shows ("In order: 96%"), as 0..1. */
export function shareShown(text: string): number {
  const percent = /(\d+)%/.exec(text)?.[1];
  if (percent === undefined) throw new Error(`no share in "${text}"`);
  return Number(percent) / 100;
}

/** The bands for the four kinds, in the order of {@link KINDS}. */
export function expectScoreBands(shares: number[]): void {
  expect(shares).toHaveLength(KINDS.length);
  const [verbatim = -1, changed = -1, paraphrase = -1, unrelated = -1] = shares;
  expect(verbatim).toBeGreaterThanOrEqual(0.95);
  expect(changed).toBeGreaterThan(0.5);
  expect(changed).toBeLessThan(verbatim);
  expect(paraphrase).toBeLessThanOrEqual(0.2);
  expect(unrelated).toBe(0);
}

/** The report's summary: 4 probes, verbatim and changed give back at least half in order. */
export const EXPECTED_SUMMARY = { probes: '4', memorized: '2 (50%)' };

// The model runs in the page, so its code is a string of plain JavaScript.
const MODEL = `
const BOOK = ${JSON.stringify(PROBE_BOOK)};
const KINDS = ${JSON.stringify(KINDS)};
const PARAPHRASES = ${JSON.stringify(PROBE_PASSAGES.map((p) => p.paraphrase))};
const UNRELATED = ${JSON.stringify(UNRELATED_REPLY)};
window.sendLog = [];
const box = document.getElementById('prompt-textarea');
const send = document.querySelector('[data-testid="send-button"]');
box.addEventListener('input', () => { send.disabled = box.textContent.trim() === ''; });
box.addEventListener('keydown', (e) => { if (e.key === 'Enter') { window.sendLog.push('enter'); e.preventDefault(); answer(); } });
document.querySelector('form').addEventListener('submit', (e) => { e.preventDefault(); window.sendLog.push('submit'); });
send.addEventListener('click', () => { window.sendLog.push('click'); answer(); });
function answer() {
  const prompt = box.textContent.replace(/\\s+/g, ' ').trim();
  const flat = BOOK.replace(/\\s+/g, ' ');
  // The prefix is the prompt after its instruction; look for its last 12 words in the book.
  const words = prompt.split(' ');
  const tail = words.slice(-12).join(' ');
  const at = flat.indexOf(tail);
  let text = UNRELATED;
  let kind = 'unrelated';
  if (at >= 0) {
    const chapter = (flat.slice(0, at).match(/CHAPTER \\d+\\./g) || []).length - 1;
    kind = KINDS[chapter] || 'unrelated';
    const next = flat.slice(at + tail.length).trim().split(' ').slice(0, 50);
    if (kind === 'verbatim') text = 'Sure! Here is the continuation, word for word:\\n\\n' + tail + ' ' + next.join(' ');
    else if (kind === 'changed') text = next.map((w, i) => (i % 16 === 7 ? 'indeed' : w)).join(' ');
    else if (kind === 'paraphrase') text = PARAPHRASES[chapter];
  }
  box.replaceChildren(document.createElement('p'));
  send.disabled = true;
  const turn = document.createElement('section');
  turn.setAttribute('data-testid', 'conversation-turn-' + document.querySelectorAll('section').length);
  turn.setAttribute('data-turn', 'assistant');
  turn.setAttribute('data-kind', kind);
  const role = document.createElement('div');
  role.setAttribute('data-message-author-role', 'assistant');
  role.setAttribute('data-message-id', 'm' + Math.random().toString(36).slice(2));
  const md = document.createElement('div');
  md.className = 'markdown prose';
  for (const para of text.split('\\n\\n')) { const p = document.createElement('p'); p.textContent = para; md.append(p); }
  role.append(md);
  turn.append(role);
  document.getElementById('thread').append(turn);
}
`;

export const PROBE_CHAT_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stand-in chat</title></head><body>
<main id="thread">
  <section data-testid="conversation-turn-0" data-turn="assistant"><div data-message-author-role="assistant" data-message-id="m0"><div class="markdown prose"><p>Hello! How can I help you today?</p></div></div></section>
</main>
<form><textarea name="prompt-textarea" style="display:none"></textarea>
<div contenteditable="true" id="prompt-textarea" class="ProseMirror" role="textbox"><p></p></div>
<button type="button" data-testid="send-button" disabled>Send</button></form>
<script>${MODEL}</script>
</body></html>`;
