// Writes the small, real documents the importer tests read into tests/fixtures/import.
// Run: node scripts/make-import-fixtures.mjs. All text is written for Recital; PDFs are built by hand.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { zipSync, strToU8 } from 'fflate';

const outDir = path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'import');
fs.mkdirSync(outDir, { recursive: true });
const write = (name, data) => fs.writeFileSync(path.join(outDir, name), data);
// A fixed date (zip stores local time, hence TZ) keeps the fixtures byte-identical across runs.
process.env.TZ = 'UTC';
const zip = (files) => zipSync(files, { mtime: new Date('2026-01-01T00:00:00Z') });

const TITLE = 'The Glassblower’s Almanac';
const AUTHOR = 'Odile Marchetti';
const PARAGRAPHS = [
  'Every winter the furnace on Quillon Street was lit before dawn, and the street smelled of ash and oranges until the snow came.',
  'Mirela kept a ledger of every vase that cracked in the annealing oven, because her grandmother said a crack is a letter the glass writes back.',
  'By March the ledger held forty-one letters, and not one of them was kind.',
];
const CHAPTER_TWO = [
  'The second chapter begins in the loft, where the unsold bowls wait in straw like sleeping hens.',
  'Nobody on Quillon Street could say who first called the loft the aviary, but the name outlived the glassworks.',
];

// UTF-8, its BOM variant and both UTF-16 byte orders carry the same text with curly quotes and é.
const unicodeText = `${TITLE}\n\n“Café glass,” Mirela said, “remembers every breath.”\n\n${PARAGRAPHS[0]}\n`;
const utf8 = Buffer.from(unicodeText, 'utf8');
write('sample-utf8.txt', utf8);
write('sample-utf8-bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]));
const utf16le = Buffer.from(unicodeText, 'utf16le');
write('sample-utf16le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le]));
write(
  'sample-utf16be.txt',
  Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(utf16le).swap16()]),
);
write('sample-utf16le-no-bom.txt', utf16le);
write('sample-utf32le.txt', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32le(unicodeText)]));

// Windows-1252 has single bytes for the curly quotes, the apostrophe, the em dash and é.
const cp1252 = { '“': 0x93, '”': 0x94, '’': 0x92, '—': 0x97, é: 0xe9 };
const windowsText =
  'The “Café Ardoise” opened at six — it’s where Mirela drank her first coffee.\r\n\r\nShe paid in small coins.\r\n';
write(
  'sample-windows-1252.txt',
  Buffer.from([...windowsText].map((c) => cp1252[c] ?? c.charCodeAt(0))),
);

write('sample-crlf.txt', Buffer.from(PARAGRAPHS.join('\r\n\r\n') + '\r\n', 'utf8'));
write('whitespace-only.txt', Buffer.from('  \n\t\r\n   \n', 'utf8'));
write('zero-bytes.txt', Buffer.alloc(0));
// A tiny PNG-like header followed by NUL-heavy data, as if an image had been renamed .txt.
write(
  'binary-renamed.txt',
  Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1,
    0, 0, 0, 1, 0, 8, 6, 0, 0, 0,
  ]),
);

write(
  'sample.md',
  `---\ntitle: ${TITLE}\nauthor: ${AUTHOR}\n---\n\n# Chapter One\n\n${PARAGRAPHS[0]}\n\n*${PARAGRAPHS[1]}*\n\n- ${PARAGRAPHS[2]}\n`,
);
write('sample-no-front-matter.md', `# Quillon Street Notes\n\n${CHAPTER_TWO[0]}\n`);

write(
  'sample.html',
  `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${TITLE}</title>
  <meta name="author" content="${AUTHOR}">
  <style>p { color: red; }</style>
  <script>window.secretScript = 'do not import me';</script>
</head>
<body>
  <nav><a href="#one">Skip to chapter one</a></nav>
  <h1>Chapter One</h1>
  <p>${PARAGRAPHS[0]}</p>
  <p>${PARAGRAPHS[1].replace('grandmother', '<em>grandmother</em>')}</p>
  <div>${PARAGRAPHS[2]}</div>
  <p>First line of a poem<br>second line of a poem</p>
  <ul><li>Red sand</li><li>Blue ash</li></ul>
  <script>console.log('not text');</script>
</body>
</html>
`,
);

