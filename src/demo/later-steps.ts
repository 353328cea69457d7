// The steps of a scenario dated after the moment loading puts at now: an incident is reported once it
// has happened, so the demo's hub takes such a step when the scenario's clock reaches it, signed by
// the operator the scenario names. The offset of the load is kept in the data directory, so a later
// start takes what came due while the hub was stopped and arms the rest; a step already taken is
// refused by the hub as a repeat, and left at that.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HubClient, HubRefusal } from '../client/hub-client.js';
import { OperatorSigner } from '../client/operator-signer.js';
import { stepFields } from './load-scenario.js';
import { type Scenario, type ScenarioStep, shiftTimes } from './scenario.js';

/** setTimeout's longest delay; a step further off is re-armed when it is reached. */
const MAX_DELAY_MS = 2 ** 31 - 1;

const offsetFile = (dataPath: string) => join(dataPath, 'demo-offset.json');

export function saveDemoOffset(dataPath: string, scenario: Scenario, offsetMs: number): void {
  writeFileSync(offsetFile(dataPath), `${JSON.stringify({ scenario: scenario.id, offset_ms: offsetMs })}\n`);
}

/** The offset the scenario was loaded with here, or null if it was not (or another scenario was). */
export function loadedDemoOffset(dataPath: string, scenario: Scenario): number | null {
  if (!existsSync(offsetFile(dataPath))) return null;
  const saved = JSON.parse(readFileSync(offsetFile(dataPath), 'utf8')) as {
    scenario: string;
    offset_ms: number;
  };
  return saved.scenario === scenario.id ? saved.offset_ms : null;
}

/** When a later step is due, in the hub's time. */
export const dueAt = (step: ScenarioStep & { at: string }, offsetMs: number) =>
  Date.parse(shiftTimes(step.at, offsetMs));

export function laterSteps(scenario: Scenario): (ScenarioStep & { at: string })[] {
  return scenario.steps.filter((step): step is ScenarioStep & { at: string } => step.at !== undefined);
}

/**
 * Takes each later step when it is due (at once if it already is). The timers keep no process alive:
 * a hub that stops leaves them, and its next start arms them again. `say` is told what was taken, or
 * why not.
 */
export function armLaterSteps(
  url: string,
  scenario: Scenario,
  keysDir: string,
  offsetMs: number,
  say: (line: string) => void,
): void {
  const take = async (step: ScenarioStep) => {
    const client = new HubClient(url, OperatorSigner.fromFile(join(keysDir, `${step.as}.key`)));
    try {
      const accepted = await client.submit(step.command, stepFields(step, offsetMs, scenario.note));
      say(`demo “${scenario.title}”: ${step.as} signed ${step.command} (entry ${accepted.index})`);
    } catch (error) {
      if (error instanceof HubRefusal && error.status === 409) return;
      say(`demo “${scenario.title}”: ${step.as}’s ${step.command} failed: ${(error as Error).message}`);
    }
  };
  const arm = (step: ScenarioStep & { at: string }) => {
    const delay = dueAt(step, offsetMs) - Date.now();
    if (delay <= 0) {
      void take(step);
      return;
    }
    const timer = setTimeout(
      () => {
        if (delay > MAX_DELAY_MS) arm(step);
        else void take(step);
      },
      Math.min(delay, MAX_DELAY_MS),
    );
    // Waiting for a step keeps no process alive on its own.
    timer.unref();
  };
  for (const step of laterSteps(scenario)) arm(step);
}
