/** Progress of a long produce on stderr: a line a second with the share of the file read, and the rate. */
import type { CliIo } from './io.js';

const PROGRESS_INTERVAL_MS = 1_000;

export function formatRate(count: number, elapsedMs: number): string {
  const perSecond = elapsedMs > 0 ? (count * 1000) / elapsedMs : 0;
  return `${Math.round(perSecond).toLocaleString('en-US')} msg/s`;
}

export class ProgressMeter {
  readonly #io: CliIo;
  readonly #totalBytes: number | undefined;
  readonly #startedMs = performance.now();
  readonly #timer: NodeJS.Timeout | undefined;
  #readBytes = 0;
  /** Messages acknowledged so far. */
  messages = 0;

  /** `totalBytes`: the input's size; without it (stdin) only the summary is printed. */
  constructor(io: CliIo, totalBytes: number | undefined) {
    this.#io = io;
    this.#totalBytes = totalBytes;
    if (totalBytes !== undefined) this.#timer = setInterval(() => this.#print(), PROGRESS_INTERVAL_MS).unref();
  }

  read(bytes: number): void {
    this.#readBytes += bytes;
  }

  acknowledged(count: number): void {
    this.messages += count;
  }

  elapsedMs(): number {
    return performance.now() - this.#startedMs;
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #print(): void {
    const share = this.#totalBytes === 0 ? 100 : (100 * this.#readBytes) / this.#totalBytes!;
    this.#io.stderr(`${this.messages.toLocaleString('en-US')} messages acknowledged, ${share.toFixed(0)}% of the file read, ${formatRate(this.messages, this.elapsedMs())}\n`);
  }
}
