import { unzipSync } from 'fflate';
import { ImportError } from './types';

/** What a file really is, judged by its first bytes rather than by its name. */
export type SniffedFormat = 'pdf' | 'zip' | 'ole';

const SIGNATURES: ReadonlyArray<[SniffedFormat, readonly number[]]> = [
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
  ['pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  // Compound File Binary: old .doc files and password-protected .docx files.
  ['ole', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
];

export function sniffFormat(bytes: Uint8Array): SniffedFormat | undefined {
  for (const [format, signature] of SIGNATURES) {
    if (signature.every((byte, i) => bytes[i] === byte)) return format;
  }
  return undefined;
}

const REALLY: Record<SniffedFormat, string> = {
  pdf: 'a PDF. Rename it so its name ends in .pdf, then import it again.',
  zip: 'a compressed package such as an EPUB or Word file. Rename it so its name ends in .epub or .docx, whichever it really is, then import it again.',
  ole: 'an old-style or password-protected Word file. Open it in Word, remove any password (File > Info > Protect Document), save it as a Word Document (.docx), and import the new file.',
};

/** The error for a file whose name claims one format while its bytes are another. */
export function wrongFormatError(claimed: string, sniffed: SniffedFormat): ImportError {
  return new ImportError(
    'unsupported',
    `This file is named like ${claimed}, but it is really ${REALLY[sniffed]}`,
  );
}

/** Whether a zip is an EPUB (else it is taken for a Word file); false for a damaged zip. */
export function isEpubPackage(bytes: Uint8Array): boolean {
  // The OCF spec puts an uncompressed "mimetype" entry first, so its name and value sit at byte 30.
  if (String.fromCharCode(...bytes.subarray(30, 58)) === 'mimetypeapplication/epub+zip')
    return true;
  let hasContainer = false;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (file.name === 'META-INF/container.xml') hasContainer = true;
        return false;
      },
    });
  } catch {
    return false;
  }
  return hasContainer;
}
