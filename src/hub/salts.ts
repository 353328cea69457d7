import { randomBytes } from 'node:crypto';

const SALT_BYTES = 16;
const SALTS_PER_DRAW = 256;

/**
 * Random salts for entries, so that an entry a party may not read cannot be guessed from its leaf
 * hash. Drawn from the CSPRNG in bulk: one call per entry costs more than the rest of hashing it.
 */
export class Salts {
  private pool = Buffer.alloc(0);
  private at = 0;

  next(): string {
    if (this.at === this.pool.length) {
      this.pool = randomBytes(SALT_BYTES * SALTS_PER_DRAW);
      this.at = 0;
    }
    const salt = this.pool.subarray(this.at, this.at + SALT_BYTES).toString('base64');
    this.at += SALT_BYTES;
    return salt;
  }
}
