// Builds the files the reader tests need in memory: EPUB, Word and PDF packages around any text,
// and zip bombs (a deflate stream of zeros written by hand, and sizes that lie).
import { strToU8, zipSync } from 'fflate';

/** What a package says about itself: EPUB OPF, DOCX core properties, PDF /Info. */
export interface PackageMetadata {
  title?: string;
  author?: string;
}

const escapeXml = (s: string): string =>
  s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] ?? c);

const OPF = (
  count: number,
  { title = 'T', author }: PackageMetadata = {},
): string => `<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${escapeXml(title)}</dc:title>${author ? `<dc:creator>${escapeXml(author)}</dc:creator>` : ''}</metadata>
<manifest>${Array.from({ length: count }, (_, i) => `<item id="c${i}" href="c${i}.xhtml" media-type="application/xhtml+xml"/>`).join('')}</manifest>
<spine>${Array.from({ length: count }, (_, i) => `<itemref idref="c${i}"/>`).join('')}</spine></package>`;

const CONTAINER = `<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`;

export const xhtml = (body: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>c</title></head><body>${body}</body></html>`;

/** An EPUB whose chapters hold these XHTML documents. */
export function makeEpub(chapters: readonly string[], metadata?: PackageMetadata): Uint8Array {
  const files: Record<string, Uint8Array> = {
    mimetype: strToU8('application/epub+zip'),
    'META-INF/container.xml': strToU8(CONTAINER),
    'OEBPS/content.opf': strToU8(OPF(chapters.length, metadata)),
  };
  chapters.forEach((chapter, i) => (files[`OEBPS/c${i}.xhtml`] = strToU8(chapter)));
  return zipSync(files, { level: 1 });
}

const storedEntry = (name: string, text: string): RawEntry => ({
  name,
  data: strToU8(text),
  method: 0,
  declaredSize: strToU8(text).length,
});

/** The parts of an EPUB of `count` chapters other than the chapters, for rawZip. */
export function epubFrame(count: number): RawEntry[] {
  return [
    storedEntry('mimetype', 'application/epub+zip'),
    storedEntry('META-INF/container.xml', CONTAINER),
    storedEntry('OEBPS/content.opf', OPF(count)),
  ];
}

/** The parts of a .docx other than word/document.xml, for rawZip. */
export function docxFrame(): RawEntry[] {
  return [storedEntry('[Content_Types].xml', CONTENT_TYPES), storedEntry('_rels/.rels', RELS)];
}

const CONTENT_TYPES =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

/** A .docx whose body is this WordprocessingML. */
export function makeDocx(body: string, metadata?: PackageMetadata): Uint8Array {
  const core: Record<string, Uint8Array> = metadata
    ? {
        'docProps/core.xml': strToU8(
          `<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${escapeXml(metadata.title ?? '')}</dc:title><dc:creator>${escapeXml(metadata.author ?? '')}</dc:creator></cp:coreProperties>`,
        ),
      }
    : {};
  return zipSync(
    {
      ...core,
      '[Content_Types].xml': strToU8(CONTENT_TYPES),
      '_rels/.rels': strToU8(RELS),
      'word/document.xml': strToU8(
        `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
      ),
    },
    { level: 1 },
  );
}

/** A one-page PDF showing these lines of Latin-1 text, 2 points apart (one paragraph). */
export function makePdf(lines: readonly string[], metadata?: PackageMetadata): Uint8Array {
  const escape = (s: string): string => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = `BT /F1 2 Tf 10 ${lines.length * 2 + 10} Td ${lines.map((l) => `(${escape(l)}) Tj 0 -2 Td`).join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 ${lines.length * 2 + 20}] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  if (metadata)
    objects.push(
      `<< /Title (${escape(metadata.title ?? '')}) /Author (${escape(metadata.author ?? '')}) >>`,
    );
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('');
  const info = metadata ? ` /Info ${objects.length} 0 R` : '';
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${info} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Uint8Array.from(pdf, (c) => c.charCodeAt(0));
}

/**
 * A raw deflate stream that inflates to at least `size` zero bytes (by up to 257 more): one
 * fixed-Huffman block of a literal 0 and copies of 258 bytes at distance 1, 13 bits each.
 */
export function deflatedZeros(size: number): Uint8Array {
  const copies = Math.ceil((size - 1) / 258);
  const out = new Uint8Array(Math.ceil((3 + 8 + copies * 13 + 7) / 8) + 1);
  let bit = 0;
  const put = (value: number, length: number): void => {
    for (let i = 0; i < length; i++, bit++)
      if ((value >> i) & 1) out[bit >> 3] = (out[bit >> 3] ?? 0) | (1 << (bit & 7));
  };
  // Huffman codes go most significant bit first.
  const code = (value: number, length: number): void => {
    for (let i = length - 1; i >= 0; i--) put((value >> i) & 1, 1);
  };
  put(1, 1);
  put(1, 2);
  code(0x30, 8);
  for (let i = 0; i < copies; i++) {
    code(0xc5, 8);
    code(0, 5);
  }
  code(0, 7);
  return out;
}

export interface RawEntry {
  name: string;
  /** Compressed (method 8) or stored (method 0) data. */
  data: Uint8Array;
  method: 0 | 8;
  /** The uncompressed size the headers declare, true or not. */
  declaredSize: number;
}

/** Zip parts named `names`, each of zeros deflated (`actual` bytes), each declaring `declared`. */
export function bombEntries(
  names: readonly string[],
  actual: number,
  declared: number,
): RawEntry[] {
  const data = deflatedZeros(actual);
  return names.map((name) => ({ name, data, method: 8, declaredSize: declared }));
}

/** A zip written byte by byte, so its headers can declare any size (CRCs are left 0). */
export function rawZip(entries: readonly RawEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = strToU8(entry.name);
    const local = header(30, 0x04034b50, entry, name);
    parts.push(local, name, entry.data);
    const record = header(46, 0x02014b50, entry, name);
    new DataView(record.buffer).setUint32(42, offset, true);
    central.push(record, name);
    offset += local.length + name.length + entry.data.length;
  }
  const centralSize = central.reduce((sum, part) => sum + part.length, 0);
  const end = new Uint8Array(22);
  const view = new DataView(end.buffer);
  view.setUint32(0, 0x06054b50, true);
  view.setUint16(8, entries.length, true);
  view.setUint16(10, entries.length, true);
  view.setUint32(12, centralSize, true);
  view.setUint32(16, offset, true);
  const all = [...parts, ...central, end];
  const zip = new Uint8Array(all.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of all) {
    zip.set(part, at);
    at += part.length;
  }
  return zip;
}

// Local headers and central records share their fields, 4 bytes further on in the central one.
function header(length: number, signature: number, entry: RawEntry, name: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  const shift = length === 46 ? 2 : 0;
  view.setUint32(0, signature, true);
  view.setUint16(8 + shift, entry.method, true);
  view.setUint32(18 + shift, entry.data.length, true);
  view.setUint32(22 + shift, Math.min(entry.declaredSize, 0xfffffffe), true);
  view.setUint16(26 + shift, name.length, true);
  return bytes;
}
