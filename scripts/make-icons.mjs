// Draws Recital's toolbar icons (a page of text lines, one highlighted) as PNGs into public/icons.
// Run: node scripts/make-icons.mjs. Pure Node, no image library.
import fs from 'node:fs';
import zlib from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x / size, y / size);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const inRoundRect = (x, y, r) => {
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const lines = [
  [0.22, 0.78, 0.26, false],
  [0.22, 0.78, 0.42, true],
  [0.22, 0.66, 0.58, false],
  [0.22, 0.72, 0.74, false],
];
const pixel = (x, y) => {
  if (!inRoundRect(x, y, 0.2)) return [0, 0, 0, 0];
  for (const [x0, x1, yc, marked] of lines) {
    if (marked && x >= x0 - 0.05 && x <= x1 + 0.05 && Math.abs(y - yc) <= 0.09) {
      return Math.abs(y - yc) <= 0.035 && x >= x0 && x <= x1
        ? [40, 30, 10, 255]
        : [255, 214, 10, 255];
    }
    if (x >= x0 && x <= x1 && Math.abs(y - yc) <= 0.035) return [235, 240, 250, 255];
  }
  return [37, 56, 110, 255];
};
fs.mkdirSync('public/icons', { recursive: true });
for (const size of [16, 32, 48, 128])
  fs.writeFileSync(`public/icons/icon-${size}.png`, png(size, pixel));
console.log('wrote public/icons/icon-{16,32,48,128}.png');
