// `deconflict witnesses show|propose|agree`: who witnesses the hub, agreed by every party.
import { type Command, InvalidArgumentError } from 'commander';
import { asOperator, client } from './operator-options.js';
import { print } from './print-json.js';

/** `<vkey>@<url>`: a witness's cosigner key (its name is the key's) and where it takes checkpoints. */
function witnessOption(value: string, previous: { name: string; key: string; url: string }[] = []) {
  const at = value.indexOf('@');
  if (at < 1) throw new InvalidArgumentError('expected <cosigner vkey>@<url>');
  const key = value.slice(0, at);
  return [...previous, { name: key.split('+')[0] ?? '', key, url: value.slice(at + 1) }];
}

export function witnessPolicyCommands(program: Command): void {
  const witnesses = program
    .command('witnesses')
    .description('who witnesses the hub: proposed by a party, in force once every party has agreed');

  witnesses
    .command('show')
    .description('the witness policy in force and the proposals awaiting agreement')
    .option('--hub <url>', 'the hub’s base URL', process.env.DECONFLICT_HUB ?? 'http://127.0.0.1:8080')
    .option('--key <file>', 'your operator key, for a hub that lets only named readers read its record')
    .action(async (options) => {
      if (options.key) return print(await client(options).get('/v1/record/witnesses'));
      const response = await fetch(new URL('/v1/record/witnesses', options.hub));
      const body = await response.json();
      if (!response.ok) throw new Error(`${response.status}: ${(body as { detail?: string }).detail ?? ''}`);
      print(body);
    });

  asOperator(witnesses.command('propose <id>'))
    .description('propose witnesses for the hub (party administrators); your party agrees by proposing')
    .requiredOption(
      '--witness <vkey@url>',
      'a witness: its cosigner key, @, its URL (repeatable)',
      witnessOption,
    )
    .requiredOption('--quorum <n>', 'how many must cosign a checkpoint', (v) => Number(v))
    .action(async (id, options) =>
      print(
        await client(options).submit('witnesses.propose', {
          proposal: { id, witnesses: options.witness, quorum: options.quorum },
        }),
      ),
    );

  asOperator(witnesses.command('agree <id>'))
    .description('agree, for your party, to a proposal exactly as shown by `witnesses show`')
    .requiredOption('--digest <hex>', 'the proposal’s digest, as `witnesses show` gives it')
    .action(async (id, options) =>
      print(await client(options).submit('witnesses.agree', { proposal: id, digest: options.digest })),
    );
}
