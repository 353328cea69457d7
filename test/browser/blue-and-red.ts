// Two parties for the browser drills, Blue Force and Red Force, each with its administrator and a
// duty officer whose key file the browser imports.
import { join } from 'node:path';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept } from '../support/api.js';
import type { TestHub } from '../support/hub.js';

export function blueAndRedSigners() {
  return {
    'blue.admin': OperatorSigner.generate(),
    'blue.duty': OperatorSigner.generate(),
    'red.admin': OperatorSigner.generate(),
    'red.duty': OperatorSigner.generate(),
  };
}
export type BlueOrRed = keyof ReturnType<typeof blueAndRedSigners>;

/** Where an operator's key file is written for the browser to import. */
export const keyFile = (hub: TestHub, operator: BlueOrRed) => join(hub.root, `${operator}.key`);

/** Admits both parties with their administrators and duty officers, and writes every key file. */
export async function admitBlueAndRed(
  hub: TestHub,
  signers: Record<BlueOrRed, OperatorSigner>,
): Promise<void> {
  for (const party of ['blue', 'red'] as const) {
    await accept(hub.url, hub.origin, hub.admin, 'party.create', {
      party: { id: party, name: party === 'blue' ? 'Blue Force' : 'Red Force' },
      administrator: {
        id: `${party}.admin`,
        name: `${party} admin`,
        public_key: signers[`${party}.admin`].publicKey,
      },
    });
    await accept(hub.url, hub.origin, signers[`${party}.admin`], 'operator.add', {
      operator: {
        id: `${party}.duty`,
        name: `${party} duty officer`,
        public_key: signers[`${party}.duty`].publicKey,
      },
      role: 'duty-officer',
    });
  }
  for (const [operator, signer] of Object.entries(signers)) signer.save(keyFile(hub, operator as BlueOrRed));
}

/** A message from one party's duty officer to the whole of the other party, recorded by the hub. */
export async function sendToOther(
  hub: TestHub,
  signers: Record<BlueOrRed, OperatorSigner>,
  from: 'blue' | 'red',
  message: { id: string; kind: 'notification' | 'urgent-request'; text: string; action?: 'stop' },
): Promise<void> {
  await accept(hub.url, hub.origin, signers[`${from}.duty`], 'message.send', {
    message: { ...message, recipients: [{ party: from === 'blue' ? 'red' : 'blue' }] },
  });
}
