// `deconflict agreement list|show`: the agreements of the operator's party, where each stands —
// proposed and awaiting whom, in force, suspended (by whom, when, why, awaiting whose resumption) or
// ended — as text for people or, with --json, as the hub answered.
import type { Command } from 'commander';
import type { AgreementView } from '../client/hub-views.js';
import { asOperator, client } from './operator-options.js';
import { print } from './print-json.js';
import { textTable } from './text-table.js';

/** Since when and by whom it stands as it does, and why, in one line. */
function standingText(a: AgreementView): string {
  const suspension = a.suspensions?.at(-1);
  switch (a.status) {
    case 'proposed':
      return `awaiting the signature of ${a.unsigned.join(', ')}`;
    case 'in-force':
      return `since ${suspension?.resumed ?? a.signatures.at(-1)?.time ?? a.proposed}`;
    case 'suspended':
      return suspension
        ? `since ${suspension.time} by ${suspension.party} (${suspension.operator}): ${suspension.reason}`
        : '';
    case 'ended':
      return a.ended
        ? `since ${a.ended.time} by ${a.ended.party} (${a.ended.operator}): ${a.ended.reason}`
        : '';
  }
}

function agreementText(a: AgreementView): string {
  const lines = [
    `${a.id}: ${a.title}`,
    `status: ${a.status}, ${standingText(a)}`,
    ...(a.status === 'suspended'
      ? [
          `in force again once signed for resumption by: ${a.awaiting_resumption?.join(', ')}`,
          'while suspended its terms do not apply (the hub’s defaults do) and its zones and lines bind nobody; messages still flow',
        ]
      : []),
    `parties: ${a.parties.join(', ')}`,
    `signed: ${a.signatures.map((s) => `${s.party} (${s.operator}, ${s.time})`).join('; ')}`,
    ...(a.suspensions ?? []).map(
      (s) =>
        `suspended ${s.time} by ${s.party} (${s.operator}): ${s.reason}` +
        (s.resumptions.length > 0
          ? `; resumption signed by ${s.resumptions.map((r) => `${r.party} (${r.time})`).join(', ')}`
          : '') +
        (s.resumed ? `; in force again ${s.resumed}` : ''),
    ),
    `terms: ${a.terms}`,
  ];
  return lines.join('\n');
}

export function agreementListCommands(agreement: Command): void {
  asOperator(agreement.command('list'))
    .description('list your party’s agreements: where each stands, since when, by whom and why')
    .option('--json', 'print the hub’s answer as JSON')
    .action(async (options) => {
      const agreements = await client(options).agreements();
      if (options.json) return print({ agreements });
      const rows = agreements.map((a) => [a.id, a.status, a.parties.join(','), standingText(a), a.title]);
      process.stdout.write(`${textTable(['ID', 'STATUS', 'PARTIES', 'STANDING', 'TITLE'], rows)}\n`);
    });

  asOperator(agreement.command('show <id>'))
    .description('one agreement of your party: status, signatures, suspensions and resumptions, terms')
    .option('--json', 'print the hub’s answer as JSON')
    .action(async (id, options) => {
      const found = await client(options).agreement(id);
      if (options.json) return print(found);
      process.stdout.write(`${agreementText(found)}\n`);
    });
}
