import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { type AccessLimits, accessLimitsFromEnvironment } from '../api/access-limits.js';
import { HubMetrics } from '../api/metrics.js';
import { recordReadersFromEnvironment } from '../api/record-readers.js';
import { buildServer } from '../api/server.js';
import { SbsReceivers } from '../feeds/sbs-receivers.js';
import { TakGateway, type TakGatewayOptions } from '../feeds/tak-gateway.js';
import { Hub } from '../hub/hub.js';
import { hubLog } from '../hub/hub-log.js';
import { SharedPresence } from '../hub/shared-presence.js';
import { trackQuotasFromEnvironment } from '../hub/track-quotas.js';
import { TrackWatch } from '../hub/track-watch.js';
import { WriterLeaseKeeper } from '../hub/writer-lease-keeper.js';
import { LeaseLost } from '../store/store.js';
import { WebhookDispatcher } from '../webhooks/dispatcher.js';
import { EndpointAddressPolicy } from '../webhooks/endpoint-address.js';
import { HubWitnessing } from '../witness/hub-witnessing.js';
import { type DataDir, openHub, writerLeaseHolder } from './data-dir.js';
import type { StoreLocation } from './store-option.js';

export interface RunningHub {
  hub: Hub;
  /** Sends checkpoints to the witnesses of the policy in force. */
  witnessing: HubWitnessing;
  app: FastifyInstance;
  url: string;
  watch: TrackWatch;
  /** The CoT port TAK clients connect to, when one was asked for. */
  cotPort: number | null;
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
  listen: { host: string; port: number },
  logger: boolean | { level: string } = { level: 'info' },
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
  // before the record is replayed so that nobody extends it meanwhile.
  let opened: Hub | undefined;
  let leaseLost: LeaseLost | null = null;
  const keeper = writerLease
    ? await WriterLeaseKeeper.acquire(
        writerLease,
        writerLeaseHolder(dir),
        `http://${listen.host}:${listen.port}`,
        {
          lost: (error) => {
            leaseLost = error;
            opened?.loseWriterLease(error);
          },
          renewalFailed: (error) =>
            (log ?? console).error(`deconflict: the writer's lease could not be renewed: ${error.message}`),
        },
      ).catch(async (error: Error) => {
        await store.close();
        throw error;
      })
    : null;
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
  let stopped = false;
  const armHousekeeper = () => {
    // A round under way re-arms when it ends, with what it has recorded.
    if (stopped || housekeeping) return;
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
    ...(presence ? { presence } : {}),
    onBatch: (batch) => {
      metrics.observeBatch(batch);
      armHousekeeper();
    },
    onSubscriberFailure: contained,
    onFatal: (error) => {
      // Another hub is, or may be, the writer now: this one refuses everything, saying so.
      if (error instanceof LeaseLost) {
        (log ?? console).error(`deconflict: no longer the writer, refusing commands: ${error.message}`);
        return;
      }
      // The state may be ahead of the record: stop, and let a restart replay the record.
      console.error(`deconflict: the record could not be written, stopping: ${error.message}`);
      process.exit(70);
    },
  });
  opened = hub;
  if (leaseLost) hub.loseWriterLease(leaseLost);
  if (!hub.state.identity)
    throw new Error(`${dir.path} has a key but no record: run \`deconflict init\` again`);
  metrics.setRecordSize(hub.record.size);
  const watch = new TrackWatch(hub, {
    quotas,
    onArchiveError: (error) => app.log.error({ err: error }, 'track positions could not be kept'),
    onFailure: contained,
  });
  const unrecorded = await watch.removeUnrecordedPositions();
  await watch.endOrphanedAlerts();
  const app = await buildServer({ hub, metrics, logger, watch, limits, recordReaders });
  log = app.log;
  const witnessing = await HubWitnessing.start(hubLog(hub), store, {
    events: {
      ...metrics.witnessing,
      failed: (witness, reason) => {
        metrics.witnessing.failed(witness);
        app.log.warn({ witness, reason }, 'a witness did not cosign the checkpoint');
      },
    },
  });
  const url = await app.listen(listen);
  await keeper?.announce(url);
  if (unrecorded > 0)
    app.log.warn({ batches: unrecorded }, 'removed kept track positions the record does not commit to');
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
    ? await TakGateway.start(hub, watch, ports.cot, (error, what) => contained('TAK gateway', error, what))
    : null;
  const timers = [
    setInterval(() => void hub.saveStateDigest(), DIGEST_EVERY_MS),
    setInterval(() => void hub.pruneNonces(), PRUNE_EVERY_MS),
  ];
  for (const timer of timers) timer.unref();
  armHousekeeper();
  return {
    hub,
    app,
    url,
    watch,
    witnessing,
    cotPort: tak?.port ?? null,
    async stop() {
      stopped = true;
      clearTimeout(housekeeper);
      for (const timer of timers) clearInterval(timer);
      await witnessing.stop();
      await webhooks.stop();
      receivers.close();
      await tak?.close();
      await app.close();
      // A hub that lost the writer's lease cannot record the last positions it kept; the writer's
      // watch keeps its own.
      await watch
        .close()
        .catch((error: Error) =>
          app.log.error({ err: error }, 'the last kept track positions were not recorded'),
        );
      await hub.close();
      await keeper?.release();
      await store.close();
    },
  };
}
