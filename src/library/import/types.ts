/** A file handed to an importer: its name and its bytes, nothing browser-specific. */
export interface ImportSource {
  name: string;
  bytes: Uint8Array;
  /** MIME type when the browser knows it; may be empty. */
  type?: string;
}

/** What an importer makes of a file: plain text plus whatever metadata the file carries. */
export interface ImportedDocument {
  /** Plain text a reader would see, paragraphs separated by blank lines. Never empty. */
  text: string;
  /** From the file's metadata, else derived from the file name. */
  title: string;
  /** From the file's metadata when present. */
  author?: string;
  /** Which reader produced it: 'txt' | 'md' | 'html' | 'epub' | 'pdf' | 'docx'. */
  format: string;
  /**
   * A plain-text file's characters before `text` was tidied from them (line ends, blank space):
   * where the text's parts lie in the file is found from them (library/store/text-file.ts).
   */
  decoded?: string;
}

/** Why a file could not be imported; `message` tells a non-technical user what to do. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    readonly code:
      | 'empty'
      | 'binary'
      | 'encoding'
      | 'corrupt'
      | 'encrypted'
      | 'unsupported'
      | 'too-large'
      | 'unreadable',
    message: string,
  ) {
    super(message);
  }
}
