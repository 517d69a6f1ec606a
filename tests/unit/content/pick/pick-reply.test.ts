// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startPickMode, type PickedReply } from '../../../../src/content/pick/pick-reply';

// The overlay's shadow root is closed on purpose (the page must not read it); the test opens it
// to press the banner's buttons as the user would.
function openShadows(): () => ShadowRoot | null {
  const attach = HTMLElement.prototype.attachShadow;
  vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(function (
    this: HTMLElement,
    init: ShadowRootInit,
  ) {
    return attach.call(this, { ...init, mode: 'open' });
  });
  return () => document.querySelector('recital-picker')?.shadowRoot ?? null;
}

function build(html: string): void {
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  document.body.replaceWith(document.importNode(parsed.body, true));
}

const click = (el: Element | null): boolean | undefined =>
  el?.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));

const THREAD =
  '<main><div class="msg user-message"><p id="mine">My pasted passage</p></div>' +
  '<div class="msg"><p id="reply">Answer one</p></div><div class="msg"><p>Answer two</p></div></main>';

afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe('pick mode shows what it will watch before saving', () => {
  it('a click previews the replies, leaving out the user turn; only "Watch these replies" saves', () => {
    const shadow = openShadows();
    build(THREAD);
    const picked: PickedReply[] = [];
    startPickMode(document, (reply) => picked.push(reply));

    expect(click(document.querySelector('#reply'))).toBe(false);
    const banner = shadow()?.querySelector('[role="status"]');
    expect(banner?.textContent).toContain('Recital will watch 2 replies like this one');
    expect(picked).toEqual([]);

    const save = Array.from(banner?.querySelectorAll('button') ?? []).find(
      (button) => button.textContent === 'Watch these replies',
    );
    click(save ?? null);
    expect(picked).toHaveLength(1);
    expect(picked[0]?.matchCount).toBe(2);
    expect(document.querySelector('.user-message')?.matches(picked[0]?.selector ?? '')).toBe(false);
  });

  it('a click in the user own message is refused with a note, and picking goes on', () => {
    const shadow = openShadows();
    build(THREAD);
    const picked: PickedReply[] = [];
    startPickMode(document, (reply) => picked.push(reply));
    click(document.querySelector('#mine'));
    expect(shadow()?.querySelector('[role="status"]')?.textContent).toContain(
      'That is your own message',
    );
    click(document.querySelector('#reply'));
    expect(shadow()?.querySelector('[role="status"]')?.textContent).toContain(
      'Recital will watch 2 replies',
    );
    expect(picked).toEqual([]);
  });

  it('"Pick again" goes back to picking without saving', () => {
    const shadow = openShadows();
    build(THREAD);
    const picked: PickedReply[] = [];
    startPickMode(document, (reply) => picked.push(reply));
    click(document.querySelector('#reply'));
    const again = Array.from(shadow()?.querySelectorAll('button') ?? []).find(
      (button) => button.textContent === 'Pick again',
    );
    click(again ?? null);
    expect(shadow()?.querySelector('[role="status"]')?.textContent).toContain(
      'click one chatbot reply',
    );
    // Picking listens again: the next click on a reply previews anew.
    expect(click(document.querySelector('#reply'))).toBe(false);
    expect(picked).toEqual([]);
  });
});
