/**
 * Gathers single calls made at about the same time into one batch call: the
 * channel workers handle many messages at once, and one statement for fifty
 * rows costs the database about what one statement for one row does (one
 * round trip, one commit). A batch goes when it has `maxSize` items or its
 * first item has waited `maxWaitMs`. `run` answers each item in order; if it
 * throws, every caller of that batch gets the error.
 */
export class MicroBatcher<I, O> {
  private pending: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: { maxSize: number; maxWaitMs: number },
  ) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.options.maxSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.options.maxSize);
      void this.run(batch.map((b) => b.item)).then(
        (out) => batch.forEach((b, i) => b.resolve(out[i] as O)),
        (err) => batch.forEach((b) => b.reject(err)),
      );
    }
  }
}
