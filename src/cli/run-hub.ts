import type { Server as TlsServer } from 'node:tls';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { LoggerOptions } from 'pino';
import { type AccessLimits, accessLimitsFromEnvironment } from '../api/access-limits.js';
import type { BasemapArchive } from '../api/basemap-archive.js';
import { HubMetrics } from '../api/metrics.js';
import { recordReadersFromEnvironment } from '../api/record-readers.js';
import { buildServer, type HubCertificate } from '../api/server.js';
import { writerRelay } from '../api/writer-relay.js';
import { SbsReceivers } from '../feeds/sbs-receivers.js';
import { TakGateway, type TakGatewayOptions } from '../feeds/tak-gateway.js';
import { Hub } from '../hub/hub.js';
import { hubLog } from '../hub/hub-log.js';
import { RecordFollower } from '../hub/record-follower.js';
import { SharedPresence } from '../hub/shared-presence.js';
import { trackQuotasFromEnvironment } from '../hub/track-quotas.js';
import { TrackWatch } from '../hub/track-watch.js';
import { WebhookDispatcher } from '../webhooks/dispatcher.js';
import { EndpointAddressPolicy } from '../webhooks/endpoint-address.js';
import { HubWitnessing } from '../witness/hub-witnessing.js';
import { type DataDir, openHub, writerLeaseHolder } from './data-dir.js';
import { hubLogOptions } from './hub-log-options.js';
import { HubRoles, type WriterDuties } from './hub-roles.js';
import type { HubTls } from './hub-tls-options.js';
import { RepeatDamper } from './repeat-damper.js';
import type { StoreLocation } from './store-option.js';

export interface RunningHub {
  hub: Hub;
  /** Sends checkpoints to the witnesses of the policy in force, while this hub is the writer. */
  readonly witnessing: HubWitnessing | null;
  app: FastifyInstance;
  url: string;
  watch: TrackWatch;
  /** The CoT port TAK clients connect to, when one was asked for (on the writer). */
  readonly cotPort: number | null;
  /** Serves new HTTPS connections with this certificate (a hub serving HTTPS only). */
  replaceCertificate(certificate: HubCertificate): void;
  stop(): Promise<void>;
}

export interface FeedPorts {
  /** Serve a CoT port for TAK clients. */
  cot?: TakGatewayOptions;
}

const DIGEST_EVERY_MS = 60_000;
const PRUNE_EVERY_MS = 60_000;
/**
 * The longest the hub sleeps between housekeeping rounds: due expiries and reminders of
 * declarations are recorded within this. Hotline deadlines wake it when they fall due.
 */
const HOUSEKEEP_AT_LEAST_EVERY_MS = 5_000;

