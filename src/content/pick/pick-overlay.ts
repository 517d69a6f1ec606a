// Pick mode's overlay: outlines and a banner in a closed shadow root, outside the page's styles;
// the page's own elements are left untouched and its scripts cannot read what is shown.

/** At most this many replies are outlined in the preview (a long thread needs no more to be clear). */
const MAX_OUTLINES = 60;
const BOX_STYLE =
  'position:fixed;pointer-events:none;z-index:2147483647;border:2px solid #b45309;background:rgba(245,158,11,.15);border-radius:4px';
const BUTTON_STYLE =
  'margin:6px 8px 0 0;padding:4px 10px;border-radius:4px;border:1px solid #fbbf24;font:inherit;cursor:pointer';

export interface PickOverlay {
  /** Outlines these elements (none: clears), where they are now on screen. */
  outline(elements: readonly Element[]): void;
  /** Shows a message in the banner, with buttons when `actions` are given. */
  say(text: string, actions?: readonly { label: string; run: () => void }[]): void;
  remove(): void;
}

export function createPickOverlay(doc: Document): PickOverlay {
  const host = doc.createElement('recital-picker');
  const root = host.attachShadow({ mode: 'closed' });
  const boxes = doc.createElement('div');
  const banner = doc.createElement('div');
  banner.setAttribute('role', 'status');
  banner.style.cssText =
    'position:fixed;left:50%;top:12px;transform:translateX(-50%);z-index:2147483647;max-width:36rem;padding:8px 14px;border-radius:6px;background:#1c1917;color:#fff;font:14px/1.4 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3)';
  root.append(boxes, banner);
  (doc.body ?? doc.documentElement).append(host);
  return {
    outline(elements) {
      boxes.replaceChildren(
        ...elements.slice(0, MAX_OUTLINES).map((el) => {
          const r = el.getBoundingClientRect();
          const box = doc.createElement('div');
          box.style.cssText = BOX_STYLE;
          Object.assign(box.style, {
            left: `${r.left}px`,
            top: `${r.top}px`,
            width: `${r.width}px`,
            height: `${r.height}px`,
          });
          return box;
        }),
      );
    },
    say(text, actions = []) {
      const line = doc.createElement('div');
      line.textContent = text;
      const buttons = actions.map(({ label, run }) => {
        const button = doc.createElement('button');
        button.type = 'button';
        button.textContent = label;
        button.style.cssText = BUTTON_STYLE;
        button.addEventListener('click', run, { once: true });
        return button;
      });
      banner.replaceChildren(line, ...buttons);
      buttons[0]?.focus();
    },
    remove: () => host.remove(),
  };
}