// EPUB: a stored mimetype first, container.xml, an OPF whose spine reverses the manifest order.
const chapterXhtml = (heading, paragraphs) => `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title/><link rel="stylesheet" href="../style.css"/></head>
<body>
  <h2>${heading}</h2>
${paragraphs.map((p) => `  <p>${p}</p>`).join('\n')}
</body>
</html>
`;
const containerXml = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;
const opf = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:6f1c1c9e-recital-fixture</dc:identifier>
    <dc:title>${TITLE}</dc:title>
    <dc:creator>${AUTHOR}</dc:creator>
    <dc:language>en</dc:language>
  </metadata>
  <manifest>
    <item id="ch2" href="text/chapter%202.xhtml" media-type="application/xhtml+xml"/>
    <item id="ch1" href="text/chapter1.xhtml" media-type="application/xhtml+xml"/>
    <item id="css" href="style.css" media-type="text/css"/>
  </manifest>
  <spine>
    <itemref idref="ch1"/>
    <itemref idref="ch2"/>
  </spine>
</package>
`;
const epubFiles = {
  mimetype: [strToU8('application/epub+zip'), { level: 0 }],
  'META-INF/container.xml': strToU8(containerXml),
  'OEBPS/content.opf': strToU8(opf),
  'OEBPS/style.css': strToU8('p { margin: 0; }'),
  'OEBPS/text/chapter1.xhtml': strToU8(chapterXhtml('Chapter One', PARAGRAPHS)),
  'OEBPS/text/chapter 2.xhtml': strToU8(chapterXhtml('Chapter Two', CHAPTER_TWO)),
};
write('sample.epub', zip(epubFiles));
const { 'OEBPS/content.opf': _opf, ...withoutOpf } = epubFiles;
write('no-opf.epub', zip(withoutOpf));
write(
  'drm.epub',
  zip({
    ...epubFiles,
    'META-INF/encryption.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
  <enc:EncryptedData>
    <enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
    <enc:CipherData><enc:CipherReference URI="OEBPS/text/chapter1.xhtml"/></enc:CipherData>
  </enc:EncryptedData>
</encryption>
`),
  }),
);
write(
  'font-obfuscated.epub',
  zip({
    ...epubFiles,
    'OEBPS/fonts/serif.otf': new Uint8Array([0, 1, 0, 0]),
    'META-INF/encryption.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
  <enc:EncryptedData>
    <enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>
    <enc:CipherData><enc:CipherReference URI="OEBPS/fonts/serif.otf"/></enc:CipherData>
  </enc:EncryptedData>
</encryption>
`),
  }),
);
write('not-a-zip.epub', Buffer.from(`${PARAGRAPHS[0]}\n`, 'utf8'));

// DOCX: the smallest package Word and mammoth accept, plus core.xml for title and author.
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const docParagraph = (text) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const docxFiles = {
  '[Content_Types].xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Default Extension="xml" ContentType="application/xml"/>
  <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
  <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>
`),
  '_rels/.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>
`),
  'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W}">
  <w:body>
    ${docParagraph('Chapter One')}
    ${PARAGRAPHS.map(docParagraph).join('\n    ')}
    <w:p><w:r><w:t xml:space="preserve">“Café glass,” </w:t></w:r><w:r><w:t>Mirela said.</w:t></w:r></w:p>
  </w:body>
</w:document>
`),
  'docProps/core.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">
  <dc:title>${TITLE}</dc:title>
  <dc:creator>${AUTHOR}</dc:creator>
</cp:coreProperties>
`),
};
write('sample.docx', zip(docxFiles));
const { 'docProps/core.xml': _core, ...withoutCore } = docxFiles;
write('no-metadata.docx', zip(withoutCore));
write('zip-without-document.docx', zip({ 'notes.txt': strToU8('just a note') }));
write('text-renamed.docx', Buffer.from(`${PARAGRAPHS[0]}\n`, 'utf8'));

// PDF: two pages of Helvetica text set line by line, the way word processors export it.
const wrap = (text, width = 64) =>
  text.split(' ').reduce((lines, word) => {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
    return lines;
  }, []);
const pdfPages = [
  [wrap(PARAGRAPHS[0]), wrap(PARAGRAPHS[1])],
  [
    [
      'Caf\\351 Ardoise opened at six, and the first customer was always extraor-',
      'dinarily early.',
    ],
    [PARAGRAPHS[2]],
  ],
];
const pdfInfo = { Title: TITLE.replace('’', "'"), Author: AUTHOR };
write('sample.pdf', buildPdf(pdfPages, pdfInfo));
write(
  'sample-encrypted.pdf',
  buildPdf(pdfPages, pdfInfo, { userPassword: 'recital', ownerPassword: 'owner' }),
);
write(
  'corrupt.pdf',
  Buffer.from(
    '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\nthis file was cut off in the middle of a download',
    'latin1',
  ),
);
fs.copyFileSync(path.join(outDir, 'sample.pdf'), path.join(outDir, 'pdf-renamed.docx'));

console.log(
  `wrote ${fs.readdirSync(outDir).length} fixtures to ${path.relative(process.cwd(), outDir)}`,
);

function utf32le(text) {
  const codePoints = [...text].map((c) => c.codePointAt(0));
  const buf = Buffer.alloc(codePoints.length * 4);
  codePoints.forEach((cp, i) => buf.writeUInt32LE(cp, i * 4));
  return buf;
}

function pdfContentStream(paragraphs) {
  const ops = ['BT', '/F1 12 Tf', '16 TL', '72 720 Td'];
  paragraphs.forEach((lines, p) => {
    if (p > 0) ops.push('0 -12 Td');
    for (const line of lines) ops.push(`(${line.replace(/[()]/g, (c) => `\\${c}`)}) Tj`, 'T*');
  });
  ops.push('ET');
  return ops.join('\n');
}

// Objects: 1 catalog, 2 pages, 3 font, 4 info, then a page and its content per page.
// With a user password the file uses the Standard security handler, revision 2 (RC4, 40-bit).
function buildPdf(pages, info, passwords) {
  const fileId = crypto.createHash('md5').update(JSON.stringify(pages)).digest();
  const security = passwords && makeSecurity(passwords, fileId);
  const protect = (objNum, bytes) =>
    security ? rc4(objectKey(security.key, objNum), bytes) : bytes;
  const pdfString = (objNum, text) =>
    `<${Buffer.from(protect(objNum, Buffer.from(text, 'latin1'))).toString('hex')}>`;

  const objects = [];
  const pageIds = pages.map((_, i) => 5 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  objects[4] = `<< /Title ${pdfString(4, info.Title)} /Author ${pdfString(4, info.Author)} /Producer ${pdfString(4, 'Recital fixtures')} >>`;
  pages.forEach((paragraphs, i) => {
    const pageId = pageIds[i];
    const content = protect(pageId + 1, Buffer.from(pdfContentStream(paragraphs), 'latin1'));
    objects[pageId] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] = Buffer.concat([
      Buffer.from(`<< /Length ${content.length} >>\nstream\n`, 'latin1'),
      content,
      Buffer.from('\nendstream', 'latin1'),
    ]);
  });
  let encryptRef = '';
  if (security) {
    const encryptId = objects.length;
    objects[encryptId] =
      `<< /Filter /Standard /V 1 /R 2 /Length 40 /P ${security.permissions} /O <${security.owner.toString('hex')}> /U <${security.user.toString('hex')}> >>`;
    encryptRef = ` /Encrypt ${encryptId} 0 R`;
  }

  const chunks = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = chunks[0].length;
  const offsets = [];
  for (let id = 1; id < objects.length; id++) {
    const body = objects[id];
    const chunk = Buffer.concat([
      Buffer.from(`${id} 0 obj\n`, 'latin1'),
      Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'),
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    offsets[id] = offset;
    offset += chunk.length;
    chunks.push(chunk);
  }
  const xref = [`xref\n0 ${objects.length}\n`, '0000000000 65535 f \n'];
  for (let id = 1; id < objects.length; id++)
    xref.push(`${String(offsets[id]).padStart(10, '0')} 00000 n \n`);
  const id = fileId.toString('hex');
  xref.push(
    `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 4 0 R${encryptRef} /ID [<${id}> <${id}>] >>\nstartxref\n${offset}\n%%EOF\n`,
  );
  chunks.push(Buffer.from(xref.join(''), 'latin1'));
  return Buffer.concat(chunks);
}

function passwordPad() {
  return Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
}

function padPassword(password) {
  return Buffer.concat([Buffer.from(password, 'latin1'), passwordPad()]).subarray(0, 32);
}

function md5(...parts) {
  return crypto.createHash('md5').update(Buffer.concat(parts)).digest();
}

function makeSecurity({ userPassword, ownerPassword }, fileId) {
  const permissions = -44;
  const owner = rc4(md5(padPassword(ownerPassword)).subarray(0, 5), padPassword(userPassword));
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  const key = md5(padPassword(userPassword), owner, p, fileId).subarray(0, 5);
  return { key, owner, user: rc4(key, passwordPad()), permissions };
}

function objectKey(key, objNum) {
  const suffix = Buffer.from([objNum & 0xff, (objNum >> 8) & 0xff, (objNum >> 16) & 0xff, 0, 0]);
  return md5(key, suffix).subarray(0, Math.min(key.length + 5, 16));
}

function rc4(key, data) {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
    out[n] = data[n] ^ s[(s[i] + s[j]) & 0xff];
  }
  return out;
}
