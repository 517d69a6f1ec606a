import { tokenizeMarkup } from './markup-tokens';

/** An element of a package's XML part: its name without prefix, attributes and text. */
export interface XmlElement {
  readonly localName: string;
  getAttribute(name: string): string | undefined;
  /** The text inside it, the first MAX_TEXT characters: metadata, never a chapter. */
  readonly textContent: string;
}

/** The elements of an XML part in document order. */
export interface XmlDocument {
  readonly elements: readonly XmlElement[];
}

const MAX_TEXT = 4096;

class PartElement implements XmlElement {
  /** The text pieces inside this element are pieces[firstPiece] up to pieces[endPiece]. */
  endPiece = -1;
  constructor(
    readonly localName: string,
    private readonly attributes: ReadonlyMap<string, string>,
    private readonly pieces: readonly string[],
    private readonly firstPiece: number,
  ) {}

  getAttribute(name: string): string | undefined {
    return this.attributes.get(name);
  }

  // Read on demand and capped, so that nested elements cost no more than the text asked for.
  get textContent(): string {
    const end = this.endPiece === -1 ? this.pieces.length : this.endPiece;
    let text = '';
    for (let i = this.firstPiece; i < end && text.length < MAX_TEXT; i++) text += this.pieces[i];
    return text.slice(0, MAX_TEXT);
  }
}

/** Reads an XML part of a package; undefined when it holds no element at all. */
export function parseXml(text: string): XmlDocument | undefined {
  const elements: PartElement[] = [];
  const pieces: string[] = [];
  const open: PartElement[] = [];
  tokenizeMarkup(text, 'xml', {
    text: (data) => {
      if (data !== '') pieces.push(data);
    },
    startTag: (name, attributes, isSelfClosing) => {
      const element = new PartElement(localNameOf(name), attributes, pieces, pieces.length);
      elements.push(element);
      if (isSelfClosing) element.endPiece = pieces.length;
      else open.push(element);
    },
    endTag: (name) => {
      // Only the innermost open element closes: a stray end tag is ignored, never searched for.
      const innermost = open[open.length - 1];
      if (innermost?.localName !== localNameOf(name)) return;
      open.pop();
      innermost.endPiece = pieces.length;
    },
  });
  return elements.length > 0 ? { elements } : undefined;
}

/** Elements by local name whatever their namespace prefix (`dc:title`, `title`). */
export function findXmlElements(root: XmlDocument, localName: string): XmlElement[] {
  return root.elements.filter((element) => element.localName === localName);
}

/** Trimmed text of the first element with that local name. */
export function firstXmlText(root: XmlDocument, localName: string): string | undefined {
  return findXmlElements(root, localName)[0]?.textContent.trim() || undefined;
}

function localNameOf(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}
