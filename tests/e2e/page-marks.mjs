/* global document, getComputedStyle -- marksInWorld runs inside the page, in the content script's world */
// Reads Recital's marks the way only the extension can: from the content script's isolated
// world, entered through CDP (the page's own world sees no mark, see docs/privacy.md). Shared
// by the end-to-end tests and the content bench; works for the overlay painter and for builds
// that painted with CSS.highlights.

/**
 * Runs in the content script's world. Every painted Range of `kind`, in document order, as
 * `{ text, inside }`: `text` is what its boxes cover on screen (a Range from the caret at the
 * first box's first character to the caret at the last box's last character), `null` for a
 * mark out of view; `inside` says whether it starts or ends in an element matching `selector`.
 */
export function marksInWorld({ kind, selector }) {
  const ranges = [];
  let outOfView = 0;
  const legacy = globalThis.CSS?.highlights?.get(`recital-${kind}`);
  if (legacy) {
    ranges.push(...legacy);
  } else {
    // Chrome: chrome.dom; Firefox: the element's own property, given to content scripts only.
    const open = (el) =>
      globalThis.chrome?.dom?.openOrClosedShadowRoot?.(el) ?? el.openOrClosedShadowRoot ?? null;
    // Chrome: caretRangeFromPoint; Firefox: caretPositionFromPoint.
    const caretAt = (x, y) => {
      if (document.caretRangeFromPoint) {
        const range = document.caretRangeFromPoint(x, y);
        return range && { node: range.startContainer, offset: range.startOffset };
      }
      const position = document.caretPositionFromPoint(x, y);
      return position && { node: position.offsetNode, offset: position.offset };
    };
    const host = [...document.documentElement.children].find(
      (el) => el.shadowRoot === null && open(el) !== null,
    );
    const root = host ? open(host) : null;
    for (const group of root ? root.querySelectorAll(`.${kind} > div`) : []) {
      const boxes = [...group.children]
        .map((box) => box.getBoundingClientRect())
        .filter((r) => r.width > 0 && r.height > 0);
      const first = boxes[0];
      const last = boxes.at(-1);
      const start = first && caretAt(first.left + 1, (first.top + first.bottom) / 2);
      const end = last && caretAt(last.right - 1, (last.top + last.bottom) / 2);
      if (!start || !end) {
        outOfView++;
        continue;
      }
      const range = document.createRange();
      range.setStart(start.node, start.offset);
      range.setEnd(end.node, end.offset);
      ranges.push(range);
    }
  }
  ranges.sort((a, b) => a.compareBoundaryPoints(0 /* START_TO_START */, b));
  const elementOf = (node) => (node.nodeType === 1 ? node : node.parentElement);
  const marks = ranges.map((range) => ({
    text: range.toString(),
    inside:
      selector !== undefined &&
      [range.startContainer, range.endContainer].some((node) => elementOf(node)?.closest(selector)),
  }));
  for (let i = 0; i < outOfView; i++) marks.push({ text: null, inside: false });
  return marks;
}

/** Runs in the content script's world: the computed underline colour of each visible box of `kind`. */
export function markColorsInWorld({ kind }) {
  const open = (el) =>
    globalThis.chrome?.dom?.openOrClosedShadowRoot?.(el) ?? el.openOrClosedShadowRoot ?? null;
  const host = [...document.documentElement.children].find(
    (el) => el.shadowRoot === null && open(el) !== null,
  );
  const root = host ? open(host) : null;
  return [...(root ? root.querySelectorAll(`.${kind} > div > div`) : [])].map(
    (box) => getComputedStyle(box).borderBottomColor,
  );
}

/**
 * Runs in the content script's world: the hover card's words (each `data-text` its CSS draws,
 * in order, joined), its box and the centre of its "Show in Recital" button; `null` when no
 * card shows.
 */
