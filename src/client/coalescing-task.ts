/**
 * A task that many events ask for but that should run once per turn of the
 * event loop (the producer's drain, the consumer's fetch pass), now or at a
 * time; the earliest requested time wins.
 */
export class CoalescingTask {
  readonly #task: () => void;
  #scheduled = false;
  #timed: { readonly atMs: number; readonly timer: NodeJS.Timeout } | undefined;
  #stopped = false;

  constructor(task: () => void) {
    this.#task = task;
  }

  /** Runs the task on the next turn of the event loop; more calls before then cost nothing. */
  schedule(): void {
    if (this.#scheduled || this.#stopped) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#stopped) this.#task();
    });
  }

  /** Runs the task at `atMs` (epoch ms), unless a run is already due by then. */
  scheduleAt(atMs: number): void {
    if (this.#stopped || (this.#timed !== undefined && this.#timed.atMs <= atMs)) return;
    if (this.#timed !== undefined) clearTimeout(this.#timed.timer);
    const timer = setTimeout(() => {
      this.#timed = undefined;
      this.schedule();
    }, atMs - Date.now());
    this.#timed = { atMs, timer };
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timed !== undefined) clearTimeout(this.#timed.timer);
  }
}
