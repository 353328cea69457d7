// The logs a witness cosigns for: each origin with the keys it trusts for it.
// A log is written as its verifier key, optionally followed by a space and the
// origin, which otherwise is the key's name (as tlog-checkpoint recommends).
// A file holds one log per line; blank lines and lines starting with # are skipped.
import { readFileSync } from 'node:fs';
import { type NoteVerifier, noteVerifier } from '../record/index.js';

export type WitnessedLogs = ReadonlyMap<string, readonly NoteVerifier[]>;

export interface WitnessedLog {
  origin: string;
  verifierKey: string;
}

/** One log from `<vkey>` or `<vkey> <origin>`; throws a message naming what is wrong. */
export function parseWitnessedLog(text: string): WitnessedLog {
  const space = text.indexOf(' ');
  const verifierKey = space < 0 ? text : text.slice(0, space);
  let name: string;
  try {
    name = noteVerifier(verifierKey).name;
  } catch (error) {
    throw new Error(
      `${JSON.stringify(verifierKey)} is not a log's verifier key: ${(error as Error).message}`,
    );
  }
  const origin = space < 0 ? name : text.slice(space + 1);
  if (origin.length === 0 || origin.trim() !== origin || /[\n\r]/.test(origin)) {
    throw new Error(`${JSON.stringify(origin)} is not an origin line`);
  }
  return { origin, verifierKey };
}

export function readWitnessedLogsFile(path: string): WitnessedLog[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map(parseWitnessedLog);
}

/** Groups the logs by origin; a key given twice for one origin counts once. */
export function witnessedLogs(logs: readonly WitnessedLog[]): WitnessedLogs {
  const keys = new Map<string, Set<string>>();
  for (const { origin, verifierKey } of logs)
    keys.set(origin, (keys.get(origin) ?? new Set()).add(verifierKey));
  return new Map([...keys].map(([origin, vkeys]) => [origin, [...vkeys].map(noteVerifier)]));
}
