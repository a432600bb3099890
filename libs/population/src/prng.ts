/**
 * A seeded pseudo-random number generator (sfc32, seeded through splitmix32), so that a population
 * is the same every time for the same seed. Never Math.random: nothing here may depend on the run.
 */
export interface Prng {
  /** A number in [0, 1). */
  next(): number;
  /** A whole number in [0, n). */
  below(n: number): number;
  /** A whole number in [min, max], both included. */
  between(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** 32 random bits as an unsigned number. */
  bits(): number;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a over the text, so that a named stream ("people", "practices") gets a seed of its own. */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A generator for `seed`; `stream` names an independent sequence from the same seed, so adding
 * draws to one part of the population (say, practices) does not shift every person after it.
 */
export function createPrng(seed: number, stream = ''): Prng {
  const init = splitmix32((seed >>> 0) ^ hashText(stream));
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const bits = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) bits(); // let the state mix before first use
  const next = () => bits() / 4294967296;
  return {
    next,
    bits,
    below: (n) => Math.floor(next() * n),
    between: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

/** Draws items in proportion to their weights (a cumulative table searched by bisection). */
export class Weighted<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weightOf: (item: T, index: number) => number,
  ) {
    if (items.length === 0) throw new Error('Weighted needs at least one item');
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    items.forEach((item, i) => {
      const w = weightOf(item, i);
      if (!(w >= 0)) throw new Error(`weight of item ${i} must be zero or more, not ${w}`);
      sum += w;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new Error('Weighted needs a positive total weight');
    this.total = sum;
  }

  draw(prng: Prng): T {
    const target = prng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

/** Items in name order weighted by rank, like name frequencies (the first is the most common). */
export function byRank<T>(items: readonly T[], exponent = 0.9): Weighted<T> {
  return new Weighted(items, (_, i) => 1 / Math.pow(i + 1, exponent));
}

const hex = (n: number) => n.toString(16).padStart(8, '0');

/** A version 4 UUID made of four 32-bit words (the version and variant bits are set over theirs). */
export function uuidOf(a: number, b: number, c: number, d: number): string {
  const [ha, hb, hc, hd] = [a, b, c, d].map(hex);
  const variant = ((parseInt(hc[0], 16) & 0x3) | 0x8).toString(16);
  return `${ha}-${hb.slice(0, 4)}-4${hb.slice(5, 8)}-${variant}${hc.slice(1, 4)}-${hc.slice(4)}${hd}`;
}

/** A version 4 UUID from the generator's bits, so ids too are the same for the same seed. */
export const uuidFrom = (prng: Prng): string => uuidOf(prng.bits(), prng.bits(), prng.bits(), prng.bits());
