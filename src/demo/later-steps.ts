// The steps of a scenario dated after the moment loading puts at now: an incident is reported once it
// has happened, an agreement suspended once the scenario reaches that day, so the demo's hub takes
// such a step when the scenario's clock reaches it, signed then (the hub accepts only commands signed
// within minutes of its clock) by the operator the scenario names, with the key the load wrote. The
// offset of the load is kept in the data directory, with the steps taken since, so a later start
// takes what came due while the hub was stopped, arms the rest, and never takes a step twice (a
// suspension the parties have since resumed stays resumed). A step the hub refuses with 409, as a
// repeat or as no longer possible (an agreement ended meanwhile), counts as taken.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HubClient } from '../client/hub-client.js';
import { HubRefusal } from '../client/hub-refusal.js';
import { OperatorSigner } from '../client/operator-signer.js';
import { stepFields } from './load-scenario.js';
import { type Scenario, type ScenarioStep, shiftTimes } from './scenario.js';

/** setTimeout's longest delay; a step further off is re-armed when it is reached. */
const MAX_DELAY_MS = 2 ** 31 - 1;

const offsetFile = (dataPath: string) => join(dataPath, 'demo-offset.json');

/** What the data directory keeps of the load: which scenario, its offset, the later steps taken. */
interface DemoLoad {
  scenario: string;
  offset_ms: number;
  taken?: string[];
}

const writeLoad = (dataPath: string, load: DemoLoad) =>
  writeFileSync(offsetFile(dataPath), `${JSON.stringify(load)}\n`);

function readLoad(dataPath: string, scenario: Scenario): DemoLoad | null {
  if (!existsSync(offsetFile(dataPath))) return null;
  const saved = JSON.parse(readFileSync(offsetFile(dataPath), 'utf8')) as DemoLoad;
  return saved.scenario === scenario.id ? saved : null;
}

export function saveDemoOffset(dataPath: string, scenario: Scenario, offsetMs: number): void {
  writeLoad(dataPath, { scenario: scenario.id, offset_ms: offsetMs });
}

/** The offset the scenario was loaded with here, or null if it was not (or another scenario was). */
export function loadedDemoOffset(dataPath: string, scenario: Scenario): number | null {
  return readLoad(dataPath, scenario)?.offset_ms ?? null;
}

/** A later step, as the data directory names it among those taken. */
const stepName = (step: ScenarioStep & { at: string }) => `${step.at} ${step.as} ${step.command}`;

function markTaken(dataPath: string, scenario: Scenario, step: ScenarioStep & { at: string }): void {
  const load = readLoad(dataPath, scenario);
  if (load === null) return;
  writeLoad(dataPath, { ...load, taken: [...new Set([...(load.taken ?? []), stepName(step)])] });
}

/** When a later step is due, in the hub's time. */
export const dueAt = (step: ScenarioStep & { at: string }, offsetMs: number) =>
  Date.parse(shiftTimes(step.at, offsetMs));

export function laterSteps(scenario: Scenario): (ScenarioStep & { at: string })[] {
  return scenario.steps.filter((step): step is ScenarioStep & { at: string } => step.at !== undefined);
}

/** The later steps this data directory's demo has yet to take. */
export function stepsLeft(scenario: Scenario, dataPath: string): (ScenarioStep & { at: string })[] {
  const taken = new Set(readLoad(dataPath, scenario)?.taken ?? []);
  return laterSteps(scenario).filter((step) => !taken.has(stepName(step)));
}

/**
 * Takes each later step when it is due (at once if it already is). The timers keep no process alive:
 * a hub that stops leaves them, and its next start arms them again. `say` is told what was taken, or
 * why not.
 */
export function armLaterSteps(
  url: string,
  scenario: Scenario,
  demo: { dataPath: string; keysDir: string; offsetMs: number },
  say: (line: string) => void,
): void {
  const { dataPath, keysDir, offsetMs } = demo;
  const take = async (step: ScenarioStep & { at: string }) => {
    const client = new HubClient(url, OperatorSigner.fromFile(join(keysDir, `${step.as}.key`)));
    try {
      const accepted = await client.submit(step.command, stepFields(step, offsetMs, scenario.note));
      markTaken(dataPath, scenario, step);
      say(`demo “${scenario.title}”: ${step.as} signed ${step.command} (entry ${accepted.index})`);
    } catch (error) {
      if (error instanceof HubRefusal && error.status === 409) return markTaken(dataPath, scenario, step);
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
  for (const step of stepsLeft(scenario, dataPath)) arm(step);
}
