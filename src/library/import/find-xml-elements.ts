/** Parses an XML part of a package; undefined when it is not well-formed. */
export function parseXml(text: string): Document | undefined {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  return doc.getElementsByTagName('parsererror').length > 0 ? undefined : doc;
}

/** Elements by local name whatever their namespace prefix (`dc:title`, `title`). */
export function findXmlElements(root: Document | Element, localName: string): Element[] {
  return Array.from(root.getElementsByTagName('*')).filter(
    (el) => el.localName === localName || el.tagName.endsWith(`:${localName}`),
  );
}

/** Trimmed text of the first element with that local name. */
export function firstXmlText(root: Document | Element, localName: string): string | undefined {
  return findXmlElements(root, localName)[0]?.textContent?.trim() || undefined;
}
