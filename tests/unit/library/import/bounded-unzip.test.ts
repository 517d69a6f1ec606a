import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  listZipEntries,
  unzipBounded,
  UnzipLimitError,
  ZipFormatError,
} from '../../../../src/library/import/bounded-unzip';

const KB = 1024;
const small = { maxEntryBytes: 64 * KB, maxTotalBytes: 100 * KB };
const zeros = (size: number): Uint8Array => new Uint8Array(size);

describe('unzipBounded', () => {
  it('returns every entry of an ordinary zip, stored or deflated, like fflate', () => {
    const zip = zipSync({ 'a.txt': [strToU8('hello'), { level: 0 }], 'b/c.xml': strToU8('<x/>') });
    const files = unzipBounded(zip);
    expect(Object.keys(files)).toEqual(['a.txt', 'b/c.xml']);
    expect(new TextDecoder().decode(files['b/c.xml'])).toBe('<x/>');
  });

  it('inflates only filtered entries and returns only kept ones', () => {
    const zip = zipSync({ a: strToU8('1'), b: strToU8('2'), c: strToU8('3') });
    const files = unzipBounded(zip, {
      filter: (entry) => entry.name !== 'c',
      keep: (entry) => entry.name === 'a',
    });
    expect(Object.keys(files)).toEqual(['a']);
  });

  it.each([
    ['one entry over the entry limit', { a: zeros(65 * KB) }, 64],
    ['entries together over the total limit', { a: zeros(60 * KB), b: zeros(60 * KB) }, 100],
  ])('refuses %s with "unpacks to more than N MB"', (_case, files, limitKb) => {
    const error = (() => {
      try {
        unzipBounded(zipSync(files), { limits: small });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UnzipLimitError);
    expect((error as UnzipLimitError).limitBytes).toBe(limitKb * KB);
    expect((error as Error).message).toMatch(/^unpacks to more than \d+ MB$/);
  });

  it('counts what the data inflates to, not what the zip declares', () => {
    const zip = zipSync({ a: zeros(200 * KB) });
    // Declare 10 bytes in the central directory: the data still inflates to 200 KB.
    const [entry] = listZipEntries(zip);
    const view = new DataView(zip.buffer, zip.byteOffset);
    const central = zip.length - 22 - 46 - 1;
    expect(view.getUint32(central, true)).toBe(0x02014b50);
    view.setUint32(central + 24, 10, true);
    expect(listZipEntries(zip)[0]?.declaredSize).toBe(10);
    expect(entry?.declaredSize).toBe(200 * KB);
    expect(() => unzipBounded(zip, { limits: small })).toThrow(UnzipLimitError);
  });

  it.each([
    ['not a zip', strToU8('hello, world, this is not a zip at all')],
    ['a cut-off zip', zipSync({ a: zeros(10 * KB) }).subarray(0, 40)],
  ])('throws ZipFormatError for %s', (_case, bytes) => {
    expect(() => unzipBounded(bytes)).toThrow(ZipFormatError);
  });
});
