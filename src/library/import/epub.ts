import { UnzipLimitError, unzipBoundedAsync } from './bounded-unzip';
import { decodeText } from './decode-text';
import { findXmlElements, firstXmlText, parseXml, type XmlDocument } from './find-xml-elements';
import { htmlToText } from './html';
import { makeDocument } from './make-document';
import { sniffFormat, wrongFormatError } from './sniff-format';
import { ImportError, type ImportedDocument, type ImportSource } from './types';

const CORRUPT_MESSAGE =
  'This EPUB file is damaged or is not really an EPUB, so Recital cannot open it. Export or download the e-book again and import the new file.';
const NO_OPF_MESSAGE =
  'This EPUB is missing the file that lists its chapters, so Recital cannot tell what to read. Open it in an e-book editor such as Calibre, save or convert it as EPUB again, and import the new file.';
const DRM_MESSAGE =
  'This e-book is locked with DRM copy protection, so Recital cannot read its text. Import a copy without DRM instead, such as the EPUB or Word file you made yourself.';
const EMPTY_MESSAGE =
  'This EPUB has no readable text; its pages may be pictures only. Import the manuscript it was made from (for example a Word file) instead.';

const FONT_FILE = /\.(?:ttf|otf|woff2?|eot)$/i;
const CHAPTER_TYPES = new Set(['application/xhtml+xml', 'text/html', 'application/xml', '']);

/** Reads the chapters in spine order; title and author come from the OPF. */
export async function importEpub(source: ImportSource): Promise<ImportedDocument> {
  const sniffed = sniffFormat(source.bytes);
  if (sniffed === 'pdf' || sniffed === 'ole') throw wrongFormatError('an e-book (.epub)', sniffed);
  if (sniffed !== 'zip') throw new ImportError('corrupt', CORRUPT_MESSAGE);

  const names: string[] = [];
  const meta = await unzip(source.bytes, (name) => {
    names.push(name);
    return name === 'META-INF/container.xml' || name === 'META-INF/encryption.xml';
  });
  if (isContentEncrypted(meta['META-INF/encryption.xml']))
    throw new ImportError('encrypted', DRM_MESSAGE);

  const opfPath = findOpfPath(meta['META-INF/container.xml'], names);
  const opfBytes = opfPath
    ? (await unzip(source.bytes, (name) => name === opfPath))[opfPath]
    : undefined;
  const opf = readXmlPart(opfBytes);
  if (!opfPath || !opf) throw new ImportError('corrupt', NO_OPF_MESSAGE);

  const chapterPaths = spinePaths(opf, opfPath);
  const wanted = new Set(chapterPaths);
  const files = await unzip(source.bytes, (name) => wanted.has(name));
  const chapters = chapterPaths.flatMap((path) => {
    const bytes = files[path];
    if (!bytes) return [];
    try {
      return [htmlToText(decodeText(bytes), 'xml').text];
    } catch {
      // One unreadable chapter (an image page, a broken file) should not sink the book.
      return [];
    }
  });
  const authors = findXmlElements(opf, 'creator')
    .map((el) => el.textContent.trim())
    .filter((name) => name !== '');
  return makeDocument(
    {
      text: chapters.join('\n\n'),
      title: firstXmlText(opf, 'title'),
      author: authors.join(', '),
      format: 'epub',
    },
    source.name,
    EMPTY_MESSAGE,
  );
}

// On the platform's inflater where there is one: a bomb reaches the limit in seconds, not tens.
async function unzip(
  bytes: Uint8Array,
  isWanted: (name: string) => boolean,
): Promise<Record<string, Uint8Array>> {
  try {
    return await unzipBoundedAsync(bytes, { filter: (entry) => isWanted(entry.name) });
  } catch (error) {
    if (error instanceof UnzipLimitError)
      throw new ImportError(
        'too-large',
        `This EPUB ${error.message}, far more than a book's text needs, so Recital will not open it: it is damaged or made to fill memory. Export or download the e-book again and import the new file.`,
      );
    throw new ImportError('corrupt', CORRUPT_MESSAGE);
  }
}

function readXmlPart(bytes: Uint8Array | undefined): XmlDocument | undefined {
  if (!bytes) return undefined;
  try {
    return parseXml(decodeText(bytes));
  } catch {
    return undefined;
  }
}

// Font obfuscation also lives in encryption.xml and is harmless; any other encrypted part is DRM.
function isContentEncrypted(encryptionXml: Uint8Array | undefined): boolean {
  if (!encryptionXml) return false;
  const doc = readXmlPart(encryptionXml);
  if (!doc) return true;
  return findXmlElements(doc, 'CipherReference').some(
    (ref) => !FONT_FILE.test(ref.getAttribute('URI') ?? ''),
  );
}

function findOpfPath(
  containerXml: Uint8Array | undefined,
  names: readonly string[],
): string | undefined {
  const container = readXmlPart(containerXml);
  const declared =
    container && findXmlElements(container, 'rootfile')[0]?.getAttribute('full-path');
  if (declared && names.includes(declared)) return declared;
  return names.find((name) => name.toLowerCase().endsWith('.opf'));
}

function spinePaths(opf: XmlDocument, opfPath: string): string[] {
  const manifest = new Map(
    findXmlElements(opf, 'item').map((item) => [
      item.getAttribute('id') ?? '',
      { href: item.getAttribute('href') ?? '', type: item.getAttribute('media-type') ?? '' },
    ]),
  );
  const baseDir = opfPath.includes('/') ? opfPath.slice(0, opfPath.lastIndexOf('/')) : '';
  return findXmlElements(opf, 'itemref').flatMap((ref) => {
    const item = manifest.get(ref.getAttribute('idref') ?? '');
    return item && item.href && CHAPTER_TYPES.has(item.type)
      ? [resolveHref(baseDir, item.href)]
      : [];
  });
}

// Hrefs are URL-encoded and relative to the OPF's folder; zip entry names are neither.
function resolveHref(baseDir: string, href: string): string {
  let path = href.split('#')[0] ?? '';
  try {
    path = decodeURIComponent(path);
  } catch {
    // A stray % in a file name: use the href as written.
  }
  const parts: string[] = baseDir ? baseDir.split('/') : [];
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}
