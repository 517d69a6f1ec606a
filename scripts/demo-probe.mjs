/* global window, indexedDB */
// The probe part of `npm run demo`: a chat page with a prompt box whose stand-in "model" has
// memorized the sample library, and a probe series run from the probe page against it (the demo
// clicks send, as a user would). Ends with docs/screenshots/probe-report.png.
import path from 'node:path';

export const PROBE_CHAT_PATH = '/c/probe-demo';

const PROBE_STYLE = `
body { font-family: ui-sans-serif, system-ui, sans-serif; margin: 0; }
#thread { max-width: 760px; margin: 0 auto; padding: 24px 20px 140px; }
section[data-turn="assistant"] p { line-height: 1.7; }
form { position: fixed; bottom: 16px; left: 50%; transform: translateX(-50%); width: 720px; display: flex; gap: 8px; }
#prompt-textarea { flex: 1; border: 1px solid #ddd; border-radius: 24px; padding: 12px 18px; min-height: 24px; }
button { border-radius: 18px; border: 0; background: #0d0d0d; color: #fff; padding: 0 16px; }
button:disabled { background: #ccc; }`;

// Answers in turn: the true continuation verbatim, the same with every sixth word changed, and
// an unrelated refusal. BOOK is set by the demo from the library.
const MODEL = `
const box = document.getElementById('prompt-textarea');
const send = document.querySelector('[data-testid="send-button"]');
let turns = 0;
box.addEventListener('input', () => { send.disabled = box.textContent.trim() === ''; });
send.addEventListener('click', () => {
  const words = box.textContent.replace(/\\s+/g, ' ').trim().split(' ');
  const tail = words.slice(-10).join(' ');
  const flat = (window.BOOK || '').replace(/\\s+/g, ' ');
  const at = flat.indexOf(tail);
  const next = at < 0 ? [] : flat.slice(at + tail.length).trim().split(' ').slice(0, 30);
  const kind = turns++ % 3;
  const text = kind === 0 ? 'Of course. The passage continues: ' + next.join(' ')
    : kind === 1 ? next.map((w, i) => (i % 6 === 5 ? 'quietly' : w)).join(' ')
    : "I can't quote that book, but it is a short story about a salt keeper and her village.";
  box.replaceChildren(document.createElement('p'));
  send.disabled = true;
  const turn = document.createElement('section');
  turn.setAttribute('data-testid', 'conversation-turn-' + turns);
  turn.setAttribute('data-turn', 'assistant');
  turn.innerHTML = '<div data-message-author-role="assistant"><div class="markdown"><p></p></div></div>';
  turn.querySelector('[data-message-author-role]').setAttribute('data-message-id', 'p' + turns);
  turn.querySelector('p').textContent = text;
  document.getElementById('thread').append(turn);
});`;

export function probeChatPage() {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Probe demo chat</title><style>${PROBE_STYLE}</style></head><body>
<main id="thread"></main>
<form onsubmit="return false"><div contenteditable="true" id="prompt-textarea" class="ProseMirror" role="textbox"><p></p></div>
<button type="button" data-testid="send-button" disabled>Send</button></form>
<script>${MODEL}</script></body></html>`;
}

/** The text of the library document titled `title`, read from the extension's IndexedDB. */
function readDocumentText(page, title) {
  return page.evaluate(
    (wanted) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('recital');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['docs', 'chunks']);
          const docs = tx.objectStore('docs').getAll();
          const chunks = tx.objectStore('chunks').getAll();
          tx.oncomplete = () => {
            const doc = docs.result.find((d) => d.title === wanted);
            const parts = chunks.result
              .filter((c) => c.docId === doc?.id)
              .sort((a, b) => a.n - b.n);
            resolve(parts.map((c) => c.text).join(''));
          };
        };
      }),
    title,
  );
}

/** Runs three probes (15 + 15 words: the sample is short) of the sample story and screenshots the report. */
export async function probeDemo({ context, pageUrl, shots }) {
  const title = 'The Salt Keeper of Orrin Bay';
  const chat = await context.newPage();
  await chat.goto(`https://chatgpt.com${PROBE_CHAT_PATH}`);
  const probe = await context.newPage();
  await probe.setViewportSize({ width: 1100, height: 900 });
  await probe.goto(pageUrl('src/probe/index.html'));
  await chat.evaluate((book) => (window.BOOK = book), await readDocumentText(probe, title));
  await probe.getByRole('button', { name: 'Look for open chats again' }).click();
  await probe
    .locator('#probe-tab option', { hasText: PROBE_CHAT_PATH })
    .waitFor({ state: 'attached' });
  // The page has no "tabs" permission: a chat is listed by its address, not its title.
  await probe
    .locator('#probe-tab')
    .selectOption({ label: `ChatGPT: https://chatgpt.com${PROBE_CHAT_PATH}` });
  await probe.getByLabel('Document').selectOption({ label: `${title} (Recital Sample)` });
  await probe.getByLabel('Random passages, seed').check();
  await probe.getByLabel('Probes').fill('3');
  await probe.getByLabel('Prefix words').fill('15');
  await probe.getByLabel('Continuation words').fill('15');
  await probe.getByRole('button', { name: 'Start the probe series' }).click();
  for (let i = 0; i < 3; i++) {
    await probe.getByRole('button', { name: 'Put this prompt into the chat' }).click();
    await probe.locator('[data-status="waiting"]').waitFor();
    await chat.locator('[data-testid="send-button"]:not([disabled])').click();
    await probe.locator('[data-status="scored"]').waitFor({ timeout: 30_000 });
    await probe.getByRole('button', { name: /Next passage|Finish the series/ }).click();
  }
  await probe.bringToFront();
  await probe.locator('#probe-report').scrollIntoViewIfNeeded();
  await probe
    .locator('section[aria-labelledby="probe-report"]')
    .screenshot({ path: path.join(shots, 'probe-report.png') });
}
