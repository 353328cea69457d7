#!/usr/bin/env node
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { openBasemapArchive } from '../api/basemap-archive.js';
import { HubRefusal } from '../client/hub-refusal.js';
import { OperatorSigner } from '../client/operator-signer.js';
import { readScenario } from '../demo/scenario.js';
import { startDemo } from '../demo/start-demo.js';
import { replayRecord } from '../hub/replay.js';
import { decodeBase64 } from '../record/index.js';
import { StoreIntegrityError } from '../store/store.js';
import { agreementCommands } from './agreement-commands.js';
import { checkFiles } from './check.js';
import { unacknowledgedText } from './conflict-report.js';
import { cotTls } from './cot-tls-options.js';
import { dataDir, isInitialised, openHub } from './data-dir.js';
import { declarationCommands } from './declaration-commands.js';
import { declarationListCommands } from './declaration-lists.js';
import { entryListCommand } from './entry-list.js';
import { evidenceCommands } from './evidence-commands.js';
import { feedCommands } from './feed-commands.js';
import { foundHub } from './found-hub.js';
import { hotlineCommands } from './hotline-commands.js';
import { hubTls, renewCertificateOnHangup } from './hub-tls-options.js';
import { incidentCommands } from './incident-commands.js';
import { messageListCommands } from './message-lists.js';
import { loadMonitorState, MonitorAlarm, monitorHub, saveMonitorState } from './monitor.js';
import { monitorAccess } from './monitor-access.js';
import { asOperator, client } from './operator-options.js';
import { print } from './print-json.js';
import { progressBar } from './progress.js';
import { keptPositionsReport, replayCheck } from './replay-check.js';
import { rosterCommands } from './roster-commands.js';
import { runHub } from './run-hub.js';
import { STORE_OPTION_HELP, storeLocation } from './store-option.js';
import { templateListCommand } from './template-list.js';
import { watchListCommands } from './watch-lists.js';
import { witnessCommand } from './witness-command.js';
import { witnessPolicyCommands } from './witness-policy-commands.js';
import { checkWitnessing } from './witnessing-check.js';

const program = new Command('deconflict').description(
  'A deconfliction hub: signed declarations, an acknowledged hotline and a tamper-evident record.',
);

const DEFAULT_DATA = process.env.DECONFLICT_DATA ?? './data';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('not a port number');
  return n;
}

/** Where other hubs reach this one: an http(s) URL with a host, nothing after the port. */
function advertisedUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('not a URL');
  }
  if (!/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username)
    throw new InvalidArgumentError(
      'an http:// or https:// URL of a host and port, e.g. http://hub-b.example.org:8080',
    );
  return url.origin;
}

/** A separation minimum: a finite number, not negative. */
function minimum(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new InvalidArgumentError('not a finite number ≥ 0');
  }
  return n;
}

program
  .command('init')
  .description('create a hub: its key, its database and its first administrator')
  .option('--data <dir>', 'data directory', DEFAULT_DATA)
  .requiredOption('--origin <name>', 'the record’s origin, e.g. deconflict.example.org/hub')
  .option('--party-id <id>', 'id of the hub’s own party', 'hub')
  .option('--party-name <name>', 'name of the hub’s own party', 'Hub custodians')
  .option('--admin-id <id>', 'id of the first administrator (<party>.<name>; default <party>.admin)')
  .option('--admin-name <name>', 'name of the first administrator', 'Hub administrator')
  .option('--admin-public-key <base64>', 'the administrator’s public key; without it a key is generated')
  .option('--store <url>', STORE_OPTION_HELP)
  .action(async (options) => {
    const dir = dataDir(resolve(options.data));
    const location = storeLocation(options.store);
    const founded = await foundHub(
      dir,
      {
        origin: options.origin,
        party: { id: options.partyId, name: options.partyName },
        administrator: {
          id: options.adminId ?? `${options.partyId}.admin`,
          name: options.adminName,
          ...(options.adminPublicKey ? { publicKey: options.adminPublicKey } : {}),
        },
      },
      location,
    );
    print({
      data: dir.path,
      origin: options.origin,
      entries: founded.size,
      admin_key: founded.adminKeyPath ?? null,
    });
  });

