// Buffered appends to one file: many small strings become a few large writes, and a caller that
// awaits each write never holds more than one buffer of a 10,000-reply report in memory.
import { open, type FileHandle } from 'node:fs/promises';

const FLUSH_CHARS = 1 << 16;

export class FileSink {
  private pending: string[] = [];
  private pendingChars = 0;

  private constructor(private readonly handle: FileHandle) {}

  /** Creates (or empties) the file at `path`. */
  static async create(path: string): Promise<FileSink> {
    return new FileSink(await open(path, 'w'));
  }

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= FLUSH_CHARS) await this.flush();
  }

  /** Writes what is buffered and closes the file; closing twice is harmless. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close().catch(() => undefined);
    }
  }

  private async flush(): Promise<void> {
    if (this.pendingChars === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    await this.handle.write(text, null, 'utf8');
  }
}
