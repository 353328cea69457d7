// Plays a demo scenario's simulated tracks into the serving hub: every few seconds, each track whose
// time it is is reported through its party's feed, signed in as the operator the scenario names, as
// a party's own command-and-control system would. The timer keeps no process alive.
import { join } from 'node:path';
import { HubClient } from '../client/hub-client.js';
import { OperatorSigner } from '../client/operator-signer.js';
import type { Scenario } from './scenario.js';
import { reportAt, type SimulatedReport, simulatedTracks } from './simulated-tracks.js';

/** How often the tracks report: the rate of a ground tracker, and a light load on the hub. */
export const SIMULATION_INTERVAL_MS = 2_000;

/** Starts reporting; `say` is told once of each feed's failure, and when it reports again. */
export function startTrackSimulator(
  url: string,
  scenario: Scenario,
  keysDir: string,
  offsetMs: number,
  say: (line: string) => void,
): void {
  const tracks = simulatedTracks(scenario, offsetMs);
  const clients = new Map<string, HubClient>();
  const failing = new Set<string>();
  const clientOf = (operator: string) => {
    let client = clients.get(operator);
    if (!client) {
      client = new HubClient(url, OperatorSigner.fromFile(join(keysDir, `${operator}.key`)));
      clients.set(operator, client);
    }
    return client;
  };
  let busy = false;
  const tick = async () => {
    // A hub slower than the interval is sent the next round when it has taken this one.
    if (busy) return;
    busy = true;
    const now = Date.now();
    const batches = new Map<string, { as: string; feed: string; reports: SimulatedReport[] }>();
    for (const track of tracks) {
      const report = reportAt(track, now);
      if (!report) continue;
      const key = `${track.as} ${track.feed}`;
      const batch = batches.get(key) ?? { as: track.as, feed: track.feed, reports: [] };
      batch.reports.push(report);
      batches.set(key, batch);
    }
    await Promise.all(
      [...batches.entries()].map(async ([key, { as, feed, reports }]) => {
        try {
          const { dropped } = await clientOf(as).reportTracks(feed, reports);
          const first = dropped[0];
          if (first) throw new Error(`${dropped.length} dropped, the first: ${first.reason}`);
          if (failing.delete(key)) say(`demo “${scenario.title}”: ${feed} reports again`);
        } catch (error) {
          if (failing.has(key)) return;
          failing.add(key);
          say(
            `demo “${scenario.title}”: ${as} could not report ${feed}’s tracks: ${(error as Error).message}`,
          );
        }
      }),
    );
    busy = false;
  };
  const timer = setInterval(() => void tick(), SIMULATION_INTERVAL_MS);
  timer.unref();
  void tick();
}
