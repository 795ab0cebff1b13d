/**
 * @module runtime/text-channel
 * A single-consumer async queue of text chunks: the producer pushes as tokens arrive, the
 * consumer iterates; an error or the end is delivered after the chunks already queued.
 */

/** Push side and iterable side of a chunk queue. */
export class TextChannel implements AsyncIterable<string> {
  private readonly chunks: string[] = [];
  private done = false;
  private failure: unknown;
  private wake: (() => void) | null = null;

  push(text: string): void {
    this.chunks.push(text);
    this.notify();
  }

  end(): void {
    this.done = true;
    this.notify();
  }

  fail(error: unknown): void {
    this.failure = error ?? new Error("stream failed");
    this.done = true;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    while (true) {
      const next = this.chunks.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.done) {
        if (this.failure !== undefined) throw this.failure;
        return;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
