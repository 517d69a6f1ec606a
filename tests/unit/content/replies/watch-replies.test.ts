// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as readReplies from '../../../../src/content/replies/find-replies';
import { site as chatgpt } from '../../../../src/sites/chatgpt';
import { makeGenericSite } from '../../../../src/sites/generic';
import { start, chatgptTurn, stopButton } from './watch-harness';

describe('the reply watcher', () => {
  beforeEach(() => {
    document.body.replaceChildren();
  });
  afterEach(() => vi.restoreAllMocks());

  it('reads a streaming reply that grows by words and paragraphs exactly as a fresh read does, and says when its stream ended', async () => {
    const thread = document.createElement('main');
    const stop = stopButton();
    document.body.append(thread, stop);
    const turn = chatgptTurn('a-1', 'Intro');
    thread.append(turn);
    const h = start();
    await h.frame();
    const markdown = turn.querySelector('.markdown') as HTMLElement;
    let paragraph = turn.querySelector('p') as HTMLElement;
    for (let i = 0; i < 12; i++) {
      if (i % 4 === 3) {
        paragraph = document.createElement('p');
        markdown.append(paragraph);
      }
      paragraph.append(document.createTextNode(` w${i}`));
      if (i === 6) (markdown.querySelector('p')?.firstChild as Text).data = 'Intro, edited';
      await h.advance(16);
      const fresh = readReplies.findReplies(chatgpt, document)[0]?.text.text;
      expect(h.sent.at(-1)?.text).toBe(fresh);
    }
    expect(h.ended).toEqual([]);
    stop.remove();
    await h.advance(16);
    expect(h.ended).toEqual(['a-1']);
  });

  it('reports a streaming reply as its text grows, reading the page once per frame however many mutations came', async () => {
    const thread = document.createElement('main');
    const stop = stopButton();
    document.body.append(thread, stop);
    const turn = chatgptTurn('a-1', 'The');
    thread.append(turn);
    const h = start();
    await h.frame();
    expect(h.sent).toEqual([{ id: 'a-1', text: 'The', isComplete: false }]);

    const p = turn.querySelector('p') as HTMLElement;
    for (const word of [' keeper', ' climbed', ' the', ' steps'])
      p.append(document.createTextNode(word));
    const readsBefore = h.reads;
    await h.frame();
    expect(h.reads - readsBefore).toBe(1);
    expect(h.sent.at(-1)).toEqual({
      id: 'a-1',
      text: 'The keeper climbed the steps',
      isComplete: false,
    });

    // A mutation that leaves the text as it was sends nothing.
    p.setAttribute('class', 'x');
    await h.frame();
    expect(h.sent).toHaveLength(2);
  });

  it('reads words appended to a streaming reply every 50 ms, and a removal, a stream end or a change under a highlight in the next frame', async () => {
    const thread = document.createElement('main');
    const stop = stopButton();
    document.body.append(thread, stop);
    const turn = chatgptTurn('a-1', 'One');
    thread.append(turn);
    const painted = new Set<Node>();
    const h = start(chatgpt, { streamingReadGapMs: 50, isPainted: (node) => painted.has(node) });
    const texts = (): string[] => h.sent.map((s) => s.text);
    await h.frame();
    const p = turn.querySelector('p') as HTMLElement;
    const first = p.firstChild as Text;

    // Appended words and a text change no highlight ends in wait for the gap.
    p.append(' two');
    await h.advance(16);
    (p.lastChild as Text).data = ' two,';
    await h.advance(16);
    await h.advance(16);
    expect(texts()).toEqual(['One']);
    await h.advance(2);
    expect(texts()).toEqual(['One', 'One two,']);

    // A change to text a highlight ends in is read in the next frame.
    painted.add(first);
    first.data = 'Uno';
    await h.frame();
    expect(texts().at(-1)).toBe('Uno two,');

    // So is a removed node.
    p.append(' three');
    await h.frame();
    expect(texts().at(-1)).toBe('Uno two,');
    (first.nextSibling as Text).remove();
    await h.frame();
    expect(texts().at(-1)).toBe('Uno three');

    // And so is the end of the stream, with the words appended just before it.
    p.append(' four');
    await h.frame();
    expect(texts().at(-1)).toBe('Uno three');
    stop.remove();
    await h.frame();
    expect(texts().at(-1)).toBe('Uno three four');
    expect(h.ended).toEqual(['a-1']);
  });

  it('reads only the reply a mutation landed in, and finds a reply appended below the others', async () => {
    const thread = document.createElement('main');
    const turns = ['a-1', 'a-2', 'a-3'].map((id) => chatgptTurn(id, `Answer ${id}`));
    thread.append(...turns);
    document.body.append(thread);
    const h = start();
    await h.frame();
    await h.advance(600);
    const contentReads = vi.spyOn(readReplies, 'readReplyContent');
    (turns[1]?.querySelector('p') as HTMLElement).append(' edited');
    await h.frame();
    expect(contentReads.mock.calls.map(([, el]) => el.getAttribute('data-turn-id'))).toEqual([
      'a-2',
    ]);
    expect(h.sent.at(-1)).toEqual({ id: 'a-2', text: 'Answer a-2 edited', isComplete: false });
    expect(h.rendered.at(-1)).toEqual(['a-2']);

    contentReads.mockClear();
    const stop = stopButton();
    document.body.append(stop);
    thread.append(chatgptTurn('a-4', 'A new'));
    await h.frame();
    expect(contentReads.mock.calls.map(([, el]) => el.getAttribute('data-turn-id'))).toEqual([
      'a-4',
    ]);
    expect(h.counts.at(-1)).toBe(4);
    (thread.querySelector('[data-turn-id="a-4"] p') as HTMLElement).append(' reply streams');
    await h.advance(16);
    stop.remove();
    await h.frame();
    await h.advance(600);
    expect(h.sent.filter((s) => s.id === 'a-4')).toEqual([
      { id: 'a-4', text: 'A new', isComplete: false },
      { id: 'a-4', text: 'A new reply streams', isComplete: false },
      { id: 'a-4', text: 'A new reply streams', isComplete: true },
    ]);
    expect(h.ended).toEqual(['a-4']);
  });

  it('completes a reply once its streaming signal is gone and its text has been stable for the settle time', async () => {
    const stop = stopButton();
    const turn = chatgptTurn('a-1', 'Streaming words');
    document.body.append(turn, stop);
    const h = start();
    await h.frame();
    await h.advance(2000);
    expect(h.sent.filter((s) => s.isComplete)).toEqual([]);

    stop.remove();
    await h.frame();
    await h.advance(499);
    expect(h.sent.filter((s) => s.isComplete)).toEqual([]);
    await h.advance(1);
    expect(h.sent.filter((s) => s.isComplete)).toEqual([
      { id: 'a-1', text: 'Streaming words', isComplete: true },
    ]);
    await h.advance(5000);
    expect(h.sent.filter((s) => s.isComplete)).toHaveLength(1);
  });

  it('reopens a completed reply when it is regenerated and completes it again with the new text', async () => {
    const turn = chatgptTurn('a-1', 'First answer');
    document.body.append(turn);
    const h = start();
    await h.frame();
    await h.advance(600);
    const stop = stopButton();
    document.body.append(stop);
    (turn.querySelector('p') as HTMLElement).textContent = 'Second answer';
    await h.frame();
    stop.remove();
    await h.frame();
    await h.advance(600);
    expect(h.sent).toEqual([
      { id: 'a-1', text: 'First answer', isComplete: false },
      { id: 'a-1', text: 'First answer', isComplete: true },
      { id: 'a-1', text: 'Second answer', isComplete: false },
      { id: 'a-1', text: 'Second answer', isComplete: true },
    ]);
  });

  it('recognizes a reply without a site id when a virtualized list removes and re-adds it', async () => {
    const site = makeGenericSite('https://chat.example', '.reply');
    const list = document.createElement('div');
    const replies = ['Alpha answer text', 'Beta answer text', 'Gamma answer text'].map((text) => {
      const el = document.createElement('div');
      el.className = 'reply';
      el.textContent = text;
      return el;
    });
    list.append(...replies);
    document.body.append(list);
    const h = start(site);
    await h.frame();
    const idsBefore = new Set(h.sent.map((s) => s.id));
    expect(idsBefore.size).toBe(3);

    // Scrolled away: the first reply's node is dropped; scrolled back: a new node, same text.
    const copy = replies[0]?.cloneNode(true) as HTMLElement;
    replies[0]?.remove();
    await h.frame();
    list.prepend(copy);
    await h.frame();
    await h.advance(600);
    expect(new Set(h.sent.map((s) => s.id))).toEqual(idsBefore);
  });

  it('gives two containers that claim the same id distinct ids', async () => {
    document.body.append(chatgptTurn('dup', 'One text'), chatgptTurn('dup', 'Two text'));
    const h = start();
    await h.frame();
    expect(h.sent.map((s) => s.id)).toEqual(['dup', 'dup#2']);
  });

  it('reports the reply count, and zero only after the page had time to render its conversation', async () => {
    const filler = document.createElement('div');
    filler.textContent = 'A page whose replies the adapter cannot find';
    document.body.append(filler);
    const h = start(chatgpt, { emptyPageMs: 1500 });
    await h.frame();
    expect(h.counts).toEqual([]);
    await h.advance(1500);
    expect(h.counts).toEqual([0]);
    document.body.append(chatgptTurn('a-1', 'Now there is one'));
    await h.frame();
    expect(h.counts).toEqual([0, 1]);
  });

  it('tells the painter which replies re-rendered even when their text stayed the same', async () => {
    const turn = chatgptTurn('a-1', 'Same words');
    document.body.append(turn);
    const h = start();
    await h.frame();
    const p = turn.querySelector('p') as HTMLElement;
    p.replaceChildren(document.createTextNode('Same words'));
    await h.frame();
    expect(h.rendered).toEqual([['a-1'], ['a-1']]);
    expect(h.sent).toHaveLength(1);
  });

  it('spaces out reads of a reply that is slow to read, so it never takes over the main thread', async () => {
    const turn = chatgptTurn('a-1', 'One');
    document.body.append(turn, stopButton());
    const h = start();
    h.readCostMs = 4;
    await h.frame();
    const p = turn.querySelector('p') as HTMLElement;
    p.append(' two');
    await h.frame();
    expect(h.sent.map((s) => s.text)).toEqual(['One']);
    await h.advance(15);
    expect(h.sent.map((s) => s.text)).toEqual(['One']);
    await h.advance(1);
    expect(h.sent.map((s) => s.text)).toEqual(['One', 'One two']);
  });

  it('backs off reading while mutations keep changing nothing it reads, and picks up a real change after', async () => {
    const turn = chatgptTurn('a-1', 'Stable');
    const spinner = document.createElement('div');
    document.body.append(turn, spinner);
    const h = start();
    await h.frame();
    const readsAfterFirst = h.reads;
    for (let i = 0; i < 6; i++) {
      spinner.setAttribute('class', `frame-${i}`);
      await h.frame();
    }
    // Three idle reads run at frame rate; after them the reads wait (16 ms, then longer).
    expect(h.reads - readsAfterFirst).toBe(3);
    (turn.querySelector('p') as HTMLElement).append(' now');
    await h.advance(300);
    expect(h.sent.map((s) => s.text)).toEqual(['Stable', 'Stable now']);
  });

  it('stops watching when its signal aborts', async () => {
    const turn = chatgptTurn('a-1', 'Before');
    document.body.append(turn);
    const h = start();
    await h.frame();
    h.controller.abort();
    (turn.querySelector('p') as HTMLElement).textContent = 'After';
    await h.frame();
    await h.advance(1000);
    expect(h.sent).toEqual([{ id: 'a-1', text: 'Before', isComplete: false }]);
  });
});
