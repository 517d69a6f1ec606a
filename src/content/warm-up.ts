import type { ReplySpan } from '../shared/messages';
import { describeTextChange, type HeldText } from '../shared/reply-text-change';
import { createHighlighter } from './paint/highlighter';
import { watchReplies } from './replies/watch-replies';
import { defineSite } from '../sites/define-site';

const WARM_UP_SITE = defineSite({
  id: 'warm-up',
  label: 'Warm-up',
  matches: [],
  replySelector: ['.recital-warm-up-reply'],
  textRoot: ['.recital-warm-up-text'],
  exclude: ['.recital-warm-up-excluded'],
  streaming: { reply: ['[data-recital-warm-up-streaming]'] },
});

/** Streamed words: enough for every path of a streamed frame to run several times. */
const STEPS = 24;
/** A new paragraph every this many words. */
const WORDS_PER_PARAGRAPH = 6;
/** Fake clock step (ms) between frames, and the settle time, so the reply completes at the end. */
const FRAME_MS = 16;

function element(
  doc: Document,
  tag: string,
  className: string,
  ...children: (Node | string)[]
): HTMLElement {
  const el = doc.createElement(tag);
  if (className !== '') el.className = className;
  el.append(...children);
  return el;
}

/** A streaming reply of a few blocks (list, code, excluded span) in a detached scratch document. */
function scratchReply(doc: Document) {
  const scratch = doc.implementation.createHTMLDocument('');
  const paragraph = element(
    scratch,
    'p',
    '',
    'One ',
    element(scratch, 'strong', '', 'two'),
    ' ',
    element(scratch, 'a', '', 'three'),
  );
  const text = element(
    scratch,
    'div',
    'recital-warm-up-text',
    element(scratch, 'h3', '', 'Title'),
    element(
      scratch,
      'ul',
      '',
      element(scratch, 'li', '', 'four'),
      element(
        scratch,
        'li',
        '',
        'five',
        element(scratch, 'span', 'recital-warm-up-excluded', 'six'),
      ),
    ),
    element(scratch, 'pre', '', element(scratch, 'code', '', 'seven\neight')),
    paragraph,
  );
  const reply = element(scratch, 'div', 'recital-warm-up-reply', text);
  reply.setAttribute('data-recital-warm-up-streaming', '');
  scratch.body.append(element(scratch, 'main', '', reply));
  return { scratch, text, paragraph, reply };
}

/**
 * Buys: V8's lazy compilation of the reading code (0.5–1.1 ms in the first streamed frames)
 * moves into one idle callback (about 3 ms). Streams a short reply into a detached scratch
 * document through the real watcher, reader and highlighter (with a painter that paints
 * nothing); nothing is attached to the page, nothing is sent, everything is dropped at the end.
 */
export async function warmUpReading(doc: Document): Promise<void> {
  const { scratch, text, reply, paragraph: first } = scratchReply(doc);
  let paragraph = first;
  const controller = new AbortController();
  const pending: (() => void)[] = [];
  const runPending = (): void => pending.splice(0).forEach((callback) => callback());
  let clock = 0;
  const highlighter = createHighlighter({
    add: () => undefined,
    remove: () => undefined,
    remeasure: () => undefined,
  });
  let held: HeldText | undefined;
  let revision = 0;
  watchReplies(
    WARM_UP_SITE,
    scratch,
    controller.signal,
    {
      replyChanged(found) {
        const replyText = found.text.text;
        describeTextChange(held, replyText);
        held = { revision: ++revision, text: replyText };
        const spans: ReplySpan[] = [
          {
            spanId: 'warm-up',
            kind: 'exact',
            replyStart: 0,
            replyEnd: Math.min(3, replyText.length),
          },
        ];
        highlighter.setSpans(found.id, replyText, spans);
      },
      repliesRendered: (replies) => replies.forEach((rendered) => highlighter.render(rendered)),
      pageScanned: () => undefined,
    },
    {
      settleMs: FRAME_MS,
      emptyPageMs: 0,
      now: () => clock,
      requestFrame: (callback) => void pending.push(callback),
      setTimer: (callback) => void pending.push(callback),
      // Every step is a read: the reading code is what needs warming up.
      streamingReadGapMs: 0,
    },
  );
  try {
    runPending();
    for (let step = 0; step < STEPS; step++) {
      if (step % WORDS_PER_PARAGRAPH === WORDS_PER_PARAGRAPH - 1) {
        paragraph = element(scratch, 'p', '');
        text.append(paragraph);
      }
      paragraph.append(` word${step}`);
      // The MutationObserver delivers in a microtask queued before this one.
      await Promise.resolve();
      clock += FRAME_MS;
      runPending();
    }
    reply.removeAttribute('data-recital-warm-up-streaming');
    for (let step = 0; step < 3; step++) {
      await Promise.resolve();
      clock += FRAME_MS;
      runPending();
    }
  } finally {
    controller.abort();
    highlighter.dispose();
  }
}

/** Runs {@link warmUpReading} once the page is idle (within a few seconds at most). */
export function warmUpReadingWhenIdle(doc: Document): void {
  const run = (): void => void warmUpReading(doc).catch(() => undefined);
  const view = doc.defaultView;
  if (view && typeof view.requestIdleCallback === 'function')
    view.requestIdleCallback(run, { timeout: 3000 });
  else setTimeout(run, 1000);
}
