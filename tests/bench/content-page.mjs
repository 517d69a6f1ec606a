/* global document, requestAnimationFrame, chrome -- used inside page.evaluate callbacks, which run in the page */
// The content bench's page: the reply it streams, the turns of a long conversation, and the
// functions that run in the page to stream them.

export const COPIED = [
  'Every evening she climbed the hundred and forty iron steps, trimmed the brass wick, and wrote the weather into a green ledger bound with sailcloth.',
  'When the supply boat failed to come in the storm of 1911, she burned the driftwood furniture one chair at a time to keep the kettle warm for the stranded fishermen.',
  'Lantern oil was rationed so strictly that the keeper measured every evening pour with a pewter thimble borrowed from the parish church.',
  'The inspector who came each spring found the brass so bright that he wrote in his report that the lamp room could be used as a mirror.',
];
export const PASSAGE = `Marguerite Olavsen kept the Skerryvane light for thirty-one winters. ${COPIED.join(' ')} Her nephew later sold that ledger to a collector in Bergen.`;

/** Filler prose that copies nothing, with the copied sentences spread through it and one at the very end. */
export function buildReply(total) {
  const vocab =
    'the a river garden morning stone window quiet road market letter city winter harbor music paper table friend evening light story bridge field summer voice house simple green distant small early bright open careful slow warm patient steady honest gentle across under beside toward through before after while because although often rarely always sometimes carried found made kept told showed built wrote walked watched turned gave'.split(
      ' ',
    );
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const copiedWords = COPIED.reduce((n, s) => n + s.split(' ').length, 0);
  const fillerPerGap = Math.floor((total - copiedWords) / (COPIED.length - 1));
  const words = [];
  COPIED.forEach((sentence, i) => {
    if (i > 0) {
      for (let k = 0; k < fillerPerGap; k++) {
        const w = vocab[Math.floor(random() * vocab.length)];
        words.push(random() < 0.08 ? `${w}.` : w);
      }
    }
    words.push(...sentence.split(' '));
  });
  return { words, lastSentence: COPIED.at(-1).replace(/[.!?]+$/, '') };
}

/** A finished reply of about `total` words for turn `n` of a long conversation; every tenth copies a sentence (never the stream's last). */
export function buildTurn(n, total) {
  const vocab =
    'the a river garden morning stone window quiet road market letter city winter harbor music paper table friend evening light story bridge field summer voice house simple green distant small early bright open careful slow warm patient steady honest gentle across under beside toward through before after while because although often rarely always sometimes carried found made kept told showed built wrote walked watched turned gave'.split(
      ' ',
    );
  let seed = 777 + n;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const words = [];
  for (let k = 0; k < total; k++) words.push(vocab[Math.floor(random() * vocab.length)]);
  if (n % 10 === 0)
    words.splice(total >> 1, 0, ...COPIED[(n / 10) % (COPIED.length - 1)].split(' '));
  const paragraphs = [];
  for (let k = 0; k < words.length; k += 80)
    paragraphs.push(`${words.slice(k, k + 80).join(' ')}.`);
  return paragraphs;
}

/** In the page: streams `words` into a new reply, a chunk per animation frame, following it down. */
export async function streamReplyInPage({ words, perFrame }) {
  const template = document.querySelector('#recital-next-reply');
  document.querySelector('#thread').appendChild(template.content.cloneNode(true));
  let paragraph = [...document.querySelectorAll('[data-recital-stream]')].at(-1);
  const button = document.querySelector('#composer-submit-button');
  button.setAttribute('data-testid', 'stop-button');
  let inParagraph = 0;
  for (let i = 0; i < words.length; i += perFrame) {
    await new Promise((r) => requestAnimationFrame(r));
    if (inParagraph > 80) {
      const p = document.createElement('p');
      paragraph.after(p);
      paragraph = p;
      inParagraph = 0;
    }
    paragraph.appendChild(document.createTextNode(`${words.slice(i, i + perFrame).join(' ')} `));
    inParagraph += perFrame;
    document.scrollingElement.scrollTop = document.scrollingElement.scrollHeight;
  }
  setTimeout(() => button.setAttribute('data-testid', 'send-button'), 50);
}

/** In the page: appends finished turns (a question, then a reply), one per frame. */
export async function addTurnsInPage({ turns }) {
  const thread = document.querySelector('#thread');
  const template = document.querySelector('#recital-next-reply');
  for (const [index, paragraphs] of turns.entries()) {
    await new Promise((r) => requestAnimationFrame(r));
    const user = document.createElement('section');
    user.setAttribute('data-turn', 'user');
    user.textContent = `Question ${index}?`;
    thread.append(user);
    const reply = template.content.cloneNode(true);
    reply.querySelector('section').setAttribute('data-turn-id', `t-${index}`);
    reply.querySelector('[data-message-id]').setAttribute('data-message-id', `t-${index}`);
    const first = reply.querySelector('[data-recital-stream]');
    first.removeAttribute('data-recital-stream');
    first.textContent = paragraphs[0];
    for (const text of paragraphs.slice(1).reverse()) {
      const p = document.createElement('p');
      p.textContent = text;
      first.after(p);
    }
    thread.append(reply);
  }
}

/**
 * Adds PASSAGE to the library of the extension running in `context` as a user does, a file
 * through the options page's import; resolves once the background has loaded it.
 */
export async function importBenchPassage(context) {
  const sw =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(sw.url()).host;
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/src/options/index.html`);
  await options.getByText('Loading your library…').waitFor({ state: 'detached' });
  await options
    .locator('input[type=file][multiple]')
    .setInputFiles([
      { name: 'Bench passage.txt', mimeType: 'text/plain', buffer: Buffer.from(PASSAGE) },
    ]);
  await options.waitForFunction(
    () =>
      /^Imported 1 /.test(document.querySelector('.recital-progress__status')?.textContent ?? ''),
    undefined,
    { polling: 50 },
  );
  // The page announces the change itself; a second announcement resolves after the reload.
  const reloaded = await options.evaluate(() =>
    chrome.runtime.sendMessage({ type: 'libraryChanged', payload: {} }),
  );
  if (!reloaded?.ok) throw new Error(`seeding failed: ${JSON.stringify(reloaded)}`);
  await options.close();
}
