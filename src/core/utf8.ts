/**
 * UTF-8 for ids and the table's document list: the core's ES2022 library has no TextEncoder.
 * `encode` writes each code point (a lone surrogate as its own three bytes); `decode` reads what
 * `encode` wrote and never throws.
 */
export const utf8 = {
  encode(s: string): Uint8Array {
    const out: number[] = [];
    for (const ch of s) {
      const cp = ch.codePointAt(0) as number;
      if (cp < 0x80) out.push(cp);
      else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
      else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
      else
        out.push(
          0xf0 | (cp >> 18),
          0x80 | ((cp >> 12) & 63),
          0x80 | ((cp >> 6) & 63),
          0x80 | (cp & 63),
        );
    }
    return Uint8Array.from(out);
  },
  decode(bytes: Uint8Array): string {
    let s = '';
    for (let i = 0; i < bytes.length;) {
      const b = bytes[i] as number;
      let cp: number;
      if (b < 0x80) {
        cp = b;
        i += 1;
      } else if (b < 0xe0) {
        cp = ((b & 31) << 6) | ((bytes[i + 1] as number) & 63);
        i += 2;
      } else if (b < 0xf0) {
        cp =
          ((b & 15) << 12) |
          (((bytes[i + 1] as number) & 63) << 6) |
          ((bytes[i + 2] as number) & 63);
        i += 3;
      } else {
        cp =
          ((b & 7) << 18) |
          (((bytes[i + 1] as number) & 63) << 12) |
          (((bytes[i + 2] as number) & 63) << 6) |
          ((bytes[i + 3] as number) & 63);
        i += 4;
      }
      s += String.fromCodePoint(cp);
    }
    return s;
  },
};
