// A stand-in chat page for the probe e2e, served at chatgpt.com: a ProseMirror-like prompt box
// that enables its send button on input (as the real one does), and a "model" that answers a
// probe prompt only when the send button is clicked. It finds the prompt's prefix in the book it
// "memorized" and answers by the chapter's kind: the true continuation verbatim (after chatter
// and the prefix repeated), the same with three words changed, a paraphrase, or unrelated text.
// Every send attempt (click, Enter, submit) is logged in `window.sendLog`.
import { PROBE_PASSAGES, UNRELATED_REPLY } from '../fixtures/probe/passages';

export type ReplyKind = 'verbatim' | 'changed' | 'paraphrase' | 'unrelated';

/** The chapters' kinds, in order. */
export const KINDS: readonly ReplyKind[] = ['verbatim', 'changed', 'paraphrase', 'unrelated'];

/** The book: one chapter per fixture passage, its prefix then its continuation. */
export const PROBE_BOOK = PROBE_PASSAGES.map(
  (p, i) => `CHAPTER ${i + 1}.\n\n${p.prefix} ${p.continuation}\n`,
).join('\n');

export const CHAT_PATH = '/c/probe';

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
