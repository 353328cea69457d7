// A demo scenario as data: the parties and their operators, then the commands they sign, in order.
// Its dates are those of the events it reconstructs; loading shifts them all by one offset, so the
// day-to-day sequence is kept while the hub, which works in real time, accepts them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { TrackSimulation } from './simulated-tracks.js';

const SCENARIOS = new URL('../../scenarios/', import.meta.url);

export interface ScenarioOperator {
  id: string;
  name: string;
  role: 'administrator' | 'duty-officer' | 'viewer';
}

export interface ScenarioParty {
  id: string;
  name: string;
  /** The first is the party's administrator, whom the hub administrator admits with the party. */
  operators: [ScenarioOperator, ...ScenarioOperator[]];
}

export interface ScenarioStep {
  /** The operator who signs the command. */
  as: string;
  command: string;
  fields: Record<string, unknown>;
  /** Operators whose clients are on line when the command arrives, and leave once it is accepted. */
  on_line?: string[];
  /**
   * The scenario's date-time at which the step is taken, when that is after the moment loading puts
   * at now (an incident, reported once it has happened): the serving hub's demo takes it then.
   */
  at?: string;
}

export interface Scenario {
  id: string;
  title: string;
  /** Shown with everything it declares: what the scenario is, and how its dates are shifted. */
  note: string;
  /** The scenario's date-time that the load puts at the present moment. */
  shifted_to_now: string;
  sources: { title: string; publisher: string; date: string }[];
  parties: ScenarioParty[];
  /** Live tracks the demo's hub is sent while it runs, as the parties' own systems would send them. */
  simulation?: TrackSimulation[];
  steps: ScenarioStep[];
}

export function scenarioNames(): string[] {
  return readdirSync(SCENARIOS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

export function readScenario(name: string): Scenario {
  const file = new URL(`${encodeURIComponent(name)}/scenario.json`, SCENARIOS);
  if (!/^[a-z0-9-]+$/.test(name) || !existsSync(file)) {
    throw new Error(`no demo scenario ${name}: known are ${scenarioNames().join(', ')}`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Scenario;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** `value` with every RFC 3339 date-time in it moved by `offsetMs`. */
export function shiftTimes<T>(value: T, offsetMs: number): T {
  if (typeof value === 'string' && DATE_TIME.test(value)) {
    return new Date(Date.parse(value) + offsetMs).toISOString() as T;
  }
  if (Array.isArray(value)) return value.map((item) => shiftTimes(item, offsetMs)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, shiftTimes(item, offsetMs)]),
    ) as T;
  }
  return value;
}
