/**
 * Standard output that a closed pipe ends quietly: once the reader has gone (`recital … | head`,
 * EPIPE) `isClosed` turns true and further writes are dropped instead of crashing the process.
 */
export class StandardOutput {
  isClosed = false;
  /** Set when writing failed for another reason than a closed pipe (a full disk, say). */
  failure: NodeJS.ErrnoException | undefined;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      this.isClosed = true;
      if (error.code !== 'EPIPE') this.failure = error;
    });
  }

  /** Resolves once the chunk is written or the output has closed, never rejects. */
  write(chunk: string): Promise<void> {
    if (this.isClosed || chunk === '') return Promise.resolve();
    return new Promise((resolve) => {
      this.stream.write(chunk, () => resolve());
    });
  }
}
