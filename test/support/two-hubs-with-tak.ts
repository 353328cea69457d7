// Two hubs on one PostgreSQL database, each with its CoT port, as the takeover and failover drills
// run them: blue and red as parties, blue's TAK server as a `cot` feed, and the calls those drills
// make of whichever hub serves at the moment (red declares a site; blue's unit is found among the
// tracks).
import { createHash } from 'node:crypto';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { accept, get, login, submit } from './api.js';
import { initOnPostgresql, ServeProcess } from './cli.js';
import { site } from './declarations.js';
import { freePort } from './postgres-cluster.js';
import { until } from './until.js';

export const TAK_SECRET = 'a long random secret for the blue TAK server';
export const TAK_UNIT = 'ANDROID-BLUE-1';

export class TwoHubsWithTak {
  readonly signers = { 'blue.admin': OperatorSigner.generate(), 'red.admin': OperatorSigner.generate() };
  readonly hubs: ServeProcess[] = [];
  readonly cotPorts: number[] = [];
  /** Each hub's `serve` arguments, to start it again after it was killed. */
  readonly serveArgs: string[][] = [];
  readonly dirs: [string, string];

  private constructor(
    readonly origin: string,
    parent: string,
  ) {
    this.dirs = [join(parent, 'one'), join(parent, 'two')];
  }

  /** Both hubs started on `storeUrl`, the first of them the writer once the parties are made. */
  static async start(
    parent: string,
    origin: string,
    storeUrl: string,
    env: Record<string, string> = {},
  ): Promise<TwoHubsWithTak> {
    const drill = new TwoHubsWithTak(origin, parent);
    const admin = OperatorSigner.generate();
    await initOnPostgresql(drill.dirs[0], origin, admin.publicKey, storeUrl);
    cpSync(drill.dirs[0], drill.dirs[1], { recursive: true });
    for (const dir of drill.dirs) {
      const port = await freePort();
      drill.cotPorts.push(port);
      drill.serveArgs.push(['--store', storeUrl, '--cot-port', String(port)]);
      drill.hubs.push(await ServeProcess.start(dir, drill.serveArgs.at(-1), env));
    }
    const writer = drill.hubs[0] as ServeProcess;
    for (const party of ['blue', 'red'] as const)
      await accept(writer.url, origin, admin, 'party.create', {
        party: { id: party, name: `Party ${party}` },
        administrator: {
          id: `${party}.admin`,
          name: party,
          public_key: drill.signers[`${party}.admin`].publicKey,
        },
      });
    await accept(writer.url, origin, drill.signers['blue.admin'], 'feed.set', {
      feed: {
        name: 'tak',
        kind: 'cot',
        secret_sha256: createHash('sha256').update(TAK_SECRET).digest('hex'),
      },
    });
    return drill;
  }

  /** Red declares a site blue may see, through `hub`; the HTTP status it answered. */
  async declareSite(hub: ServeProcess, id: string, at: [number, number]): Promise<number> {
    const { status } = await submit(hub.url, this.origin, this.signers['red.admin'], 'declaration.submit', {
      declaration: site(id, at, 300, Date.now() - 60_000, 24, { visibility: ['blue'] }),
      known_conflicts: [],
    });
    return status;
  }

  /** Blue's TAK unit among `hub`'s tracks, once it is there. */
  async unitTrack(hub: ServeProcess): Promise<{ id: string; lon: number }> {
    const token = await login(hub.url, this.origin, this.signers['blue.admin']);
    return until('blue’s unit among the hub’s tracks', async () => {
      const { tracks } = (await get(hub.url, '/v1/tracks', token)).body as {
        tracks: { id: string; lon: number }[];
      };
      return tracks.find((candidate) => candidate.id === `blue/tak:${TAK_UNIT}`);
    });
  }

  async role(hub: ServeProcess): Promise<string> {
    return ((await get(hub.url, '/healthz')).body as { role: string }).role;
  }

  kill(): void {
    for (const hub of this.hubs) hub.kill('SIGKILL');
  }
}
