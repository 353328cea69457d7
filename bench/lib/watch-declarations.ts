// Declarations as the hub holds them, made from declaration bodies the way the hub reads a submit
// (readDeclaration), for loading a DeconflictionState directly in the watch's tests and benchmark.
import type { Declaration } from '../../src/deconfliction/declaration.js';
import type { DeclarationBody } from '../../src/deconfliction/declaration-schema.js';
import { readDeclaration } from '../../src/deconfliction/read-declaration.js';

export function declared(party: string, body: DeclarationBody, version = 1): Declaration {
  const reading = readDeclaration(body);
  if (!reading.ok) throw new Error(`invalid declaration ${body.id}: ${JSON.stringify(reading.problems)}`);
  return {
    id: body.id,
    version,
    kind: body.kind,
    party,
    visibility: ['*'],
    activity: reading.read.activity,
    volumes: reading.read.volumes,
    validFrom: reading.read.validFrom,
    validUntil: reading.read.validUntil,
    roster: 'deconfliction',
    body,
    entry: 0,
    since: new Date(reading.read.validFrom).toISOString(),
    reminded: false,
  };
}