export function cardInWorld() {
  const open = (el) => globalThis.chrome?.dom?.openOrClosedShadowRoot(el) ?? null;
  const host = [...document.documentElement.children].find(
    (el) => el.shadowRoot === null && open(el) !== null,
  );
  const card = host ? open(host)?.querySelector('.card') : null;
  if (!card) return null;
  const button = card.querySelector('.show')?.getBoundingClientRect();
  const { left, top, width, height } = card.getBoundingClientRect();
  return {
    box: { x: left, y: top, width, height },
    text: [...card.querySelectorAll('[data-text]')]
      .map((el) => el.getAttribute('data-text'))
      .join(''),
    button: button
      ? { x: button.left + button.width / 2, y: button.top + button.height / 2 }
      : null,
  };
}

/** Runs in the content script's world: the centre of the first visible box of `kind`, or null. */
export function markCentreInWorld({ kind }) {
  const open = (el) => globalThis.chrome?.dom?.openOrClosedShadowRoot(el) ?? null;
  const host = [...document.documentElement.children].find(
    (el) => el.shadowRoot === null && open(el) !== null,
  );
  const root = host ? open(host) : null;
  for (const box of root ? root.querySelectorAll(`.${kind} > div > div`) : []) {
    const r = box.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }
  return null;
}

/**
 * Evaluates functions in the content script's isolated world of `page`'s top frame, through a
 * CDP session. Waits (up to `timeoutMs`) for that world to exist: the script starts at
 * document_idle. A navigation makes a new world; the newest is used.
 */
export async function isolatedWorld(context, page, timeoutMs = 10_000) {
  const cdp = await context.newCDPSession(page);
  const worlds = new Map();
  cdp.on('Runtime.executionContextCreated', ({ context: c }) => {
    if (c.auxData?.type === 'isolated' && c.origin.startsWith('chrome-extension://'))
      worlds.set(c.id, c.auxData.frameId);
  });
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) =>
    worlds.delete(executionContextId),
  );
  cdp.on('Runtime.executionContextsCleared', () => worlds.clear());
  await cdp.send('Runtime.enable');
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const top = frameTree.frame.id;
  const current = async () => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ids = [...worlds].filter(([, frame]) => frame === top).map(([id]) => id);
      if (ids.length > 0) return Math.max(...ids);
      if (Date.now() > deadline) throw new Error('no content-script world in the page');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return {
    async evaluate(fn, arg) {
      const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', {
        functionDeclaration: fn.toString(),
        executionContextId: await current(),
        arguments: [{ value: arg }],
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails)
        throw new Error(
          `in the content script's world: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`,
        );
      return result.value;
    },
    detach: () => cdp.detach(),
  };
}

/**
 * Source of a function for `isolatedWorld(...).evaluate`: resolves with the page's clock once an
 * exact mark covers `text` (inside an element matching `selector`, when given), or null after
 * `timeoutMs`; polls every 2 ms. The marks' text is read (hit tests, which force a layout the
 * content script would then wait for) only when the overlay's boxes changed. Shared by the
 * content and budget benches.
 */
export const WAIT_FOR_MARK = `async ({ text, selector, timeoutMs }) => {
  const marksInWorld = ${marksInWorld};
  const open = (el) => globalThis.chrome?.dom?.openOrClosedShadowRoot(el) ?? null;
  const boxesNow = () => {
    if (globalThis.CSS?.highlights?.get('recital-exact')) return Math.random();
    const host = [...document.documentElement.children].find((el) => el.shadowRoot === null && open(el));
    const root = host ? open(host) : null;
    return root ? [...root.querySelectorAll('.exact > div > div')].map((box) => box.style.cssText).join() : '';
  };
  const started = performance.now();
  let seen;
  for (;;) {
    const boxes = boxesNow();
    if (boxes !== seen) {
      seen = boxes;
      const marks = marksInWorld({ kind: 'exact', selector });
      if (marks.some((mark) => mark.text === text && (selector === undefined || mark.inside)))
        return performance.now();
    }
    if (performance.now() - started > timeoutMs) return null;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}`;
