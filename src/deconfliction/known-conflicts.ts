// The known-conflicts key: a submit or amend is accepted only if it names, by id and version, every
// declaration it conflicts with. Extra names are harmless; a stale version is not a name.
import type { DeclarationConflict } from './declaration-conflict.js';
import type { KnownConflicts } from './declaration-schema.js';

export function unacknowledged(
  conflicts: readonly DeclarationConflict[],
  key: KnownConflicts,
): DeclarationConflict[] {
  const named = new Set(key.map((k) => `${k.declaration}@${k.version}`));
  return conflicts.filter((c) => !named.has(`${c.key.declaration}@${c.key.version}`));
}
