import type { FoundReply } from './find-replies';

/** `findReplies`' positional fallback (`r<index>-<hash>`) shifts when a virtualized list scrolls. */
const POSITIONAL_ID = /^r\d+-[0-9a-z]+$/;

/**
 * Reply ids that survive re-renders: the adapter's id when the site has a stable one;
 * otherwise an id kept per element (React re-render of the text keeps the container) and, for a
 * new element, the id of an unmounted reply with the same text (a virtualized list scrolled
 * back), else a fresh one.
 */
export class ReplyIds {
  private readonly byElement = new WeakMap<Element, string>();
  private nextLocalId = 1;

  /** `unmountedWithText`: the id of an unmounted reply with this text not in `taken`. */
  constructor(
    private readonly unmountedWithText: (text: string, taken: Set<string>) => string | undefined,
  ) {}

  /** The id the element got last time (every element of an unchanged list has one). */
  of(element: Element): string | undefined {
    return this.byElement.get(element);
  }

  /** The reply's id, unique among `taken` (which it joins). */
  idFor(found: FoundReply, taken: Set<string>): string {
    let id = this.byElement.get(found.element);
    if (id === undefined) {
      if (!POSITIONAL_ID.test(found.id)) {
        id = found.id;
      } else {
        const text = found.text.text;
        id =
          (text !== '' ? this.unmountedWithText(text, taken) : undefined) ??
          `w${this.nextLocalId++}`;
      }
      this.byElement.set(found.element, id);
    }
    // Two containers claiming one id would overwrite each other's spans.
    if (taken.has(id)) {
      let n = 2;
      while (taken.has(`${id}#${n}`)) n++;
      id = `${id}#${n}`;
      this.byElement.set(found.element, id);
    }
    taken.add(id);
    return id;
  }
}
