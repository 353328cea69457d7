// `deconflict declare`, `amend` and `withdraw`: a party's own declarations. One that conflicts with
// live declarations is accepted only if its signed command names each of them (the key). The
// refusal lists them; the person names them with --known, or with --acknowledge-all, which signs
// again, once, naming exactly those the hub listed and saying so.
import type { Command } from 'commander';
import type { HubClient } from '../client/hub-client.js';
import { HubRefusal } from '../client/hub-refusal.js';
import { conflictsText } from './conflict-report.js';
import { readJsonFile } from './json-file.js';
import { asOperator, client } from './operator-options.js';
import { print } from './print-json.js';
import {
  type KnownConflict,
  keyOfConflicts,
  knownConflictOption,
  knownName,
  versionOption,
} from './version-options.js';

interface KeyOptions {
  known?: KnownConflict[];
  acknowledgeAll?: boolean;
}

function withKeyOptions(command: Command): Command {
  return command
    .option(
      '--known <id@version...>',
      'a declaration you know this one conflicts with; once for each',
      knownConflictOption,
    )
    .option(
      '--acknowledge-all',
      'if the hub lists conflicts you did not name, acknowledge exactly those and submit again',
    );
}

async function submitWithKey(
  hub: HubClient,
  type: string,
  fields: Record<string, unknown>,
  options: KeyOptions,
): Promise<void> {
  const key = options.known ?? [];
  try {
    print({ ...(await hub.submit(type, { ...fields, known_conflicts: key })), known_conflicts: key });
  } catch (error) {
    if (!(error instanceof HubRefusal) || !options.acknowledgeAll) throw error;
    const conflicts = error.unacknowledgedConflicts();
    if (!conflicts) throw error;
    const listed = keyOfConflicts(conflicts);
    console.error(conflictsText(conflicts, error.problem.recorded_at));
    console.error(
      `deconflict: acknowledging ${listed.map(knownName).join(', ')} (--acknowledge-all), and submitting again`,
    );
    print({ ...(await hub.submit(type, { ...fields, known_conflicts: listed })), known_conflicts: listed });
  }
}

export function declarationCommands(program: Command): void {
  withKeyOptions(asOperator(program.command('declare <file>')))
    .description('declare a site, movement, operation, zone or line (the JSON object in <file>)')
    .action(async (file, options) =>
      submitWithKey(client(options), 'declaration.submit', { declaration: readJsonFile(file) }, options),
    );

  withKeyOptions(asOperator(program.command('amend <file>')))
    .description('replace one of your party’s live declarations with the one in <file> (same id)')
    .requiredOption('--version <n>', 'its current version, which this one replaces', versionOption)
    .action(async (file, options) =>
      submitWithKey(
        client(options),
        'declaration.amend',
        { declaration: readJsonFile(file), replaces_version: options.version },
        options,
      ),
    );

  asOperator(program.command('withdraw <id>'))
    .description('withdraw one of your party’s live declarations')
    .requiredOption('--version <n>', 'its current version', versionOption)
    .option('--reason <text>', 'why, for those who can see it')
    .action(async (id, options) =>
      print(
        await client(options).submit('declaration.withdraw', {
          declaration: id,
          version: options.version,
          ...(options.reason === undefined ? {} : { reason: options.reason }),
        }),
      ),
    );
}
