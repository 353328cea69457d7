// `deconflict feed`: a party's sources of its own tracks — its systems posting over the API, its
// TAK server or clients on the hub's CoT port, its ADS-B receivers — and how each is faring.
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { FEED_KINDS } from '../hub/commands/track-feeds.js';
import { asOperator, client } from './operator-options.js';
import { print } from './print-json.js';

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** A PEM certificate's SHA-256 fingerprint, as a cot feed registers it. */
function certificateFingerprint(path: string): string {
  try {
    return new X509Certificate(readFileSync(path)).fingerprint256.replaceAll(':', '').toLowerCase();
  } catch (error) {
    throw new InvalidArgumentError(`${path} is not a readable PEM certificate: ${(error as Error).message}`);
  }
}

export function feedCommands(program: Command): void {
  const feed = program.command('feed').description('your party’s track feeds (TAK, ADS-B, your own systems)');

  asOperator(feed.command('set <name>'))
    .description('register or change a feed of your party’s own tracks (administrators)')
    .addOption(
      new Option('--kind <kind>', 'api, cot (TAK) or sbs (an ADS-B receiver)').choices([...FEED_KINDS]),
    )
    .option('--share-with <parties>', 'parties that may see its tracks live, comma-separated, or *')
    .option('--roster <duty>', 'your roster told of alerts about its tracks')
    .option('--description <text>', 'what it is')
    .option('--certificate <pem>', 'cot: the client certificate its TAK server or clients present (TLS)')
    .option('--new-secret', 'cot: make a secret for TAK’s sign-in (user: the feed id) and print it, once')
    .option('--address <host:port>', 'sbs: the receiver’s BaseStation port, which the hub connects to')
    .option(
      '--aircraft <hex,...>',
      'sbs: the ICAO addresses of your own aircraft; others it hears are not taken',
      list,
    )
    .option(
      '--time-zone <zone>',
      'sbs: the time zone the receiver writes its times in (e.g. Asia/Damascus, or UTC for readsb); ' +
        'without it, messages are timed when the hub receives them',
    )
    .action(async (name: string, options) => {
      if (!options.kind) throw new InvalidArgumentError('--kind is needed: api, cot or sbs');
      const secret = options.newSecret ? randomBytes(32).toString('base64url') : undefined;
      const shareWith =
        options.shareWith === undefined
          ? undefined
          : options.shareWith === '*'
            ? '*'
            : list(options.shareWith);
      const fields = {
        name,
        kind: options.kind,
        ...(options.description ? { description: options.description } : {}),
        ...(shareWith === undefined ? {} : { share_with: shareWith }),
        ...(options.roster ? { roster: options.roster } : {}),
        ...(options.certificate ? { certificate_sha256: certificateFingerprint(options.certificate) } : {}),
        ...(secret ? { secret_sha256: createHash('sha256').update(secret).digest('hex') } : {}),
        ...(options.address ? { address: options.address } : {}),
        ...(options.aircraft ? { aircraft: options.aircraft.map((hex: string) => hex.toLowerCase()) } : {}),
        ...(options.timeZone ? { time_zone: options.timeZone } : {}),
      };
      const hub = client(options);
      const accepted = await hub.submit('feed.set', { feed: fields });
      // Only its hash is in the record: this is the one time the secret is shown.
      print({
        ...accepted,
        ...(secret ? { tak_username: `${await hub.party()}/${name}`, tak_password: secret } : {}),
      });
    });

  asOperator(feed.command('remove <name>'))
    .description('remove a feed: its connections close and its reports are refused (administrators)')
    .action(async (name: string, options) => {
      print(await client(options).submit('feed.remove', { feed: name }));
    });

  asOperator(program.command('feeds'))
    .description('your party’s feeds, with what each took and dropped (and why) since the hub started')
    .action(async (options) => {
      print({ feeds: await client(options).getAll('/v1/feeds', 'feeds') });
    });
}
