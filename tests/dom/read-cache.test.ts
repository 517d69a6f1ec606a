import { describe, expect, it } from 'vitest';
import { ReadCache } from '../../src/content/text/read-cache';
import { readReplyText } from '../../src/content/text/read-reply-text';
import type { ReplyText } from '../../src/content/text/reply-text';
import { loadHtml, observeMutations } from './load-html';

describe('ReadCache reuses unchanged blocks and reads exactly what a fresh read does', () => {
  const STREAM =
    '<div class="root"><h2>Title</h2><p>First <b>bold</b> words</p>\n  <ul><li>one</li><li>two <i>deux</i></li></ul>' +
    '<pre><code>let a = 1;\n  b();</code></pre><table><tr><td>x</td><td>y</td></tr></table><p id="last">Tail</p></div>';

  /** Reads once with the cache, applies `mutate`, then reads again with and without it. */
  async function readAfter(html: string, exclude: string[], mutate: (doc: Document) => void) {
    const doc = loadHtml(`<!doctype html><html><body>${html}</body></html>`);
    const roots = (): Element[] => Array.from(doc.querySelectorAll('.root'));
    const cache = new ReadCache();
    cache.beginRead([]);
    readReplyText(roots(), exclude, cache);
    const { changed, parents, removed } = await observeMutations(doc, mutate);
    cache.beginRead(changed, parents, removed);
    return {
      cached: readReplyText(roots(), exclude, cache),
      fresh: readReplyText(roots(), exclude),
    };
  }

  it.each<[string, string, string[], (doc: Document) => void]>([
    [
      'a text node appended to the last paragraph',
      STREAM,
      [],
      (doc) => doc.querySelector('#last')?.append(' more words'),
    ],
    [
      'a text node grown in place',
      STREAM,
      [],
      (doc) => ((doc.querySelector('#last')?.firstChild as Text).data += ' grown'),
    ],
    [
      'a new paragraph after the last',
      STREAM,
      [],
      (doc) =>
        doc
          .querySelector('#last')
          ?.after(Object.assign(doc.createElement('p'), { textContent: 'Next' })),
    ],
    [
      'an empty paragraph added',
      STREAM,
      [],
      (doc) => doc.querySelector('#last')?.after(doc.createElement('p')),
    ],
    [
      'a list item added',
      STREAM,
      [],
      (doc) =>
        doc
          .querySelector('ul')
          ?.append(Object.assign(doc.createElement('li'), { textContent: 'three' })),
    ],
    [
      'an edit in the middle (unicode)',
      STREAM,
      [],
      (doc) => ((doc.querySelector('i')?.firstChild as Text).data = 'zwei ✓ 😀'),
    ],
    [
      'a code line streamed into <pre>',
      STREAM,
      [],
      (doc) => doc.querySelector('code')?.append('\n  c();'),
    ],
    [
      'a paragraph hidden',
      STREAM,
      [],
      (doc) => doc.querySelector('h2')?.setAttribute('hidden', ''),
    ],
    [
      'an excluded class set on an ancestor',
      STREAM,
      ['.skip li'],
      (doc) => doc.querySelector('.root')?.classList.add('skip'),
    ],
    [
      'a sibling making an exclusion match',
      '<div class="root"><p>Keep</p><p class="x">Lead</p><p>Tail</p></div>',
      ['.x:has(+ pre)'],
      (doc) =>
        doc
          .querySelector('.x')
          ?.after(Object.assign(doc.createElement('pre'), { textContent: 'code' })),
    ],
    ['the first text removed', STREAM, [], (doc) => doc.querySelector('h2')?.remove()],
    [
      'CRLF and whitespace-only nodes appended',
      STREAM,
      [],
      (doc) =>
        doc
          .querySelector('.root')
          ?.append('\r\n  ', Object.assign(doc.createElement('p'), { textContent: 'a\r\nb' })),
    ],
    [
      'whitespace after a line break that ends a paragraph',
      '<div class="root"><p>One</p><p id="last">Two\n</p></div>',
      [],
      (doc) => doc.querySelector('#last')?.append('  ', 'three'),
    ],
    [
      'a paragraph inserted before the last',
      STREAM,
      [],
      (doc) =>
        doc
          .querySelector('#last')
          ?.before(Object.assign(doc.createElement('p'), { textContent: 'Inserted' })),
    ],
    [
      'a block removed before the last and the last grown',
      STREAM,
      [],
      (doc) => {
        doc.querySelector('table')?.remove();
        doc.querySelector('#last')?.append(' grown');
      },
    ],
    [
      'a block replaced by one with other text',
      STREAM,
      [],
      (doc) =>
        doc
          .querySelector('pre')
          ?.replaceWith(Object.assign(doc.createElement('p'), { textContent: 'Was code' })),
    ],
    [
      'a block removed and another inserted in its place',
      STREAM,
      [],
      (doc) => {
        const table = doc.querySelector('table');
        table?.before(Object.assign(doc.createElement('p'), { textContent: 'In its place' }));
        table?.remove();
      },
    ],
    [
      'the last paragraph moved to the front',
      STREAM,
      [],
      (doc) => doc.querySelector('.root')?.prepend(doc.querySelector('#last') as Element),
    ],
    [
      'text added between blocks',
      STREAM,
      [],
      (doc) => doc.querySelector('table')?.after('loose text'),
    ],
    [
      'a list item grown and a paragraph added after the list',
      STREAM,
      [],
      (doc) => {
        doc.querySelector('li')?.append(' more');
        doc
          .querySelector('ul')
          ?.after(Object.assign(doc.createElement('p'), { textContent: 'After the list' }));
      },
    ],
  ])('after %s', async (_name, html, exclude, mutate) => {
    const { cached, fresh } = await readAfter(html, exclude, mutate);
    expect(cached.text).toBe(fresh.text);
    expect(cached.segments).toEqual(fresh.segments);
  });

  it('reuses the segments of blocks that stayed in place, and moves them when text before them changed', () => {
    const doc = loadHtml(
      '<!doctype html><html><body><div class="root"><p id="a">One</p><p>Two <b>bold</b></p><p id="last">Three</p></div></body></html>',
    );
    const roots = Array.from(doc.querySelectorAll('.root'));
    const cache = new ReadCache();
    const read = (changed: Node[], parents: Node[] = []): ReplyText => {
      cache.beginRead(changed, parents);
      return readReplyText(roots, [], cache);
    };
    const last = doc.querySelector('#last') as Element;
    read([]);
    last.append(' more');
    const grown = read([last.lastChild as Node], [last]);
    last.append(' again');
    const again = read([last.lastChild as Node], [last]);
    expect(again.segments[1]).toBe(grown.segments[1]);
    expect(again.segments).toEqual(readReplyText(roots, []).segments);
    const first = doc.querySelector('#a') as Element;
    (first.firstChild as Text).data = 'Uno, dos';
    const moved = read([first.firstChild as Node]);
    expect(moved.text).toBe('Uno, dos\nTwo bold\nThree more again');
    expect(moved.segments).toEqual(readReplyText(roots, []).segments);
  });

  it.each<[string, string[]]>([
    ['without exclusions', []],
    ['with an exclusion', ['.skip']],
    ['with an exclusion that depends on siblings', ['.x:has(+ pre)']],
    ['with an exclusion that depends on what is inside', ['.x:has(b)']],
  ])(
    'reads what a fresh read does through a long run of random changes, %s',
    async (_name, exclude) => {
      const doc = loadHtml(
        '<!doctype html><html><body><div class="root"><p>Start</p></div></body></html>',
      );
      const root = doc.querySelector('.root') as Element;
      const cache = new ReadCache(root);
      cache.beginRead([]);
      readReplyText([root], exclude, cache);
      let seed = 7;
      const random = (n: number): number => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
      const pick = <T>(list: ArrayLike<T>): T | undefined => list[random(Math.max(1, list.length))];
      const block = (d: Document): Element => {
        const tag = pick(['p', 'p', 'p', 'li', 'pre', 'div']) as string;
        const el = d.createElement(tag === 'li' ? 'ul' : tag);
        const inner = tag === 'li' ? el.appendChild(d.createElement('li')) : el;
        inner.append(`b${random(100)} `);
        if (random(3) === 0)
          inner.append(Object.assign(d.createElement('b'), { textContent: 'bold' }), ' after');
        if (random(4) === 0) el.className = pick(['x', 'skip']) as string;
        return el;
      };
      /** The reply's last text node with text: a stream grows it, or adds text right after it. */
      const lastText = (d: Document): Text | undefined => {
        const walker = d.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
        let last: Text | undefined;
        for (let node = walker.nextNode(); node; node = walker.nextNode())
          if ((node as Text).data.trim() !== '') last = node as Text;
        return last;
      };
      const changes: ((d: Document) => void)[] = [
        (d) => lastText(d)?.after(` t${random(100)}`),
        (d) => lastText(d)?.after(` t${random(100)}`, pick(['', ' ', 'u']) as string),
        (d) => {
          const text = lastText(d);
          if (text) text.data += pick([` g${random(100)}`, '\n', '']) as string;
        },
        (d) => pick(d.querySelectorAll('.root p, .root li, .root pre'))?.append(` w${random(100)}`),
        (d) => pick(d.querySelectorAll('.root p, .root li, .root pre'))?.append(` w${random(100)}`),
        (d) => root.append(block(d)),
        (d) => pick(root.children)?.before(block(d)),
        () => pick(root.children)?.remove(),
        (d) => pick(root.childNodes)?.replaceWith(block(d)),
        (d) => root.prepend(pick(root.children) ?? block(d)),
        () => pick(root.children)?.after(pick(['\n  ', 'loose', '']) as string),
        (d) =>
          pick(d.querySelectorAll('.root ul'))?.append(
            Object.assign(d.createElement('li'), { textContent: `item ${random(100)}` }),
          ),
        (d) => pick(d.querySelectorAll('.root *'))?.classList.toggle(pick(['x', 'skip']) as string),
        (d) => pick(d.querySelectorAll('.root *'))?.toggleAttribute('hidden'),
        (d) => {
          const text = pick(d.querySelectorAll('.root p, .root li'))?.firstChild;
          if (text?.nodeType === 3) (text as Text).data = `edited ${random(100)}`;
        },
        (d) => pick(d.querySelectorAll('.root p, .root li'))?.firstChild?.remove(),
        (d) =>
          pick(d.querySelectorAll('.root p, .root li, .root pre'))?.append(
            pick(['line\n', '  ', '\n']) as string,
          ),
        (d) =>
          pick(d.querySelectorAll('.root *'))?.append(
            Object.assign(d.createElement('b'), { textContent: 'new bold' }),
          ),
      ];
      for (let step = 0; step < 200; step++) {
        const { changed, parents, removed } = await observeMutations(doc, (d) => {
          for (let k = random(3); k >= 0; k--) pick(changes)?.(d);
        });
        cache.beginRead(changed, parents, removed);
        const cached = readReplyText([root], exclude, cache);
        const fresh = readReplyText([root], exclude);
        expect(cached.text, `step ${step}`).toBe(fresh.text);
        expect(cached.segments, `step ${step}`).toEqual(fresh.segments);
      }
    },
  );

  it('reads text appended after the last text node without walking the reply, and the blocks learn of it at the next full read', () => {
    const doc = loadHtml(
      '<!doctype html><html><body><div class="root"><p id="a">One</p><p id="last">Two</p></div></body></html>',
    );
    const roots = Array.from(doc.querySelectorAll('.root'));
    const cache = new ReadCache();
    cache.beginRead([]);
    readReplyText(roots, [], cache);
    const first = doc.querySelector('#a') as Element;
    const last = doc.querySelector('#last') as Element;
    // Changed behind the cache's back: a read that walked the reply would see it.
    (first.firstChild as Text).data = 'Uno';
    last.append(' more');
    cache.beginRead([last.lastChild as Node], [last]);
    const appended = readReplyText(roots, [], cache);
    expect(appended.text).toBe('One\nTwo more');
    (last.lastChild as Text).data = ' more words';
    cache.beginRead([last.lastChild as Node]);
    expect(readReplyText(roots, [], cache).text).toBe('One\nTwo more words');
    // A new paragraph is a full read: the last paragraph is read again (it changed since the
    // previous full read), the first is reused.
    last.after(Object.assign(doc.createElement('p'), { textContent: 'Three' }));
    cache.beginRead([last.nextSibling as Node], [last.parentNode as Node]);
    expect(readReplyText(roots, [], cache).text).toBe('One\nTwo more words\nThree');
  });

  it('reuses the unchanged paragraphs of a growing reply', async () => {
    const doc = loadHtml(
      '<!doctype html><html><body><div class="root"><p>One</p><p>Two</p><p id="last">Three</p></div></body></html>',
    );
    const roots = Array.from(doc.querySelectorAll('.root'));
    const cache = new ReadCache();
    cache.beginRead([]);
    readReplyText(roots, [], cache);
    const first = doc.querySelector('p') as Element;
    // Changed behind the cache's back: a reused block keeps its old text, which shows reuse.
    (first.firstChild as Text).data = 'Uno';
    const last = doc.querySelector('#last') as Element;
    last.append(' more');
    cache.beginRead([], [last]);
    expect(readReplyText(roots, [], cache).text).toBe('One\nTwo\nThree more');
    cache.beginRead([first.firstChild as Node]);
    expect(readReplyText(roots, [], cache).text).toBe('Uno\nTwo\nThree more');
  });
});
