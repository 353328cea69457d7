// The minima between each pair of parties, asked once per pair and kept in a square table indexed by
// interned party numbers, so that the pair loop reads two numbers instead of calling out. Every
// minimum must stay within the largest the encounter grid was built for: the grid's boxes are grown
// by no more, so a larger one could be missed.
import type { PairMinima } from '../geo/cpa.js';

export type PairMinimaFor = (partyA: string, partyB: string) => PairMinima;

export class PairMinimaTable {
  private width = 0;
  /** horizontal, vertical per pair; NaN until asked. */
  private values = new Float64Array(0);
  private readonly scratch: { horizontalM: number; verticalM: number } = { horizontalM: 0, verticalM: 0 };

  constructor(
    private readonly minimaFor: PairMinimaFor,
    private readonly names: readonly string[],
    private readonly max: PairMinima,
  ) {}

  /** Forget every answer: agreements changed. */
  clear(): void {
    this.values.fill(Number.NaN);
  }

  /** The minima of two parties by number, in an object reused by the next call. */
  of(a: number, b: number): PairMinima {
    if (a >= this.width || b >= this.width) this.widen(Math.max(a, b) + 1);
    const at = (a * this.width + b) * 2;
    if (Number.isNaN(this.values[at] as number)) {
      const minima = this.minimaFor(this.names[a] as string, this.names[b] as string);
      for (const [value, limit, name] of [
        [minima.horizontalM, this.max.horizontalM, 'horizontal'],
        [minima.verticalM, this.max.verticalM, 'vertical'],
      ] as const) {
        if (!(value >= 0 && value <= limit))
          throw new RangeError(
            `the ${name} minimum between ${this.names[a]} and ${this.names[b]} (${value} m) is not within 0 and ${limit} m`,
          );
      }
      this.values[at] = minima.horizontalM;
      this.values[at + 1] = minima.verticalM;
    }
    this.scratch.horizontalM = this.values[at] as number;
    this.scratch.verticalM = this.values[at + 1] as number;
    return this.scratch;
  }

  private widen(width: number): void {
    const next = Math.max(width, this.width * 2, 8);
    const values = new Float64Array(next * next * 2).fill(Number.NaN);
    for (let a = 0; a < this.width; a++)
      values.set(this.values.subarray(a * this.width * 2, (a + 1) * this.width * 2), a * next * 2);
    this.values = values;
    this.width = next;
  }
}
