import { afterEach, describe, expect, it, vi } from 'vitest';
import * as readReplies from '../../src/content/replies/find-replies';
import { findReplies, type FoundReply } from '../../src/content/replies/find-replies';
import { defineSite, type SiteDefinition } from '../../src/sites/define-site';
import { trackReplies } from '../../src/content/replies/track-replies';
import { recordMutations } from './load-html';
import { page, site } from './test-site';

const CONVERSATION =
  '<main id="thread"><div class="reply" id="r1"><div class="body"><p>First answer.</p></div></div>' +
  '<div class="reply" id="r2"><div class="body"><p>Second answer.</p></div></div>' +
  '<div class="reply" id="r3" data-busy="true"><div class="body"><p id="tail">Streaming</p></div></div></main>';

const summary = (replies: readonly FoundReply[]) =>
  replies.map((r) => [r.id, r.text.text, r.isStreaming]);

function newReply(doc: Document, text: string): HTMLElement {
  const reply = Object.assign(doc.createElement('div'), { className: 'reply' });
  reply.append(Object.assign(doc.createElement('div'), { className: 'body', textContent: text }));
  return reply;
}

/** Reads `body` once, applies `mutate`, and reads again, counting what the second read did. */
async function readAfter(
  mutate: (doc: Document) => void,
  options: { body?: string; site?: SiteDefinition; reuseBlocks?: boolean } = {},
) {
  const doc = page(options.body ?? CONVERSATION);
  const tracked = options.site ?? site;
  const tracker = trackReplies(tracked, doc);
  const reuseBlocks = options.reuseBlocks ?? true;
  const before = [...tracker.read([], reuseBlocks).replies];
  const records = await recordMutations(doc, mutate);
  const reads = vi.spyOn(readReplies, 'readReplyContent');
  const queries = vi.spyOn(readReplies, 'queryReplyContainers');
  const after = tracker.read(records, reuseBlocks);
  const counts = {
    reread: reads.mock.calls.map(([, el]) => el.id),
    queries: queries.mock.calls.length,
  };
  vi.restoreAllMocks();
  return { before, after, counts, fresh: findReplies(tracked, doc) };
}

