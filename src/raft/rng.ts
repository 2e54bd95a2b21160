/**
 * Randomness is injected so a seed reproduces a run exactly. The core needs
 * it only to spread election timeouts (§5.2).
 */
export interface Rng {
  /** A uniformly distributed integer in [0, bound). */
  int(bound: number): number;
}

/** SplitMix32-style generator: small, fast, and good enough for scheduling decisions. */
export class SeededRng implements Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  int(bound: number): number {
    return Math.floor((this.next() / 0x1_0000_0000) * bound);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next() / 0x1_0000_0000;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }
}
