// How many bytes a text takes in UTF-8, counted by the platform's encoder.

const UTF8_WINDOW = 16 * 1024;
let utf8Scratch: Uint8Array | undefined;

// The platform's encoder counts, a window at a time: far cheaper than a JS loop over every
// character of a book.
export function utf8Length(text: string): number {
  const encoder = new TextEncoder();
  utf8Scratch ??= new Uint8Array(UTF8_WINDOW * 3);
  let n = 0;
  for (let at = 0; at < text.length;) {
    let end = Math.min(at + UTF8_WINDOW, text.length);
    // A surrogate pair split by the window would count as two replacement characters.
    if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
    n += encoder.encodeInto(text.slice(at, end), utf8Scratch).written;
    at = end;
  }
  return n;
}
