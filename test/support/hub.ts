import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type AccessLimits, DEFAULT_ACCESS_LIMITS } from '../../src/api/access-limits.js';
import { type BasemapArchive, openBasemapArchive } from '../../src/api/basemap-archive.js';
import type { HubCertificate } from '../../src/api/server.js';
import { type DataDir, dataDir, openHubFiles } from '../../src/cli/data-dir.js';
import { foundHub } from '../../src/cli/found-hub.js';
import { type FeedPorts, type RunningHub, runHub } from '../../src/cli/run-hub.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { Hub } from '../../src/hub/hub.js';
import { tempDir } from './temp-dir.js';

export const TEST_ORIGIN = 'test.deconflict.dev/hub';

/** A hub founded in a temp dir: `<root>/data` is its data directory, `<root>/admin.pem` its admin's key. */
export interface FoundedHub {
  root: string;
  dir: DataDir;
  origin: string;
  /** The first administrator, of the hub's own party `hub`: a hub administrator. */
  admin: OperatorSigner;
  adminKeyPath: string;
  remove(): void;
}

export async function foundTestHub(
  options: { origin?: string; admin?: OperatorSigner } = {},
): Promise<FoundedHub> {
  const temp = tempDir();
  const origin = options.origin ?? TEST_ORIGIN;
  const dir = dataDir(join(temp.path, 'data'));
  const admin = options.admin ?? OperatorSigner.generate();
  const adminKeyPath = join(temp.path, 'admin.pem');
  admin.save(adminKeyPath);
  await foundHub(dir, {
    origin,
    party: { id: 'hub', name: 'Hub custodians' },
    administrator: { id: 'hub.admin', name: 'Hub administrator', publicKey: admin.publicKey },
  });
  return { root: temp.path, dir, origin, admin, adminKeyPath, remove: temp.remove };
}

/** Serves a data directory in this process on a free port, without request logs. */
export async function serveInProcess(
  dir: DataDir,
  ports: FeedPorts = {},
  limits: Partial<AccessLimits> = {},
  served: { basemap?: BasemapArchive; certificate?: HubCertificate } = {},
): Promise<RunningHub> {
  return runHub(dir, { host: '127.0.0.1', port: 0, ...served }, false, ports, {
    ...DEFAULT_ACCESS_LIMITS,
    ...limits,
  });
}

export interface TestHub extends FoundedHub {
  url: string;
  running: RunningHub;
  /** Stops the hub and serves its data directory again, as after a restart: `url` changes. */
  restart(): Promise<void>;
  /** Stops the hub (once) and removes its directory. */
  stop(): Promise<void>;
}

/** Founds a hub in a temp dir and serves it in this process (`basemap`: a PMTiles file to serve). */
export async function startTestHub(
  options: {
    origin?: string;
    ports?: FeedPorts;
    limits?: Partial<AccessLimits>;
    basemap?: string;
    /** Serve HTTPS with this certificate. */
    certificate?: HubCertificate;
  } = {},
): Promise<TestHub> {
  const founded = await foundTestHub(options);
  const basemap = options.basemap ? await openBasemapArchive(options.basemap) : undefined;
  const served = {
    ...(basemap ? { basemap } : {}),
    ...(options.certificate ? { certificate: options.certificate } : {}),
  };
  let stopped = false;
  const hub: TestHub = {
    ...founded,
    running: await serveInProcess(founded.dir, options.ports, options.limits, served),
    url: '',
    async restart() {
      await hub.running.stop();
      hub.running = await serveInProcess(founded.dir, options.ports, options.limits, served);
      hub.url = hub.running.url;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await hub.running.stop();
      await basemap?.close();
      founded.remove();
    },
  };
  hub.url = hub.running.url;
  return hub;
}

/**
 * Founds a second hub with the key file of another: same origin, same checkpoint key, its own
 * record — what a hub showing two histories would look like.
 */
export async function foundWithHubKey(keyFile: string, admin: OperatorSigner): Promise<FoundedHub> {
  const temp = tempDir();
  const dir = dataDir(join(temp.path, 'data'));
  mkdirSync(dir.path, { mode: 0o700 });
  copyFileSync(keyFile, dir.keyPath);
  const adminKeyPath = join(temp.path, 'admin.pem');
  admin.save(adminKeyPath);
  const { hubKey, origin, store } = openHubFiles(dir);
  const hub = await Hub.open({ store, hubKey, origin });
  await hub.found(
    { id: 'hub', name: 'Hub custodians' },
    { id: 'hub.admin', name: 'Hub administrator', publicKey: admin.publicKey },
  );
  await hub.close();
  await store.close();
  return { root: temp.path, dir, origin, admin, adminKeyPath, remove: temp.remove };
}
