// `deconflict agreement propose|sign|end`: terms between parties, in force once each has signed.
import type { Command } from 'commander';
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

  asOperator(agreement.command('end <id>'))
    .description('end an agreement your party is party to; its minima stop applying at once')
    .requiredOption('--reason <text>', 'why, for the other parties and the record')
    .action(async (id, options) =>
      print(await client(options).submit('agreement.end', { agreement: id, reason: options.reason })),
    );
}
