// `deconflict agreement propose|sign|suspend|resume|end|list|show`: terms between parties, in force
// once each has signed, suspended by any, in force again once each has signed the resumption.
import type { Command } from 'commander';
import { agreementListCommands } from './agreement-lists.js';
import { readJsonFile } from './json-file.js';
import { asOperator, client } from './operator-options.js';
import { print } from './print-json.js';

export function agreementCommands(program: Command): void {
  const agreement = program.command('agreement').description('agreements between parties');

  asOperator(agreement.command('propose <file>'))
    .description(
      'propose the agreement in <file> ({id, title, parties, terms, separation?}), signed for your party',
    )
    .action(async (file, options) =>
      print(await client(options).submit('agreement.propose', { agreement: readJsonFile(file) })),
    );

  asOperator(agreement.command('sign <id>'))
    .description('sign a proposed agreement for your party; in force once every party has')
    .action(async (id, options) => print(await client(options).submit('agreement.sign', { agreement: id })));

  asOperator(agreement.command('suspend <id>'))
    .description(
      'suspend an agreement in force: its terms give way to the hub’s defaults and its zones and lines bind nobody until every party resumes it; the hotline stays open',
    )
    .requiredOption('--reason <text>', 'why, for the other parties and the record')
    .action(async (id, options) =>
      print(await client(options).submit('agreement.suspend', { agreement: id, reason: options.reason })),
    );

  asOperator(agreement.command('resume <id>'))
    .description(
      'sign the resumption of a suspended agreement for your party; in force again once every party has',
    )
    .action(async (id, options) =>
      print(await client(options).submit('agreement.resume', { agreement: id })),
    );

  asOperator(agreement.command('end <id>'))
    .description('end an agreement your party is party to; its minima stop applying at once')
    .requiredOption('--reason <text>', 'why, for the other parties and the record')
    .action(async (id, options) =>
      print(await client(options).submit('agreement.end', { agreement: id, reason: options.reason })),
    );

  agreementListCommands(agreement);
}
