// Loads a demo scenario into a running hub the way its parties would build it: the hub's
// administrator admits each party with its administrator, who adds the party's other operators;
// then every step is a command signed by the operator the scenario names, submitted over the API.
// Steps dated after the moment put at now are left for later (later-steps.ts).
// Each operator's key is written where the browser and the command line can sign in with it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HubClient } from '../client/hub-client.js';
import { OperatorSigner } from '../client/operator-signer.js';
import type { Hub } from '../hub/hub.js';
import { type Scenario, type ScenarioOperator, type ScenarioStep, shiftTimes } from './scenario.js';

export interface DemoOperator extends ScenarioOperator {
  party: string;
  keyFile: string;
}

export async function loadScenario(
  running: { hub: Hub; url: string },
  scenario: Scenario,
  hubAdministrator: OperatorSigner,
  keysDir: string,
): Promise<{ operators: DemoOperator[]; offsetMs: number }> {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const clients = new Map<string, HubClient>();
  const clientOf = (id: string) => {
    const client = clients.get(id);
    if (!client) throw new Error(`scenario ${scenario.id} names no operator ${id}`);
    return client;
  };
  const publicKeyOf = (operator: ScenarioOperator) => clientOf(operator.id).signer.publicKey;
  const operators: DemoOperator[] = [];
  const hubClient = new HubClient(running.url, hubAdministrator);
  for (const party of scenario.parties) {
    for (const operator of party.operators) {
      const signer = OperatorSigner.generate();
      const keyFile = join(keysDir, `${operator.id}.key`);
      signer.save(keyFile);
      clients.set(operator.id, new HubClient(running.url, signer));
      operators.push({ ...operator, party: party.id, keyFile });
    }
    const [administrator, ...others] = party.operators;
    await hubClient.submit('party.create', {
      party: { id: party.id, name: party.name },
      administrator: {
        id: administrator.id,
        name: administrator.name,
        public_key: publicKeyOf(administrator),
      },
    });
    for (const operator of others) {
      await clientOf(administrator.id).submit('operator.add', {
        operator: { id: operator.id, name: operator.name, public_key: publicKeyOf(operator) },
        role: operator.role,
      });
    }
  }
  const offsetMs = Date.now() - Date.parse(scenario.shifted_to_now);
  for (const step of scenario.steps) {
    if (step.at !== undefined) continue;
    // The hub routes a message to whoever is on line; once they have been gone for the grace, what
    // waits on them moves along: the scenario goes on from there.
    const leave = (step.on_line ?? []).map((operator) => running.hub.connect(operator));
    await clientOf(step.as).submit(step.command, stepFields(step, offsetMs, scenario.note));
    for (const goOffLine of leave) await goOffLine();
    await movedOnFrom(running.hub, step.on_line ?? []);
  }
  return { operators, offsetMs };
}

/** Waits, as the hub's timer would, for the graces of operators who left to end and their requests to move on. */
async function movedOnFrom(hub: Hub, operators: readonly string[]): Promise<void> {
  const waiting = () =>
    hub.read((state) => operators.some((operator) => state.hotline.waitingOn(operator).length > 0));
  while (await waiting()) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    await hub.housekeep();
  }
}

/** A step's fields as signed: its dates shifted like the whole scenario's, declarations labelled. */
export function stepFields(step: ScenarioStep, offsetMs: number, note: string): Record<string, unknown> {
  return labelled(shiftTimes(step.fields, offsetMs), note);
}

/** A declaration's notes begin with the scenario's note, so that nobody takes it for a real one. */
function labelled(fields: Record<string, unknown>, note: string): Record<string, unknown> {
  const declaration = fields.declaration as { notes?: string } | undefined;
  if (declaration === undefined) return fields;
  const notes = declaration.notes ? `${note} ${declaration.notes}` : note;
  return { ...fields, declaration: { ...declaration, notes } };
}