program
  .command('serve')
  .description('run the hub over its data directory')
  .option('--data <dir>', 'data directory', DEFAULT_DATA)
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'port to listen on', port, 8080)
  .option(
    '--advertise-url <url>',
    'with hubs sharing a PostgreSQL database: where the other hubs reach this one (default: where it listens)',
    advertisedUrl,
    process.env.DECONFLICT_ADVERTISE_URL ? advertisedUrl(process.env.DECONFLICT_ADVERTISE_URL) : undefined,
  )
  .option(
    '--tls-cert <file>',
    'serve HTTPS with this certificate chain (PEM); SIGHUP reads it and its key again',
    process.env.DECONFLICT_TLS_CERT,
  )
  .option('--tls-key <file>', 'with --tls-cert: its private key (PEM)', process.env.DECONFLICT_TLS_KEY)
  .option(
    '--hubs-ca <file>',
    'with hubs sharing a PostgreSQL database: the CA (PEM) that issued the hubs’ certificates, beside the system’s',
    process.env.DECONFLICT_HUBS_CA,
  )
  .option('--init-origin <name>', 'create the hub first if the data directory holds none')
  .option('--demo <scenario>', 'load this demo scenario (e.g. syria-2016) when --init-origin creates the hub')
  .option('--cot-port <port>', 'serve TAK clients Cursor-on-Target on this port (0: any free port)', port)
  .option('--cot-tls-cert <file>', 'with --cot-port: the port is TLS, with this certificate (PEM)')
  .option('--cot-tls-key <file>', 'its private key (PEM)')
  .option('--cot-tls-ca <file>', 'the CA that issues TAK clients’ certificates (PEM)')
  .option('--store <url>', STORE_OPTION_HELP)
  .option(
    '--basemap <file>',
    'an offline vector basemap to draw under the picture: a PMTiles v3 archive of OpenStreetMap tiles',
    process.env.DECONFLICT_BASEMAP,
  )
  .action(async (options) => {
    // Checked before anything else: a wrong file stops the hub with its reason, not an empty map.
    const basemap = options.basemap ? await openBasemapArchive(resolve(options.basemap)) : undefined;
    const tls = hubTls(options);
    const dir = dataDir(resolve(options.data));
    const location = storeLocation(options.store);
    // Read first, so that a mistyped name does not leave a hub created without its demo.
    const demo = options.demo ? readScenario(options.demo) : null;
    let adminKeyPath: string | null = null;
    if (options.initOrigin && !isInitialised(dir)) {
      const founded = await foundHub(
        dir,
        {
          origin: options.initOrigin,
          party: { id: 'hub', name: 'Hub custodians' },
          administrator: { id: 'hub.admin', name: 'Hub administrator' },
        },
        location,
      );
      adminKeyPath = founded.adminKeyPath ?? null;
      console.error(`deconflict: created a hub in ${dir.path}; administrator key: ${adminKeyPath}`);
    }
    const running = await runHub(
      dir,
      { host: options.host, port: options.port, advertise: options.advertiseUrl, basemap, ...tls },
      undefined,
      options.cotPort === undefined
        ? {}
        : { cot: { host: options.host, port: options.cotPort, ...cotTls(options) } },
      undefined,
      location,
    );
    if (demo) await startDemo(running, demo, dir.path, adminKeyPath);
    console.error(
      `deconflict: serving ${running.hub.origin} at ${running.url} (API docs at ${running.url}/docs)`,
    );
    if (running.cotPort !== null) console.error(`deconflict: TAK clients connect on port ${running.cotPort}`);
    const stop = async () => {
      await running.stop();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (tls.certificate)
      renewCertificateOnHangup(options, (certificate) => running.replaceCertificate(certificate));
  });

program
  .command('keygen')
  .description('create an operator key (Ed25519, PKCS#8 PEM) and print its public key')
  .requiredOption('--out <file>', 'where to write the private key (never overwritten)')
  .action((options) => {
    const signer = OperatorSigner.generate();
    signer.save(options.out);
    print({ key_file: resolve(options.out), public_key: signer.publicKey, key_id: signer.keyId });
  });

const party = program.command('party').description('parties of the hub');
asOperator(party.command('create <id>'))
  .description('admit a party with its first administrator (hub administrators)')
  .requiredOption('--name <name>', 'the party’s name')
  .requiredOption('--admin-id <id>', 'its first administrator’s operator id: <party>.<name>')
  .requiredOption('--admin-name <name>', 'its first administrator’s name')
  .requiredOption('--admin-public-key <base64>', 'its first administrator’s public key')
  .action(async (id, options) =>
    print(
      await client(options).submit('party.create', {
        party: { id, name: options.name },
        administrator: { id: options.adminId, name: options.adminName, public_key: options.adminPublicKey },
      }),
    ),
  );
asOperator(party.command('list'))
  .description('list parties')
  .action(async (options) => print(await client(options).get('/v1/parties')));

const operator = program.command('operator').description('operators of your party');
asOperator(operator.command('add <id>'))
  .description('add an operator to your party, its id <party>.<name> (party administrators)')
  .requiredOption('--name <name>', 'the operator’s name')
  .requiredOption('--role <role>', 'administrator, duty-officer or viewer')
  .requiredOption('--public-key <base64>', 'the operator’s public key')
  .action(async (id, options) =>
    print(
      await client(options).submit('operator.add', {
        operator: { id, name: options.name, public_key: options.publicKey },
        role: options.role,
      }),
    ),
  );
asOperator(operator.command('list'))
  .description('list operators and their keys')
  .option('--party <id>', 'only this party')
  .action(async (options) =>
    print({
      operators: await client(options).getAll(
        `/v1/operators${options.party ? `?party=${encodeURIComponent(options.party)}` : ''}`,
        'operators',
      ),
    }),
  );
asOperator(operator.command('set-role <id> <role>'))
  .description('change an operator’s role (party administrators)')
  .action(async (id, role, options) =>
    print(await client(options).submit('operator.set-role', { operator: id, role })),
  );
asOperator(operator.command('rotate-key <id>'))
  .description('give an operator a new key; the old ones stop signing')
  .requiredOption('--public-key <base64>', 'the new public key')
  .action(async (id, options) =>
    print(await client(options).submit('key.rotate', { operator: id, public_key: options.publicKey })),
  );
asOperator(operator.command('revoke-key <id> <key-id>'))
  .description('revoke an operator’s key at once')
  .action(async (id, keyId, options) =>
    print(await client(options).submit('key.revoke', { operator: id, key: keyId })),
  );

agreementCommands(program);
declarationCommands(program);
declarationListCommands(program);
rosterCommands(program);
feedCommands(program);
hotlineCommands(program);
templateListCommand(program);
messageListCommands(program);
incidentCommands(program);
witnessPolicyCommands(program);
evidenceCommands(program);
watchListCommands(program);
entryListCommand(program);

program
  .command('replay')
  .description('rebuild the state from the record')
  .option('--data <dir>', 'data directory', DEFAULT_DATA)
  .option('--check', 're-verify every signature and compare with the digests the live hub saved')
  .option('--store <url>', STORE_OPTION_HELP)
  .action(async (options) => {
    const { store } = await openHub(dataDir(resolve(options.data)), storeLocation(options.store));
    const bar = progressBar('replay');
    try {
      if (options.check) {
        const report = await replayCheck(store, bar.update);
        bar.stop();
        print({ ok: true, ...report });
      } else {
        const { state, archive } = await replayRecord(store, { audit: false, onProgress: bar.update });
        bar.stop();
        print({
          ok: true,
          entries: state.size,
          digest: state.digest(),
          kept_positions: keptPositionsReport(archive),
        });
      }
    } finally {
      await store.close();
    }
  });

program
  .command('verify <target>')
  .description(
    'check a hub’s record: a URL is monitored over the API (signature, growth, entries), a data directory is audited on disk',
  )
  .option(
    '--key <file>',
    'your operator key, to read the entries of a URL (without one, only hashes are read)',
    process.env.DECONFLICT_KEY,
  )
  .option(
    '--reader-key <file>',
    'a key the hub names as a record reader, for a hub that restricts its record',
  )
  .option(
    '--state <file>',
    'where the monitor keeps the last checkpoint it accepted',
    'deconflict-monitor.json',
  )
  .option('--hub-key <vkey>', 'the hub’s verifier key, if known out of band (otherwise trusted on first use)')
  .option('--full', 're-check every entry from the first, not only the new ones')
  .option('--store <url>', `with a data directory: ${STORE_OPTION_HELP}`)
  .option(
    '--witness <vkey>',
    'a witness you trust (its cosigner key), besides those the parties agreed (repeatable)',
    (value: string, previous: string[]) => [...previous, value],
    [],
  )
  .action(async (target, options) => {
    const bar = progressBar('verify');
    if (!/^https?:\/\//.test(target)) {
      const { store } = await openHub(dataDir(resolve(target)), storeLocation(options.store));
      try {
        const { state, archive } = await replayRecord(store, { audit: true, onProgress: bar.update });
        bar.stop();
        print({ ok: true, entries: state.size, kept_positions: keptPositionsReport(archive) });
      } finally {
        await store.close();
      }
      return;
    }
    const { client: hub, source } = monitorAccess(target, options);
    const previous = loadMonitorState(options.state);
    const { state, result } = await monitorHub(hub, source, previous, {
      full: Boolean(options.full),
      ...(options.hubKey ? { trustedKey: options.hubKey } : {}),
      onProgress: bar.update,
    });
    bar.stop();
    const witnessing = await checkWitnessing(
      hub,
      { size: state.size, root: decodeBase64(state.root) ?? new Uint8Array(), text: state.checkpoint },
      state.verifierKey,
      options.witness,
    );
    saveMonitorState(options.state, state);
    for (const warning of witnessing.warnings) console.error(`deconflict: WARNING: ${warning}`);
    print({ ok: true, ...result, witnessing, checkpoint: state.checkpoint });
  });

program
  .command('check <a> <b>')
  .description(
    'offline: every conflicting pair between two GeoJSON FeatureCollections of 4D volumes, and every invalid feature',
  )
  .option('--separation-h <metres>', 'horizontal separation minimum', minimum, 0)
  .option('--separation-v <metres>', 'vertical separation minimum', minimum, 0)
  .option('--separation-t <seconds>', 'time separation minimum', minimum, 0)
  .action((a, b, options) =>
    print(
      checkFiles(resolve(a), resolve(b), {
        horizontalM: options.separationH,
        verticalM: options.separationV,
        timeS: options.separationT,
      }),
    ),
  );

witnessCommand(program, port);

program.parseAsync().catch((error: unknown) => {
  if (error instanceof MonitorAlarm || error instanceof StoreIntegrityError) {
    console.error(`deconflict: ALARM: ${error.message}`);
    process.exit(3);
  }
  if (error instanceof HubRefusal) {
    console.error(`deconflict: the hub refused: ${error.message}`);
    const unacknowledged = error.unacknowledgedConflicts();
    if (unacknowledged) console.error(unacknowledgedText(unacknowledged, error.problem.recorded_at));
    process.exit(2);
  }
  console.error(`deconflict: ${(error as Error).message}`);
  process.exit(1);
});
