// Word texts come from one string of the whole normalized buffer; decoding it with TextDecoder
// is about five times as fast as String.fromCharCode (tests/bench/core/reading-paths.ts).

// TextDecoder is in every host the core runs in (browsers, workers, Node), but not in ES2022's lib.
declare const TextDecoder:
  (new (label: string) => { decode(input: Uint8Array): string }) | undefined;
const utf16 = typeof TextDecoder === 'function' ? new TextDecoder('utf-16le') : undefined;
const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The string of UTF-16 code units `codes[from, to)`. Same length as `to - from`, unit for
 * unit, except that a lone surrogate in a run of more than 64 units may come back as U+FFFD
 * (TextDecoder's replacement): callers only slice words out of it, and no word holds a lone
 * surrogate. Never throws.
 */
export function codesToString(codes: Uint16Array, from: number, to: number): string {
  if (to - from > 64 && utf16 && isLittleEndian) {
    return utf16.decode(new Uint8Array(codes.buffer, codes.byteOffset + from * 2, (to - from) * 2));
  }
  return codesToStringByChar(codes, from, to);
}

/** The same as {@link codesToString} with String.fromCharCode only (lone surrogates kept). */
export function codesToStringByChar(codes: Uint16Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i += 4096)
    s += String.fromCharCode(...codes.subarray(i, Math.min(to, i + 4096)));
  return s;
}
