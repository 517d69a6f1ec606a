import { describe, expect, it } from 'vitest';
import { readReplyText } from '../../src/content/text/read-reply-text';
import type { ReplyText } from '../../src/content/text/reply-text';
import { loadHtml } from './load-html';

const KATEX =
  '<span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi><mn>2</mn></msup></mrow>' +
  '<annotation encoding="application/x-tex">E=mc^2</annotation></semantics></math></span>' +
  '<span class="katex-html" aria-hidden="true"><span class="base"><span class="mord">E</span><span class="mrel">=</span><span class="mord">m</span>' +
  '<span class="mord"><span class="mord">c</span><span class="msupsub"><span class="vlist">2</span></span></span></span></span></span>';

/** Reads the children of <body id="root"> (or every .root element) of `html`. */
function read(html: string, exclude: string[] = []): ReplyText {
  const doc = loadHtml(`<!doctype html><html><body>${html}</body></html>`);
  const roots = Array.from(doc.querySelectorAll('.root'));
  return readReplyText(roots.length > 0 ? roots : [doc.body], exclude);
}

describe('readReplyText reads what a person sees', () => {
  it.each([
    [
      'nested inline markup stays on one line',
      '<p>Hello <b>bold <i>nested</i></b> world</p><p>Next</p>',
      [],
      'Hello bold nested world\nNext',
    ],
    [
      'source whitespace between blocks is dropped',
      '<div>\n  <p>One</p>\n  <p>Two</p>\n</div>',
      [],
      'One\nTwo',
    ],
    [
      'lists read one item per line',
      '<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>',
      [],
      'a\nb\nc',
    ],
    [
      'headings, blockquotes and hr break lines',
      '<h2>T</h2><blockquote>q</blockquote><hr><p>p</p>',
      [],
      'T\nq\np',
    ],
    ['<br> breaks a line', '<p>a<br>b</p>', [], 'a\nb'],
    [
      'table cells are separated by tabs, rows by lines',
      '<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>',
      [],
      'A\tB\n1\t2',
    ],
    [
      'ARIA grid cells read like table cells, sort buttons keep their labels',
      '<div role="table"><div role="row"><div role="columnheader"><button>A</button></div><div role="columnheader"><button>B</button></div></div><div role="row"><div role="cell">1</div><div role="cell">2</div></div></div>',
      [],
      'A\tB\n1\t2',
    ],
    [
      'code blocks read as their code text, once',
      '<pre><code>a = 1\n  b = 2</code></pre><p>after</p>',
      [],
      'a = 1\n  b = 2\nafter',
    ],
    [
      'excluded subtrees are left out',
      '<p>Start<span class="cite">[1]</span> end</p><div class="think"><p>hidden thought</p></div>',
      ['.cite', '.think'],
      'Start end',
    ],
    [
      'script, style, template, button and svg are left out',
      '<p>a<script>x()</script><style>p{}</style><template><p>t</p></template><button>Copy</button><svg><text>s</text></svg>b</p>',
      [],
      'ab',
    ],
    [
      'hidden, aria-hidden, display:none and sr-only are left out',
      '<p>a<span hidden>h</span><span aria-hidden="true">x</span><span style="display: none">n</span><span class="sr-only">said:</span>b</p>',
      [],
      'ab',
    ],
    ['KaTeX reads as its rendered copy only', `<p>Energy: ${KATEX}.</p>`, [], 'Energy: E=mc2.'],
    [
      'KaTeX without MathML (Gemini) still reads',
      '<p>x <span class="katex"><span class="katex-html" aria-hidden="true">E=mc2</span></span></p>',
      [],
      'x E=mc2',
    ],
    [
      'display math is a block',
      `<p>a</p><span class="katex-display">${KATEX}</span><p>b</p>`,
      [],
      'a\nE=mc2\nb',
    ],
    [
      'a closed <details> shows its summary only',
      '<details><summary>Sum</summary><p>body</p></details><details open><summary>S2</summary><p>shown</p></details>',
      [],
      'Sum\nS2\nshown',
    ],
    ['an empty root reads as empty text', '', [], ''],
    ['a whitespace-only root reads as empty text', '<div>\n   \n</div>', [], ''],
    ['surrogate pairs are kept as UTF-16', '<p>😀 a 😀</p>', [], '😀 a 😀'],
  ] as const)('%s', (_name, html, exclude, expected) => {
    const reply = read(html, [...exclude]);
    expect(reply.text).toBe(expected);
  });

  it('separates several roots like blocks, in the order given', () => {
    const reply = read('<span class="root">one</span><b>skip</b><span class="root">two</span>');
    expect(reply.text).toBe('one\ntwo');
  });

  it('reads nothing from no roots', () => {
    expect(readReplyText([], [])).toEqual({ text: '', segments: [] });
  });

  it('records ascending, non-empty segments that match their node text', () => {
    const reply = read('<p>Hello <b>bold</b></p><ul><li>x</li></ul>');
    expect(reply.segments.map((seg) => [seg.start, seg.end, seg.node.data])).toEqual([
      [0, 6, 'Hello '],
      [6, 10, 'bold'],
      [11, 12, 'x'],
    ]);
  });
});
