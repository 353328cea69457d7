import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AccessLimits, accessLimitsFromEnvironment } from '../../src/api/access-limits.js';
import { type DataDir, dataDir } from '../../src/cli/data-dir.js';
import { foundHub } from '../../src/cli/found-hub.js';
import type { StoreLocation } from '../../src/cli/store-option.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';

export const BENCH_ORIGIN = 'bench.deconflict.example/hub';
export const HUB_PARTY = 'hub';
export const ADMIN_ID = 'hub.admin';

/**
 * A benchmark of the hub's own throughput sends more commands per operator and party than any
 * officer would: the hub's operator lifts the command rates in the environment, as the README says.
 */
export const LIFTED_COMMAND_RATES: Readonly<Record<string, string>> = {
  DECONFLICT_COMMANDS_PER_OPERATOR: '1000000000',
  DECONFLICT_COMMANDS_PER_PARTY: '1000000000',
};
export const LIFTED_COMMAND_LIMITS: Readonly<AccessLimits> =
  accessLimitsFromEnvironment(LIFTED_COMMAND_RATES);

/** The hub's first administrator, whose key signs every benchmark command. */
export interface BenchAdmin {
  signer: OperatorSigner;
  /** PKCS#8 PEM, so worker threads and child processes can sign as the administrator. */
  pem: string;
}

export function benchAdmin(): BenchAdmin {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    signer: new OperatorSigner(privateKey),
    pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

export interface FoundedHub {
  dir: DataDir;
  remove(): void;
}

/**
 * A hub founded with `deconflict init`'s code in a fresh directory on the temp file system (real
 * disk), its record there or on the PostgreSQL database `location` names.
 */
export async function foundBenchHub(
  admin: BenchAdmin,
  location: StoreLocation = { kind: 'sqlite' },
): Promise<FoundedHub> {
  const root = mkdtempSync(join(tmpdir(), 'deconflict-bench-'));
  const dir = dataDir(join(root, 'hub'));
  await foundHub(
    dir,
    {
      origin: BENCH_ORIGIN,
      party: { id: HUB_PARTY, name: 'Hub custodians' },
      administrator: { id: ADMIN_ID, name: 'Bench administrator', publicKey: admin.signer.publicKey },
    },
    location,
  );
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The file system the benchmarks write to, as `df -T` reports it (fsync cost depends on it). */
export function tempFileSystem(): string {
  try {
    const lines = execFileSync('df', ['-T', tmpdir()], { encoding: 'utf8' }).trim().split('\n');
    const [device, type] = (lines[1] ?? '').split(/\s+/);
    return `${tmpdir()} on ${device} (${type})`;
  } catch {
    return tmpdir();
  }
}
