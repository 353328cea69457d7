// Declaration versions as a person writes them: --version N, and the known-conflicts key as
// ID@VERSION, once per declaration the one being declared conflicts with. Declaration ids never
// hold an "@", so the last one splits.
import { InvalidArgumentError } from 'commander';
import type { ConflictView } from '../client/hub-views.js';

export interface KnownConflict {
  declaration: string;
  version: number;
}

/** Commander's parser for a version number. */
export function versionOption(value: string): number {
  const n = Number(value);
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError('not a version number (1, 2, …)');
  }
  return n;
}

/** Commander's parser for a repeatable --known: each value appended to those before. */
export function knownConflictOption(value: string, previous: KnownConflict[] = []): KnownConflict[] {
  const at = value.lastIndexOf('@');
  if (at <= 0) throw new InvalidArgumentError('write it as ID@VERSION, e.g. alpha/strike-7@2');
  return [...previous, { declaration: value.slice(0, at), version: versionOption(value.slice(at + 1)) }];
}

export const knownName = (k: KnownConflict) => `${k.declaration}@${k.version}`;

/** The key naming every declaration a refused submit or amend was found to conflict with. */
export function keyOfConflicts(conflicts: readonly ConflictView[]): KnownConflict[] {
  return conflicts.map(({ declarations: [, against] }) => ({
    declaration: against.id,
    version: against.version,
  }));
}
