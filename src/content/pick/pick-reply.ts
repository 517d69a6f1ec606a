// Pick mode: the user points at one chatbot reply, Recital outlines the container it would watch,
// and the click chooses it. The overlay lives in a closed shadow root, outside the page's styles,
// and leaves the page's own elements untouched.
import { countMatches, deriveReplySelector, type DerivedSelector } from './derive-reply-selector';

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

function createOverlay(doc: Document) {
  const host = doc.createElement('recital-picker');
  const root = host.attachShadow({ mode: 'closed' });
  const box = doc.createElement('div');
  box.style.cssText =
    'position:fixed;pointer-events:none;z-index:2147483647;border:2px solid #b45309;background:rgba(245,158,11,.15);border-radius:4px;display:none';
  const banner = doc.createElement('div');
  banner.setAttribute('role', 'status');
  banner.style.cssText =
    'position:fixed;left:50%;top:12px;transform:translateX(-50%);z-index:2147483647;max-width:36rem;padding:8px 14px;border-radius:6px;background:#1c1917;color:#fff;font:14px/1.4 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3)';
  root.append(box, banner);
  (doc.body ?? doc.documentElement).append(host);
  return {
    outline(el: Element | undefined): void {
      if (!el) {
        box.style.display = 'none';
        return;
      }
      const r = el.getBoundingClientRect();
      Object.assign(box.style, {
        display: 'block',
        left: `${r.left}px`,
        top: `${r.top}px`,
        width: `${r.width}px`,
        height: `${r.height}px`,
      });
    },
    say: (text: string) => void (banner.textContent = text),
    remove: () => host.remove(),
  };
}

/**
 * Starts pick mode on `doc`: hovering outlines the reply container, a click picks it (the page
 * never sees that click), Escape cancels. `onPicked` gets the selector and its match count.
 */
export function startPickMode(
  doc: Document,
  onPicked: (picked: PickedReply) => void,
  onCancel: () => void = () => undefined,
): PickMode {
  const overlay = createOverlay(doc);
  const controller = new AbortController();
  const { signal } = controller;
  let current: DerivedSelector | undefined;
  overlay.say('Recital: click one chatbot reply on this page. Esc cancels.');

  const targetOf = (event: Event): Element | undefined =>
    event.target instanceof Element && event.target.localName !== 'recital-picker'
      ? event.target
      : undefined;
  const stopListening = (): void => controller.abort();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const end = (): void => {
    stopListening();
    if (timer !== undefined) clearTimeout(timer);
    overlay.remove();
  };

  doc.addEventListener(
    'mousemove',
    (event) => {
      const target = targetOf(event);
      current = target ? deriveReplySelector(target) : undefined;
      overlay.outline(current?.container);
    },
    { capture: true, signal },
  );
  // The page's own handlers must not act on the picking click (links, buttons, copy menus).
  for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup'] as const) {
    doc.addEventListener(
      type,
      (event) => {
        event.preventDefault();
        event.stopPropagation();
      },
      { capture: true, signal },
    );
  }
  doc.addEventListener(
    'click',
    (event) => {
      event.preventDefault();
      event.stopPropagation();
      const target = targetOf(event);
      const derived = target ? deriveReplySelector(target) : undefined;
      if (!derived) return;
      stopListening();
      overlay.outline(undefined);
      const matchCount = countMatches(doc, derived.selector);
      overlay.say(
        `Recital found ${matchCount} ${matchCount === 1 ? 'reply' : 'replies'} like this one. Saving…`,
      );
      onPicked({ selector: derived.selector, matchCount });
    },
    { capture: true, signal },
  );
  doc.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== 'Escape') return;
      end();
      onCancel();
    },
    { capture: true, signal },
  );

  return {
    finish(message) {
      stopListening();
      overlay.say(message);
      timer = setTimeout(end, MESSAGE_MS);
    },
    cancel: end,
  };
}
