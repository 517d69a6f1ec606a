// Puts a memorization probe's prompt into the chat's prompt box the way a typing user would, so
// the site's editor (React textarea, ProseMirror, Quill) takes it as its own input. It never
// clicks send and never dispatches Enter: the user sends, or not (docs/probe.md).
import { DEFAULT_COMPOSER, type SiteDefinition } from '../../sites/define-site';

export type FillOutcome =
  | { ok: true; kind: 'textarea' | 'contenteditable' }
  | { ok: false; reason: 'no-composer' | 'not-taken' };

// Tag names, not instanceof: the page's document may come from another window (tests, frames).
function isTextarea(el: Element): el is HTMLTextAreaElement {
  return el.localName === 'textarea';
}

function isEditable(el: Element): el is HTMLElement {
  if (isTextarea(el)) return !el.disabled && !el.readOnly;
  return (el as HTMLElement).isContentEditable !== false;
}

/** An input event of the element's own window, as the browser makes for typing. */
function inputEvent(el: Element, type: 'beforeinput' | 'input', data: string): InputEvent {
  const view = el.ownerDocument.defaultView as (Window & typeof globalThis) | null;
  const Constructor = view?.InputEvent ?? InputEvent;
  return new Constructor(type, {
    bubbles: true,
    cancelable: type === 'beforeinput',
    inputType: 'insertText',
    data,
  });
}

/** The `value` setter of the element's prototype chain (HTMLTextAreaElement.prototype's). */
function prototypeValueSetter(el: Element): ((value: string) => void) | undefined {
  for (
    let proto = Object.getPrototypeOf(el) as object | null;
    proto;
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
    if (setter) return setter;
  }
  return undefined;
}

// A prompt box the user cannot see is not the one they would type into (ChatGPT keeps a hidden
// fallback textarea beside its editor).
function isShown(el: HTMLElement): boolean {
  if (el.hidden || el.closest('[hidden], [aria-hidden="true"]')) return false;
  const view = el.ownerDocument.defaultView;
  const style = view?.getComputedStyle(el);
  return style?.display !== 'none' && style?.visibility !== 'hidden';
}

/** The site's prompt box: the first shown, editable match of its composer list, in list order. */
export function findComposer(site: SiteDefinition, doc: Document): HTMLElement | undefined {
  for (const selector of site.composer ?? DEFAULT_COMPOSER) {
    let matches: NodeListOf<Element>;
    try {
      matches = doc.querySelectorAll(selector);
    } catch {
      continue; // A selector this engine cannot parse: try the next one.
    }
    for (const el of matches) if (isEditable(el) && isShown(el)) return el;
  }
  return undefined;
}

function fillTextarea(el: HTMLTextAreaElement, text: string): boolean {
  el.focus();
  // React keeps a value tracker as an own property of the element: write through the prototype's
  // setter, so React sees a value it did not set and takes the input event as the user's.
  const setter = prototypeValueSetter(el);
  if (setter) setter.call(el, text);
  else el.value = text;
  el.dispatchEvent(inputEvent(el, 'input', text));
  return el.value === text;
}

const normalizeSpace = (text: string): string => text.replace(/\s+/g, ' ').trim();

function fillEditable(el: HTMLElement, text: string): boolean {
  const doc = el.ownerDocument;
  el.focus();
  const selection = doc.getSelection();
  const range = doc.createRange();
  range.selectNodeContents(el);
  selection?.removeAllRanges();
  selection?.addRange(range);
  // execCommand makes the browser's own beforeinput/input with inputType insertText, which
  // ProseMirror and Quill handle like typing. Deprecated but still the one way to do that.
  let inserted: boolean;
  try {
    inserted = typeof doc.execCommand === 'function' && doc.execCommand('insertText', false, text);
  } catch {
    inserted = false;
  }
  if (inserted && normalizeSpace(el.textContent ?? '') === normalizeSpace(text)) return true;
  // No execCommand (or the editor refused it): the events a typing user's browser sends.
  if (el.dispatchEvent(inputEvent(el, 'beforeinput', text))) {
    const paragraph = doc.createElement('p');
    paragraph.textContent = text;
    el.replaceChildren(paragraph);
  }
  el.dispatchEvent(inputEvent(el, 'input', text));
  return normalizeSpace(el.textContent ?? '') === normalizeSpace(text);
}

/**
 * Replaces the prompt box's content with `text` (one line: the probe page joins the prompt's
 * lines, as a line break is Enter to some editors). Returns what it filled, or why not.
 */
export function fillComposer(site: SiteDefinition, doc: Document, text: string): FillOutcome {
  const el = findComposer(site, doc);
  if (!el) return { ok: false, reason: 'no-composer' };
  const line = normalizeSpace(text);
  if (isTextarea(el))
    return fillTextarea(el, line)
      ? { ok: true, kind: 'textarea' }
      : { ok: false, reason: 'not-taken' };
  return fillEditable(el, line)
    ? { ok: true, kind: 'contenteditable' }
    : { ok: false, reason: 'not-taken' };
}