describe('trackReplies', () => {
  afterEach(() => vi.restoreAllMocks());

  it('re-reads only the reply a text change landed in, without querying the containers again', async () => {
    const { before, after, counts, fresh } = await readAfter((doc) =>
      doc.querySelector('#tail')?.append(' words'),
    );
    expect(summary(after.replies)).toEqual(summary(fresh));
    expect(counts).toEqual({ reread: ['r3'], queries: 0 });
    expect(after.isListChanged).toBe(false);
    expect(after.changed.map((r) => r.element.id)).toEqual(['r3']);
    // The untouched replies are the previous read's very objects.
    expect(after.replies[0]).toBe(before[0]);
    expect(after.replies[1]).toBe(before[1]);
  });

  it('re-reads only the reply a new paragraph landed in', async () => {
    const { after, counts, fresh } = await readAfter((doc) => {
      const p = doc.createElement('p');
      p.textContent = 'Next paragraph';
      doc.querySelector('#r3 .body')?.append(p);
    });
    expect(summary(after.replies)).toEqual(summary(fresh));
    expect(counts.reread).toEqual(['r3']);
  });

  it('finds a reply appended outside the known replies, reading only that one', async () => {
    const { after, counts, fresh } = await readAfter((doc) => {
      const reply = newReply(doc, 'New');
      reply.id = 'r4';
      doc.querySelector('#thread')?.append(reply);
    });
    expect(summary(after.replies)).toEqual(summary(fresh));
    expect(after.replies).toHaveLength(4);
    expect(after.isListChanged).toBe(true);
    expect(counts).toEqual({ reread: ['r4'], queries: 1 });
  });

  it('reads nothing again for a change outside every reply that adds none', async () => {
    const { after, counts } = await readAfter((doc) => {
      doc.body.append(Object.assign(doc.createElement('div'), { className: 'spinner' }));
    });
    expect(counts).toEqual({ reread: [], queries: 1 });
    expect(after.changed).toEqual([]);
    expect(after.isListChanged).toBe(false);
  });

  it('re-reads every reply under an element whose attributes changed (its selectors may match otherwise)', async () => {
    const { after, counts, fresh } = await readAfter((doc) =>
      doc.querySelector('#thread')?.classList.add('chip'),
    );
    expect(summary(after.replies)).toEqual(summary(fresh));
    expect(counts.reread).toEqual(['r1', 'r2', 'r3']);
  });

  it.each<[string, (doc: Document) => void]>([
    ['an earlier reply edited', (doc) => doc.querySelector('#r1 p')?.append(' Edited.')],
    [
      'an earlier reply starting to stream (regenerate)',
      (doc) => doc.querySelector('#r1')?.setAttribute('data-busy', 'true'),
    ],
    ['the streaming signal gone', (doc) => doc.querySelector('#r3')?.removeAttribute('data-busy')],
    [
      'a page streaming signal added',
      (doc) => doc.body.append(Object.assign(doc.createElement('button'), { id: 'stop' })),
    ],
    [
      'a paragraph of an earlier reply excluded',
      (doc) => doc.querySelector('#r2 p')?.classList.add('chip'),
    ],
    [
      'a class set on the thread around the replies',
      (doc) => doc.querySelector('#thread')?.classList.add('chip'),
    ],
    ['a new reply added', (doc) => doc.querySelector('#thread')?.append(newReply(doc, 'New'))],
    [
      'a reply inserted before the others',
      (doc) => doc.querySelector('#thread')?.prepend(newReply(doc, 'First now')),
    ],
    ['a reply removed', (doc) => doc.querySelector('#r2')?.remove()],
    ['the last reply removed', (doc) => doc.querySelector('#r3')?.remove()],
    [
      'a reply remounted as a new node',
      (doc) =>
        doc.querySelector('#r1')?.replaceWith(doc.querySelector('#r1')?.cloneNode(true) as Node),
    ],
    [
      'a reply taken out, edited and put back',
      (doc) => {
        const r2 = doc.querySelector('#r2') as HTMLElement;
        const next = r2.nextSibling;
        r2.remove();
        r2.querySelector('p')?.append(' Changed while out.');
        next?.parentNode?.insertBefore(r2, next);
      },
    ],
    [
      'a reply container no longer matching',
      (doc) => doc.querySelector('#r2')?.classList.remove('reply'),
    ],
    [
      'a streaming signal appearing inside a reply',
      (doc) => {
        const signal = doc.createElement('span');
        signal.setAttribute('data-busy', 'true');
        doc.querySelector('#r1 p')?.append(signal);
      },
    ],
    [
      'a second text root appearing in a reply',
      (doc) =>
        doc
          .querySelector('#r2')
          ?.append(
            Object.assign(doc.createElement('div'), { className: 'body', textContent: 'More' }),
          ),
    ],
    ['a text root excluded', (doc) => doc.querySelector('#r2 .body')?.classList.add('chip')],
    [
      'the thread replaced (navigation)',
      (doc) => {
        const main = doc.createElement('main');
        main.append(newReply(doc, 'Other page'));
        doc.querySelector('#thread')?.replaceWith(main);
      },
    ],
    ['every reply removed', (doc) => doc.querySelector('#thread')?.replaceChildren()],
    [
      'a reply of an earlier fallback selector appearing inside a reply',
      (doc) => {
        const inner = Object.assign(doc.createElement('div'), { className: 'missing' });
        inner.append(
          Object.assign(doc.createElement('div'), { className: 'body', textContent: 'Inner' }),
        );
        doc.querySelector('#r2 .body')?.append(inner);
      },
    ],
  ])('reads what a fresh read does after %s', async (_name, mutate) => {
    for (const reuseBlocks of [true, false]) {
      const { after, fresh } = await readAfter(mutate, { reuseBlocks });
      expect(summary(after.replies)).toEqual(summary(fresh));
    }
  });

  it('keeps reading a reply right after reads that skipped it (its blocks stay valid)', async () => {
    const doc = page(CONVERSATION);
    const tracker = trackReplies(site, doc);
    tracker.read([], true);
    const tail = doc.querySelector('#tail') as HTMLElement;
    for (let i = 0; i < 6; i++) {
      const records = await recordMutations(doc, (d) => {
        if (i % 2 === 0) d.querySelector('#r1 p')?.append(` e${i}`);
        else tail.append(` w${i}`);
      });
      expect(summary(tracker.read(records, true).replies)).toEqual(summary(findReplies(site, doc)));
    }
  });

  it.each([
    ['while a reply streams (blocks reused)', true],
    ['on a settled page', false],
  ])(
    'reads what a fresh read does through a long run of random page changes, %s',
    async (_name, reuseBlocks) => {
      const doc = page(CONVERSATION);
      const tracker = trackReplies(site, doc);
      tracker.read([], reuseBlocks);
      let seed = 42;
      const random = (n: number): number => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
      const pick = <T>(list: ArrayLike<T>): T | undefined => list[random(Math.max(1, list.length))];
      const changes: ((d: Document) => void)[] = [
        (d) => pick(d.querySelectorAll('.reply p'))?.append(` w${random(100)}`),
        (d) =>
          pick(d.querySelectorAll('.reply .body'))?.append(
            Object.assign(d.createElement('p'), { textContent: `p${random(100)}` }),
          ),
        (d) => pick(d.querySelectorAll('.reply p'))?.remove(),
        (d) => d.querySelector('#thread')?.append(newReply(d, `reply ${random(100)}`)),
        (d) => pick(d.querySelectorAll('.reply'))?.remove(),
        (d) => {
          const reply = pick(d.querySelectorAll('.reply'));
          reply?.replaceWith(reply.cloneNode(true));
        },
        (d) => {
          const reply = pick(d.querySelectorAll('.reply'));
          if (reply) d.querySelector('#thread')?.prepend(reply);
        },
        (d) => pick(d.querySelectorAll('.reply'))?.toggleAttribute('data-busy'),
        (d) =>
          d.querySelector('#stop')
            ? d.querySelector('#stop')?.remove()
            : d.body.append(Object.assign(d.createElement('button'), { id: 'stop' })),
        (d) => pick(d.querySelectorAll('.reply p, #thread'))?.classList.toggle('chip'),
        (d) => {
          const text = pick(d.querySelectorAll('.reply p'))?.firstChild;
          if (text?.nodeType === 3) (text as Text).data = `edited ${random(100)}`;
        },
        (d) =>
          pick(d.querySelectorAll('.reply .body'))?.append(
            Object.assign(d.createElement('div'), { className: 'think', textContent: 'hmm' }),
          ),
      ];
      for (let step = 0; step < 150; step++) {
        const records = await recordMutations(doc, (d) => {
          for (let k = random(3); k >= 0; k--) pick(changes)?.(d);
        });
        expect(summary(tracker.read(records, reuseBlocks).replies), `step ${step}`).toEqual(
          summary(findReplies(site, doc)),
        );
      }
    },
  );

  describe('with reply selectors that look inside the container (:has)', () => {
    const hasSite = defineSite({
      ...site,
      replySelector: ['.wrap:has(.answer)'],
      textRoot: ['.answer'],
    });
    const NESTED =
      '<div class="wrap" id="outer"><div class="wrap" id="r1"><div class="answer">One</div></div></div>' +
      '<div class="wrap" id="r2"><div class="answer">Two</div></div>';

    it.each<[string, (doc: Document) => void]>([
      [
        'the element the selector looks for removed from a reply',
        (doc) => doc.querySelector('#r2 .answer')?.remove(),
      ],
      [
        'an ancestor starting to match because of what was added inside a reply',
        (doc) => {
          doc
            .querySelector('#outer')
            ?.prepend(
              Object.assign(doc.createElement('div'), { className: 'answer', textContent: 'Zero' }),
            );
        },
      ],
      [
        'a container starting to match',
        (doc) => {
          const wrap = Object.assign(doc.createElement('div'), { className: 'wrap' });
          wrap.append(
            Object.assign(doc.createElement('div'), { className: 'answer', textContent: 'Three' }),
          );
          doc.body.append(wrap);
        },
      ],
    ])('reads what a fresh read does after %s', async (_name, mutate) => {
      const { after, fresh } = await readAfter(mutate, { body: NESTED, site: hasSite });
      expect(summary(after.replies)).toEqual(summary(fresh));
    });

    it('does not query the containers again when text grows inside a reply', async () => {
      const { counts } = await readAfter(
        (doc) => doc.querySelector('#r2 .answer')?.append(' more'),
        { body: NESTED, site: hasSite },
      );
      expect(counts).toEqual({ reread: ['r2'], queries: 0 });
    });

    it('queries again when :has() applies to an ancestor of the container', async () => {
      const ancestorSite = defineSite({ ...site, replySelector: ['main:has(.ready) .reply'] });
      const body =
        '<main><div class="reply" id="r1"><div class="body">One <b class="ready">!</b></div></div></main>';
      const { after, fresh } = await readAfter((doc) => doc.querySelector('.ready')?.remove(), {
        body,
        site: ancestorSite,
      });
      expect(summary(after.replies)).toEqual(summary(fresh));
      expect(after.replies).toEqual([]);
    });
  });
});
