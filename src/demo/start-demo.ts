// What `serve --demo` adds to a start: on the start that creates the hub, the scenario is loaded
// and the way to sign in is printed; on later starts, only where the keys are.
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { OperatorSigner } from '../client/operator-signer.js';
import type { Hub } from '../hub/hub.js';
import { armLaterSteps, dueAt, loadedDemoOffset, saveDemoOffset, stepsLeft } from './later-steps.js';
import { loadScenario } from './load-scenario.js';
import type { Scenario } from './scenario.js';
import { startTrackSimulator } from './track-simulator.js';

export const demoKeysDir = (dataPath: string) => join(dataPath, 'demo-keys');

/**
 * Loads `scenario` if this start created the hub (its administrator's key is given), and tells the
 * operator, on stderr like the hub's other start-up lines, how to sign in.
 */
export async function startDemo(
  running: { hub: Hub; url: string },
  scenario: Scenario,
  dataPath: string,
  foundedWithAdminKey: string | null,
): Promise<void> {
  const keysDir = demoKeysDir(dataPath);
  // As `npm start` users will type it: relative to where they are, when it is below.
  const below = relative(process.cwd(), keysDir);
  const shown = below && !below.startsWith('..') && !isAbsolute(below) ? below : keysDir;
  const say = (line: string) => console.error(`deconflict: ${line}`);
  if (foundedWithAdminKey === null) {
    if (existsSync(keysDir)) {
      console.error(`deconflict: demo “${scenario.title}”: its operators’ keys are in ${shown}/`);
      const offsetMs = loadedDemoOffset(dataPath, scenario);
      if (offsetMs !== null) {
        for (const line of laterStepLines(scenario, dataPath, offsetMs)) say(line);
        armLaterSteps(running.url, scenario, { dataPath, keysDir, offsetMs }, say);
        startTrackSimulator(running.url, scenario, keysDir, offsetMs, say);
      }
    }
    return;
  }
  const { operators, offsetMs } = await loadScenario(
    running,
    scenario,
    OperatorSigner.fromFile(foundedWithAdminKey),
    keysDir,
  );
  saveDemoOffset(dataPath, scenario, offsetMs);
  const lines = [
    `deconflict: loaded the demo “${scenario.title}”. ${scenario.note}`,
    `deconflict: sign in as any of its operators with their key: in the browser at ${running.url}/, import ${shown}/<id>.key; on the command line, add --key ${shown}/<id>.key`,
    ...operators.map((o) => `  ${o.party.padEnd(10)} ${o.id.padEnd(16)} ${o.role.padEnd(14)} ${o.name}`),
    ...laterStepLines(scenario, dataPath, offsetMs).map((line) => `deconflict: ${line}`),
  ];
  console.error(lines.join('\n'));
  armLaterSteps(running.url, scenario, { dataPath, keysDir, offsetMs }, say);
  startTrackSimulator(running.url, scenario, keysDir, offsetMs, say);
}

/** When the steps left for later are taken, in the hub's time and the scenario's. */
function laterStepLines(scenario: Scenario, dataPath: string, offsetMs: number): string[] {
  return stepsLeft(scenario, dataPath).map(
    (step) =>
      `at ${new Date(dueAt(step, offsetMs)).toISOString()} (${step.at} in the scenario), ${step.as} signs ${step.command}`,
  );
}
