// Pick mode: the user points at one chatbot reply, Recital outlines the container it would watch,
// the click shows every reply the derived selector would watch, and the user saves or picks again.
import { countMatches, deriveReplySelector, type DerivedSelector } from './derive-reply-selector';
import { createPickOverlay } from './pick-overlay';
import { isInUserTurn } from '../replies/user-turns';

export interface PickedReply {
  selector: string;
  matchCount: number;
}

export interface PickMode {
  /** Shows a message in the banner (the save result), then removes the overlay after a while. */
  finish(message: string): void;
  cancel(): void;
}

const MESSAGE_MS = 6000;

const ASK = 'Recital: click one chatbot reply on this page. Esc cancels.';

/** What the preview says about the replies a selector would watch. */
function previewMessage(matchCount: number): string {
  return `Recital will watch ${matchCount} ${matchCount === 1 ? 'reply' : 'replies'} like this one (outlined). Your own messages are left out.`;
}

/**
 * Starts pick mode on `doc`: hovering outlines the reply container, a click (the page never
 * sees it) outlines every reply the derived selector matches and asks to save them or pick
 * again; Escape cancels. `onPicked` gets the selector and its match count, once saved.
 */
export function startPickMode(
  doc: Document,
  onPicked: (picked: PickedReply) => void,
  onCancel: () => void = () => undefined,
): PickMode {
  const overlay = createPickOverlay(doc);
  const life = new AbortController();
  let picking: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const end = (): void => {
    life.abort();
    picking?.abort();
    if (timer !== undefined) clearTimeout(timer);
    overlay.remove();
  };
  const targetOf = (event: Event): Element | undefined =>
    event.target instanceof Element && event.target.localName !== 'recital-picker'
      ? event.target
      : undefined;

  const preview = (derived: DerivedSelector): void => {
    picking?.abort();
    const matches = Array.from(doc.querySelectorAll(derived.selector));
    overlay.outline(matches);
    overlay.say(previewMessage(matches.length), [
      {
        label: 'Watch these replies',
        run: () => {
          overlay.outline([]);
          overlay.say('Saving…');
          onPicked({ selector: derived.selector, matchCount: countMatches(doc, derived.selector) });
        },
      },
      { label: 'Pick again', run: () => listen() },
    ]);
  };

  const listen = (): void => {
    picking = new AbortController();
    const options = { capture: true, signal: picking.signal };
    overlay.outline([]);
    overlay.say(ASK);
    doc.addEventListener(
      'mousemove',
      (event) => {
        const target = targetOf(event);
        const current = target ? deriveReplySelector(target) : undefined;
        overlay.outline(current ? [current.container] : []);
      },
      options,
    );
    // The page's own handlers must not act on the picking click (links, buttons, copy menus).
    const block = (event: Event): void => {
      event.preventDefault();
      event.stopPropagation();
    };
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup'] as const)
      doc.addEventListener(type, block, options);
    doc.addEventListener(
      'click',
      (event) => {
        event.preventDefault();
        event.stopPropagation();
        const target = targetOf(event);
        const derived = target ? deriveReplySelector(target) : undefined;
        if (derived) preview(derived);
        else if (target && isInUserTurn(target))
          overlay.say("That is your own message. Click one of the chatbot's replies. Esc cancels.");
      },
      options,
    );
  };

  doc.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== 'Escape') return;
      end();
      onCancel();
    },
    { capture: true, signal: life.signal },
  );
  listen();

  return {
    finish(message) {
      picking?.abort();
      overlay.say(message);
      timer = setTimeout(end, MESSAGE_MS);
    },
    cancel: end,
  };
}