/** Opens a hub's data directory (replaying and checking its record) and serves the API. */
export async function runHub(
  dir: DataDir,
  /**
   * `advertise`: where the other hubs of a shared database reach this one, if not where it listens;
   * `basemap`: the operator's offline basemap, served with the picture.
   */
  listen: { host: string; port: number; advertise?: string; basemap?: BasemapArchive } & HubTls,
  logger: boolean | LoggerOptions = hubLogOptions(process.env, process.stdout),
  ports: FeedPorts = {},
  limits: AccessLimits = accessLimitsFromEnvironment(process.env),
  location: StoreLocation = { kind: 'sqlite' },
): Promise<RunningHub> {
  // Read before anything is opened: a mistyped setting stops the hub at once, naming it.
  const quotas = trackQuotasFromEnvironment(process.env);
  const recordReaders = recordReadersFromEnvironment(process.env);
  const { hubKey, origin, store, writerLease } = await openHub(dir, location);
  // What failed and was cut off while the hub went on: a subscriber, a socket, a gateway, a watcher.
  let log: FastifyBaseLogger | null = null;
  // On a database other hubs share, this hub writes only as the holder of the writer's lease, taken
  // before the record is replayed so that nobody extends it meanwhile; while another hub holds it,
  // this one follows the record and passes commands on.
  const failures = new RepeatDamper((line) => (log ?? console).error(line));
  const roles = writerLease
    ? new HubRoles(
        writerLease,
        writerLeaseHolder(dir),
        listen.advertise ?? `${listen.certificate ? 'https' : 'http'}://${listen.host}:${listen.port}`,
        {
          changed: (message) => (log ?? console).warn(`deconflict: ${message}`),
          failed: (message, error) => failures.note(`deconflict: ${message}: ${error.message}`),
        },
      )
    : null;
  const writes = await (roles?.tryAcquire() ?? Promise.resolve(true)).catch(async (error: Error) => {
    await store.close();
    throw error;
  });
  const metrics = new HubMetrics();
  const contained = (what: string, error: Error, detail?: string) => {
    metrics.countContainedFailure(what);
    if (log) log.error({ err: error, component: what, detail }, 'cut off after a failure; the hub goes on');
    else
      console.error(
        `deconflict: ${what} (${detail ?? ''}) failed and was cut off: ${error.stack ?? error.message}`,
      );
  };
  // One timer, set for the earliest deadline the hub waits on: a missed acknowledgment escalates
  // within milliseconds of its deadline. Every batch may have set a new deadline, so each re-arms it.
  let housekeeper: NodeJS.Timeout | undefined;
  let housekeeping = false;
  let writing = false;
  const armHousekeeper = () => {
    // A round under way re-arms when it ends, with what it has recorded.
    if (!writing || housekeeping) return;
    clearTimeout(housekeeper);
    const deadline = hub.nextDeadline();
    const wait = Math.min(HOUSEKEEP_AT_LEAST_EVERY_MS, Math.max(0, (deadline ?? Infinity) - Date.now()));
    housekeeper = setTimeout(housekeep, wait);
    housekeeper.unref();
  };
  const housekeep = () => {
    housekeeping = true;
    hub
      .housekeep()
      .catch((error: Error) => contained('housekeeping', error))
      .finally(() => {
        housekeeping = false;
        armHousekeeper();
      });
  };
  // On a database other hubs share, an operator may be on line on any of them.
  const presence = writerLease
    ? await new SharedPresence(store, {
        onError: (error) =>
          (log ?? console).error(`deconflict: who is on line could not be refreshed: ${error.message}`),
      }).start()
    : null;
  const hub = await Hub.open({
    store,
    hubKey,
    origin,
    role: writes ? 'writer' : 'follower',
    ...(writerLease
      ? { relay: writerRelay(writerLease, writerLeaseHolder(dir), { hubsCa: listen.hubsCa }) }
      : {}),
    ...(presence ? { presence } : {}),
    onBatch: (batch) => {
      metrics.observeBatch(batch);
      armHousekeeper();
    },
    onFollowed: (size) => metrics.setRecordSize(size),
    onSubscriberFailure: contained,
    onFatal: (error) => {
      // Another hub is, or may be, the writer now: this one goes on following it.
      if (roles) {
        (log ?? console).error(`deconflict: no longer the writer, refusing commands: ${error.message}`);
        return roles.demote(error);
      }
      // The state may be ahead of the record: stop, and let a restart replay the record.
      console.error(`deconflict: the record could not be written, stopping: ${error.message}`);
      process.exit(70);
    },
  }).catch(async (error: Error) => {
    await roles?.release();
    await store.close();
    throw error;
  });
  if (!(await hub.read((state) => state.identity)))
    throw new Error(`${dir.path} has a key but no record: run \`deconflict init\` again`);
  metrics.setRecordSize(hub.record.size);
  const watch = new TrackWatch(hub, {
    quotas,
    onArchiveError: (error) => app.log.error({ err: error }, 'track positions could not be kept'),
    onFailure: contained,
  });
  let servedAt: string | null = null;
  const app = await buildServer({
    hub,
    metrics,
    logger,
    watch,
    limits,
    recordReaders,
    ...(listen.basemap ? { basemap: listen.basemap } : {}),
    ...(listen.certificate ? { tls: listen.certificate } : {}),
    // A hub alone on its database is always the writer, at the address it serves at.
    writerAddress: roles ? () => roles.writerAddress() : async () => listen.advertise ?? servedAt,
  });
  log = app.log;
  const follower = writerLease
    ? new RecordFollower(hub, writerLease, (error) =>
        failures.note(`deconflict: following the record: ${error.message}`),
      )
    : null;
  const url = await app.listen({ host: listen.host, port: listen.port });
  servedAt = url;
  let witnessing: HubWitnessing | null = null;
  let writerOnly: { stop(): Promise<void> } | null = null;
  // What only the writer runs, started when it becomes the writer and stopped when it no longer is.
  const duties: WriterDuties = {
    async start() {
      const unrecorded = await watch.removeUnrecordedPositions();
      if (unrecorded > 0)
        app.log.warn({ batches: unrecorded }, 'removed kept track positions the record does not commit to');
      await watch.endOrphanedAlerts();
      witnessing = await HubWitnessing.start(hubLog(hub), store, {
        events: {
          ...metrics.witnessing,
          failed: (witness, reason) => {
            metrics.witnessing.failed(witness);
            app.log.warn({ witness, reason }, 'a witness did not cosign the checkpoint');
          },
        },
      });
      const webhooks = new WebhookDispatcher(hub, {
        hubKey,
        // For endpoints on a private PKI (and the tests' own server); verification is never turned off.
        caFile: process.env.DECONFLICT_WEBHOOK_CA,
        // For endpoints on a network the hub shares with the parties (and the tests' own server).
        addresses: EndpointAddressPolicy.fromEnvironment(process.env.DECONFLICT_WEBHOOK_ALLOW),
        onError: (error, endpoint) => app.log.error({ err: error, endpoint }, 'webhook dispatch stopped'),
      });
      const receivers = new SbsReceivers(hub, watch, (feed, state, detail) =>
        app.log.info({ feed, state, detail }, 'ADS-B receiver'),
      );
      const tak = ports.cot
        ? await TakGateway.start(hub, watch, ports.cot, (error, what) =>
            contained('TAK gateway', error, what),
          )
        : null;
      cotPort = tak?.port ?? null;
      const timers = [
        setInterval(() => void hub.saveStateDigest(), DIGEST_EVERY_MS),
        setInterval(() => void hub.pruneNonces(), PRUNE_EVERY_MS),
      ];
      for (const timer of timers) timer.unref();
      writing = true;
      armHousekeeper();
      const started = witnessing;
      writerOnly = {
        async stop() {
          writing = false;
          clearTimeout(housekeeper);
          for (const timer of timers) clearInterval(timer);
          await started.stop();
          await webhooks.stop();
          receivers.close();
          await tak?.close();
        },
      };
    },
    async stop() {
      const running = writerOnly;
      writerOnly = null;
      witnessing = null;
      await running?.stop();
    },
  };
  let cotPort: number | null = null;
  if (roles) await roles.start(hub, duties, listen.advertise ?? url);
  else await duties.start();
  return {
    hub,
    app,
    url,
    watch,
    get witnessing() {
      return witnessing;
    },
    get cotPort() {
      return cotPort;
    },
    replaceCertificate(certificate) {
      if (!listen.certificate) throw new Error('this hub serves plain HTTP');
      (app.server as unknown as TlsServer).setSecureContext(certificate);
    },
    async stop() {
      await follower?.close();
      if (roles) await roles.stop();
      else await duties.stop();
      await app.close();
      // A hub that lost the writer's lease cannot record the last positions it kept; the writer's
      // watch keeps its own.
      await watch
        .close()
        .catch((error: Error) =>
          app.log.error({ err: error }, 'the last kept track positions were not recorded'),
        );
      await hub.close();
      await roles?.release();
      await store.close();
    },
  };
}
