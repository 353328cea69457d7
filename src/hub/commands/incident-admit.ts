// A party concerned admits an inquiry to an incident: it names the inquiry and its Ed25519 public key,
// and from then on the inquiry may sign in with that key and read what this party may read of the
// incident (who-may-see.ts, inquiryEntries). Each party admits for itself: what one admits never
// opens another's entries.
import { Type } from '@sinclair/typebox';
import { IncidentRef } from '../../evidence/incident-schema.js';
import { decodePublicKey, operatorKeyId } from '../operator-key.js';
import { problems } from '../problem.js';
import { requireDeclarer } from './declaration-admission.js';
import { commandSchema, DisplayName, PublicKey } from './fields.js';
import { defineCommand } from './handler.js';
import { incidentFor, refused } from './incident-steps.js';

export const incidentAdmit = defineCommand({
  type: 'incident.admit',
  schema: commandSchema(
    'incident.admit',
    {
      incident: IncidentRef,
      inquiry: Type.Object({ name: DisplayName, public_key: PublicKey }, { additionalProperties: false }),
    },
    'A party concerned admits an inquiry, by its Ed25519 public key, to what the party may read of an incident.',
  ),
  decide({ state, author }, command) {
    requireDeclarer(author);
    const incident = incidentFor(state, author, command.incident);
    const raw = decodePublicKey(command.inquiry.public_key);
    if (!raw)
      throw problems.badRequest('the inquiry’s key is not valid', [
        {
          field: '/command/inquiry/public_key',
          reason: 'must be a raw 32-byte Ed25519 public key in base64',
        },
      ]);
    const key = operatorKeyId(raw);
    if (state.keyHolder(key))
      throw problems.conflict(
        'this key is an operator’s; an inquiry has a key of its own',
        '/command/inquiry/public_key',
      );
    const refusal = incident.admissionRefusal(author.party, key);
    if (refusal) throw refused(refusal);
    return { visibility: incident.stepVisibility(author.party) };
  },
  apply(state, command, entry) {
    const incident = state.incidents.get(command.incident);
    if (!incident) throw new Error(`incident.admit for unknown incident ${command.incident}`);
    const raw = decodePublicKey(command.inquiry.public_key) as Uint8Array;
    const party = (entry.author as { party: string }).party;
    incident.admit(
      party,
      { key: operatorKeyId(raw), publicKey: command.inquiry.public_key, name: command.inquiry.name },
      state.size,
    );
  },
});
