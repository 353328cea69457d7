// A declaration as shown to a party that may see it: what its owner declared, as declared, with
// what the hub knows of it (version, status, validity, the entry that made it, and whether a zone
// or line is suspended with its agreement, binding nobody until the agreement is resumed).
import type { DeconflictionState, KnownDeclaration } from './deconfliction-state.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function declarationView(declaration: KnownDeclaration, standing: Pick<DeconflictionState, 'binds'>) {
  return {
    id: declaration.id,
    version: declaration.version,
    kind: declaration.kind,
    party: declaration.party,
    status: declaration.status,
    visibility: declaration.visibility,
    valid_from: iso(declaration.validFrom),
    valid_until: iso(declaration.validUntil),
    since: declaration.since,
    entry: declaration.entry,
    roster: declaration.roster,
    declaration: declaration.body,
    ...(declaration.ended ? { ended: declaration.ended } : {}),
    ...(declaration.status === 'live' && !standing.binds(declaration) ? { suspended: true as const } : {}),
  };
}
