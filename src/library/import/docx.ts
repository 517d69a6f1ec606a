import { UnzipLimitError, unzipBoundedAsync } from './bounded-unzip';
import { decodeText } from './decode-text';
import { findXmlElements, firstXmlText, parseXml, type XmlDocument } from './find-xml-elements';
import { makeDocument } from './make-document';
import { sniffFormat, wrongFormatError } from './sniff-format';
import { ImportError, type ImportedDocument, type ImportSource } from './types';

const CORRUPT_MESSAGE =
  'This Word file is damaged, so Recital cannot open it. Open it in Word or LibreOffice, save it again as a Word Document (.docx), and import the new file.';
const PROTECTED_MESSAGE =
  'This Word file is password-protected or saved in the old .doc format. Open it in Word, remove any password (File > Info > Protect Document), save it as a Word Document (.docx), and import it again.';
const TEXT_MESSAGE =
  'This file is named like a Word document (.docx), but it is really plain text. Rename it so its name ends in .txt, then import it again.';
const EMPTY_MESSAGE =
  'This Word document has no text in it; it may hold only pictures or text boxes. Check that you picked the right file, then import it again.';

/** Raw text through mammoth (paragraphs kept), title and author from docProps/core.xml. */
export async function importDocx(source: ImportSource): Promise<ImportedDocument> {
  const sniffed = sniffFormat(source.bytes);
  if (sniffed === 'ole') throw new ImportError('encrypted', PROTECTED_MESSAGE);
  if (sniffed === 'pdf') throw wrongFormatError('a Word document (.docx)', sniffed);
  if (sniffed !== 'zip') {
    if (isText(source.bytes)) throw new ImportError('unsupported', TEXT_MESSAGE);
    throw new ImportError('corrupt', CORRUPT_MESSAGE);
  }

  let core: XmlDocument | undefined;
  let hasDocument = false;
  try {
    // Every part is inflated and counted here, under the limits, because mammoth unzips
    // whichever parts it needs without any. The platform's inflater reaches a bomb's limit fastest.
    const parts = await unzipBoundedAsync(source.bytes, {
      keep: (entry) => {
        if (entry.name === 'word/document.xml') hasDocument = true;
        return entry.name === 'docProps/core.xml';
      },
    });
    core = readCoreProperties(parts['docProps/core.xml']);
  } catch (error) {
    if (error instanceof UnzipLimitError)
      throw new ImportError(
        'too-large',
        `This Word file ${error.message}, far more than a document's text needs, so Recital will not open it: it is damaged or made to fill memory. Open it in Word, save it again as a Word Document (.docx), and import the new file.`,
      );
    throw new ImportError('corrupt', CORRUPT_MESSAGE);
  }
  if (!hasDocument) throw new ImportError('corrupt', CORRUPT_MESSAGE);

  const { default: mammoth } = await import('mammoth');
  const arrayBuffer = source.bytes.slice().buffer;
  // Node's mammoth reads `buffer`; the browser build (package.json "browser" field) reads `arrayBuffer`.
  const input = { arrayBuffer, buffer: arrayBuffer };
  let text: string;
  try {
    text = (await mammoth.extractRawText(input)).value;
  } catch {
    throw new ImportError('corrupt', CORRUPT_MESSAGE);
  }
  const authors = core ? findXmlElements(core, 'creator').map((el) => el.textContent.trim()) : [];
  return makeDocument(
    {
      text,
      title: core && firstXmlText(core, 'title'),
      author: authors.filter(Boolean).join(', '),
      format: 'docx',
    },
    source.name,
    EMPTY_MESSAGE,
  );
}

// Title and author are a bonus: a broken core.xml must not block the text.
function readCoreProperties(bytes: Uint8Array | undefined): XmlDocument | undefined {
  if (!bytes) return undefined;
  try {
    return parseXml(decodeText(bytes));
  } catch {
    return undefined;
  }
}

function isText(bytes: Uint8Array): boolean {
  try {
    decodeText(bytes);
    return true;
  } catch {
    return false;
  }
}
