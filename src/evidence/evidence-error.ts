/** A bundle that does not hold: which of its files, and what about it failed. */
export class EvidenceError extends Error {
  override name = 'EvidenceError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}
