// What the hub's writer spends on one declaration.submit, step by step, timed alone with the hub's own
// functions on a live hub: a cross-check of the CPU profile.
import { createPrivateKey, randomBytes } from 'node:crypto';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import type { DeclarationBody } from '../../src/deconfliction/declaration-schema.js';
import { readDeclaration } from '../../src/deconfliction/read-declaration.js';
import { declarationSubmit } from '../../src/hub/commands/declaration-submit.js';
import type { Hub } from '../../src/hub/hub.js';
import { verifySignature } from '../../src/hub/operator-key.js';
import { RefusalTallies } from '../../src/hub/refusal-tallies.js';
import type { SignedCommand } from '../../src/hub/signed-command.js';
import type { HubState, Operator } from '../../src/hub/state.js';
import { validateCommand } from '../../src/hub/validate-command.js';
import { canonicalBytes, type Entry, encodeEntry } from '../../src/record/index.js';
import type { AdmissionSpec } from './admission-load.js';
import { operationBody } from './admission-workload.js';

/**
 * What the writer spends per declaration.submit on the steps that can be timed alone, with the hub's
 * own functions, on the live state (nothing is changed): a cross-check of the profile. Each step runs
 * over the sample twice, the first time to warm up, on fresh copies where the hub caches by object.
 */
export function stageCosts(
  hub: Hub,
  request: { specs: readonly AdmissionSpec[]; pems: readonly string[] },
): Record<string, number> {
  return hub.live((state) => stageCostsOn(hub, state, request));
}

function stageCostsOn(
  hub: Hub,
  state: HubState,
  request: { specs: readonly AdmissionSpec[]; pems: readonly string[] },
): Record<string, number> {
  const signers = request.pems.map((pem) => new OperatorSigner(createPrivateKey(pem)));
  const bodies = request.specs.map((spec) =>
    JSON.stringify(
      (signers[spec.client] as OperatorSigner).command(hub.origin, 'declaration.submit', {
        declaration: operationBody(spec.operation),
        known_conflicts: spec.key.map((declaration) => ({ declaration, version: 1 })),
      }),
    ),
  );
  const fresh = () => bodies.map((body) => JSON.parse(body) as SignedCommand);
  const commands = fresh();
  const messages = commands.map((c) => canonicalBytes(c.command));
  const keys = commands.map((c) => {
    const holder = state.keyHolder(c.key);
    if (!holder) throw new Error(`no operator holds key ${c.key}`);
    return Buffer.from(holder.key.publicKey, 'base64');
  });
  const authors = request.specs.map(
    (spec) => state.operators.get(`${spec.operation.party}.admin`) as Operator,
  );
  const copies = [fresh(), fresh(), fresh(), fresh()];
  const now = Date.now();
  const entryOf = (c: SignedCommand, i: number): Entry => ({
    v: 1,
    kind: c.command.type,
    time: new Date(now).toISOString(),
    author: { party: (authors[i] as Operator).party, operator: (authors[i] as Operator).id, key: c.key },
    command: c.command,
    signature: c.signature,
    visibility: ['*'],
    salt: randomBytes(16).toString('base64'),
  });
  const entries = commands.map(entryOf);
  // Declarations are never refused for a send limit: nothing is counted here.
  const refusals = new RefusalTallies();
  const steps: [string, (i: number, round: number) => unknown][] = [
    ['JSON.parse of the request body', (i) => JSON.parse(bodies[i] as string)],
    [
      'schema check + JCS of the signed bytes (validateCommand)',
      (i) => validateCommand((commands[i] as SignedCommand).command),
    ],
    [
      'Ed25519 verify (on the verify worker, not the writer)',
      (i) =>
        verifySignature(
          keys[i] as Uint8Array,
          messages[i] as Uint8Array,
          (commands[i] as SignedCommand).signature,
        ),
    ],
    [
      'reading the declaration (readDeclaration)',
      (i, round) =>
        readDeclaration(
          ((copies[round] as SignedCommand[])[i] as SignedCommand).command.declaration as DeclarationBody,
        ),
    ],
    [
      'decide: read + rules + conflict search + key + conflict records',
      (i, round) =>
        declarationSubmit.decide(
          { state, author: authors[i] as Operator, now, online: () => false, refusals },
          ((copies[2 + round] as SignedCommand[])[i] as SignedCommand).command as never,
        ),
    ],
    ['entry encoding of the command (encodeEntry)', (i) => encodeEntry(entries[i] as Entry)],
  ];
  const costs: Record<string, number> = {};
  for (const [name, step] of steps) {
    for (let i = 0; i < commands.length; i++) step(i, 0);
    const started = performance.now();
    for (let i = 0; i < commands.length; i++) step(i, 1);
    costs[name] = ((performance.now() - started) * 1000) / commands.length;
  }
  return costs;
}
