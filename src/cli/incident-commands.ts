// `deconflict incident report|list|show|answer|dispute|close|admit`: incidents reported, the entries the
// hub linked to them for your party, the steps of the parties concerned, and inquiries admitted.
import type { Command } from 'commander';
import { readJsonFile } from './json-file.js';
import { asOperator, client } from './operator-options.js';
import { print } from './print-json.js';

export function incidentCommands(program: Command): void {
  const incident = program
    .command('incident')
    .description('incidents: reported, linked, answered, inquired into');

  asOperator(incident.command('report <file>'))
    .description(
      'report the incident in <file> ({id, title, geometry, radius_m?, from, until, what, casualties?, visibility}); ' +
        'the hub links what surrounds it for each party and tells the parties concerned',
    )
    .action(async (file, options) =>
      print(await client(options).submit('incident.report', { incident: readJsonFile(file) })),
    );

  asOperator(incident.command('list'))
    .description('incidents your party may see, newest first')
    .action(async (options) => print(await client(options).incidents()));

  asOperator(incident.command('show <id>'))
    .description('one incident, its steps, and every entry the hub linked to it for your party, with why')
    .action(async (id, options) => print(await client(options).incident(id)));

  for (const [step, description] of [
    ['answer', 'answer a report that concerns your party'],
    ['dispute', 'dispute a report or an answer (also after the close)'],
    ['close', 'close your party’s report'],
  ] as const) {
    asOperator(incident.command(`${step} <id>`))
      .description(description)
      .requiredOption('--text <words>', 'what your party says, for the parties concerned and the record')
      .action(async (id, options) =>
        print(await client(options).submit(`incident.${step}`, { incident: id, text: options.text })),
      );
  }

  asOperator(incident.command('admit <id>'))
    .description('admit an inquiry, by its public key, to what your party may read of the incident')
    .requiredOption('--name <name>', 'who the inquiry is')
    .requiredOption(
      '--public-key <base64>',
      'the inquiry’s Ed25519 public key (as `deconflict keygen` prints)',
    )
    .action(async (id, options) =>
      print(
        await client(options).submit('incident.admit', {
          incident: id,
          inquiry: { name: options.name, public_key: options.publicKey },
        }),
      ),
    );
}
