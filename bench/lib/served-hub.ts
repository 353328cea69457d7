// A hub as its operators run it, `deconflict serve` in a process of its own, founded fresh on SQLite
// in its data directory or on a new PostgreSQL database, with the command rates lifted: what a
// store-against-store benchmark starts for each round. Its CPU and peak memory are read from /proc.
import { generateKeyPairSync } from 'node:crypto';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { get, postCommand } from '../../test/support/api.js';
import { ServeProcess } from '../../test/support/cli.js';
import { BACKGROUND_PARTY, clientParty } from './admission-workload.js';
import { processPeakRssMiB } from './alert-hub-rss.js';
import {
  BENCH_ORIGIN,
  type BenchAdmin,
  benchAdmin,
  foundBenchHub,
  LIFTED_COMMAND_RATES,
} from './hub-fixture.js';
import type { PostgisCluster } from './postgis-cluster.js';
import { processCpuSeconds } from './process-cpu.js';

/** Where a round's record is kept, and whose code serves it. */
export interface StoreVariant {
  name: string;
  store: 'sqlite' | 'postgresql';
  /** The source tree that serves: this repository, or a checkout of an earlier commit. */
  tree: string;
  commit: string;
}

export interface ServedHub {
  url: string;
  admin: BenchAdmin;
  pid: number;
  cpuSeconds(): number;
  peakRssMiB(): number | null;
  /** The hub's group commits so far, from its /metrics. */
  commits(): Promise<Commits>;
  /** Stops the hub (SIGTERM, as an operator would) and drops its directory and database. */
  stop(): Promise<void>;
}

/** Group commits: how many, the entries they wrote, and the time each took to decide, write and sign. */
export interface Commits {
  count: number;
  entries: number;
  seconds: number;
}

/** Reads the commit histograms' sums and counts from a Prometheus text page. */
function commitsOf(page: string): Commits {
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(page)?.[1] ?? Number.NaN);
  return {
    count: value('deconflict_commit_duration_seconds_count'),
    entries: value('deconflict_commit_batch_entries_sum'),
    seconds: value('deconflict_commit_duration_seconds_sum'),
  };
}

let databases = 0;

/** A fresh hub on the variant's store, served by its tree; `nodeArgs` are the hub process's Node flags. */
export async function serveHub(
  variant: StoreVariant,
  cluster: PostgisCluster | null,
  nodeArgs: string[] = [],
): Promise<ServedHub> {
  const admin = benchAdmin();
  let database: string | null = null;
  if (variant.store === 'postgresql') {
    if (!cluster) throw new Error('a PostgreSQL round needs the cluster');
    database = `hub_${++databases}`;
    await cluster.query(`CREATE DATABASE ${database}`);
  }
  const url = database && cluster ? cluster.url(database) : null;
  const founded = await foundBenchHub(admin, url ? { kind: 'postgresql', url } : { kind: 'sqlite' });
  const hub = await ServeProcess.start(
    founded.dir.path,
    url ? ['--store', url] : [],
    { ...LIFTED_COMMAND_RATES },
    { tree: variant.tree, nodeArgs },
  );
  return {
    url: hub.url,
    admin,
    pid: hub.pid,
    cpuSeconds: () => processCpuSeconds(hub.pid) ?? Number.NaN,
    peakRssMiB: () => processPeakRssMiB(hub.pid),
    commits: async () => commitsOf((await get(hub.url, '/metrics')).text),
    async stop() {
      const ended = await hub.stop();
      founded.remove();
      if (database && cluster) await cluster.query(`DROP DATABASE ${database}`);
      if (ended.code !== 0)
        throw new Error(`the hub stopped with ${ended.code ?? ended.signal}:\n${hub.output}`);
    },
  };
}

export interface ClientParties {
  /** PKCS#8 PEMs of the client parties' administrators, by client index, then the background party's. */
  pems: string[];
}

/** Creates `parties` client parties and the background party, each with its first administrator. */
export async function createParties(hub: ServedHub, parties: number): Promise<ClientParties> {
  const ids = [...Array.from({ length: parties }, (_, i) => clientParty(i)), BACKGROUND_PARTY];
  const pems = await Promise.all(
    ids.map(async (party) => {
      const { privateKey } = generateKeyPairSync('ed25519');
      const signer = new OperatorSigner(privateKey);
      const answer = await postCommand(
        hub.url,
        hub.admin.signer.command(BENCH_ORIGIN, 'party.create', {
          party: { id: party, name: `Party ${party}` },
          administrator: {
            id: `${party}.admin`,
            name: `Administrator of ${party}`,
            public_key: signer.publicKey,
          },
        }),
      );
      if (answer.status !== 201) throw new Error(`party.create ${party}: ${answer.status} ${answer.text}`);
      return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    }),
  );
  return { pems };
}
