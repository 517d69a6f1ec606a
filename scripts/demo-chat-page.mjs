// A ChatGPT-like conversation for `npm run demo`: the markup Recital's ChatGPT adapter reads, and
// a reply that streams in word by word and quotes two passages of the sample library (one word
// for word, one with small edits).

export const DEMO_PROMPT =
  'Can you tell me about the salt keeper story and that essay about keeping a ledger?';

export const DEMO_REPLY = [
  'Sure! Here is a short overview of both pieces.',
  'The story opens on a quiet ritual: Every spring the salt keeper of Orrin Bay walked the drying pans at dawn, tapping the white crust with a brass spoon that had belonged to her grandmother. The spoon becomes a kind of oracle for the village.',
  'The essay is a meditation on ordinary record keeping. Its author writes: For twelve years I have kept a ledger of small things: the price of bread, the first frost, the day the swifts leave, the name of the stranger who returned my glove on the number nine tram.',
  'Both texts share an interest in patient attention to small details, and in the way objects (a spoon, a ledger) carry memory. Let me know if you would like a comparison of their themes.',
];

const STYLE = `
:root { color-scheme: light; font-family: ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
body { margin: 0; background: #ffffff; color: #0d0d0d; }
.shell { display: grid; grid-template-columns: 240px 1fr; min-height: 100vh; }
.sidebar { background: #f9f9f9; border-right: 1px solid #ececec; padding: 16px 12px; font-size: 14px; }
.sidebar h2 { font-size: 13px; color: #6b6b6b; font-weight: 600; margin: 18px 8px 6px; }
.sidebar a { display: block; padding: 7px 8px; border-radius: 8px; color: #0d0d0d; text-decoration: none; }
.sidebar a.active { background: #ececec; }
.brand { font-weight: 700; font-size: 17px; padding: 4px 8px; }
.main { display: flex; flex-direction: column; }
.top { padding: 12px 20px; font-weight: 600; font-size: 17px; border-bottom: 1px solid #f0f0f0; }
#thread { flex: 1; max-width: 760px; width: 100%; margin: 0 auto; padding: 24px 20px 120px; }
section[data-turn="user"] { display: flex; justify-content: flex-end; margin: 18px 0; }
.user-message-bubble-color { background: #f4f4f4; border-radius: 18px; padding: 10px 16px; max-width: 70%; line-height: 1.5; }
section[data-turn="assistant"] { margin: 18px 0 28px; }
.markdown p { line-height: 1.7; font-size: 16px; margin: 0 0 14px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
form { position: fixed; bottom: 0; left: 240px; right: 0; padding: 16px; background: linear-gradient(transparent, #fff 40%); display: flex; justify-content: center; }
.composer { width: min(760px, 100%); display: flex; gap: 8px; border: 1px solid #e3e3e3; border-radius: 26px; padding: 10px 12px 10px 20px; background: #fff; box-shadow: 0 2px 12px rgb(0 0 0 / 6%); color: #8f8f8f; align-items: center; }
.composer span { flex: 1; }
#composer-submit-button { border: 0; border-radius: 50%; width: 34px; height: 34px; background: #0d0d0d; color: #fff; font-size: 14px; }
`;

function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The page's own script streams the reply; the demo reads `window.demoDone` to know it ended. */
export function demoChatPage() {
  const paragraphs = JSON.stringify(DEMO_REPLY);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ChatGPT</title><style>${STYLE}</style></head>
<body>
<div class="shell">
<nav class="sidebar"><div class="brand">ChatGPT</div><h2>Today</h2><a class="active" href="/c/demo">Salt keeper and ledger</a><a href="/c/demo">Bread recipes</a><h2>Yesterday</h2><a href="/c/demo">Trip to Lisbon</a></nav>
<div class="main">
<div class="top">ChatGPT 5</div>
<main id="main"><div id="thread">
<div data-turn-id-container=""><section data-testid="conversation-turn-1" data-turn="user" data-turn-id="u-1"><h4 class="sr-only">You said:</h4><div data-message-author-role="user" data-message-id="u-1"><div class="user-message-bubble-color"><div class="whitespace-pre-wrap">${escapeHtml(DEMO_PROMPT)}</div></div></div></section></div>
<div data-turn-id-container=""><section data-testid="conversation-turn-2" data-turn="assistant" data-turn-id="a-1"><h4 class="sr-only">ChatGPT said:</h4><div data-message-author-role="assistant" data-message-id="a-1"><div class="markdown prose" id="reply"></div></div></section></div>
</div></main>
</div>
</div>
<form onsubmit="return false"><div class="composer"><span>Ask anything</span><button id="composer-submit-button" data-testid="stop-button" aria-label="Stop streaming">■</button></div></form>
<script>
(async () => {
  const paragraphs = ${paragraphs};
  const reply = document.getElementById('reply');
  const button = document.getElementById('composer-submit-button');
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  await sleep(1200);
  for (const paragraph of paragraphs) {
    const p = document.createElement('p');
    reply.appendChild(p);
    const words = paragraph.split(' ');
    for (let i = 0; i < words.length; i += 3) {
      p.appendChild(document.createTextNode((i ? ' ' : '') + words.slice(i, i + 3).join(' ')));
      await sleep(45);
    }
  }
  button.setAttribute('data-testid', 'send-button');
  button.setAttribute('aria-label', 'Send prompt');
  button.textContent = '↑';
  window.demoDone = true;
})();
</script>
</body></html>`;
}
