// `deconflict messages` and `deconflict message ID`: the hotline as the operator's party sees it,
// templates rendered in the language asked for, as a table or text for people or, with --json, as
// the hub answered it.
import { type Command, Option } from 'commander';
import type { MessageView } from '../client/hub-views.js';
import { LANGUAGES } from '../hotline/templates.js';
import { messageIdArgument } from './message-options.js';
import { askingText, kindText, messageText, stateText, timeLeftText, titleText } from './message-report.js';
import { asOperator, client } from './operator-options.js';
import { print } from './print-json.js';
import { textTable } from './text-table.js';

function withReading(command: Command): Command {
  return command
    .addOption(
      new Option('--lang <language>', 'the language templates are shown in').choices(LANGUAGES).default('en'),
    )
    .option('--json', 'print the hub’s answer as JSON');
}

const COLUMNS = ['ID', 'KIND', 'FROM', 'TO', 'STATE', 'ASKING', 'TIME LEFT', 'TITLE'];

/** A row per delivery the party may see: the sender sees each recipient's, a recipient its own. */
function messageRows(view: MessageView, now: number): string[][] {
  return view.deliveries.map((d) => [
    view.id,
    kindText(view),
    view.from,
    d.recipient,
    stateText(d),
    askingText(d),
    timeLeftText(d, now),
    titleText(view),
  ]);
}

export function messageListCommands(program: Command): void {
  withReading(asOperator(program.command('messages')))
    .description('list hotline messages sent by or to your party, newest first, a row per delivery')
    .addOption(new Option('--in', 'only those sent to your party').conflicts('out'))
    .option('--out', 'only those your party sent')
    .option('--waiting', 'only those with a delivery to your party not yet acknowledged')
    .action(async (options) => {
      const answer = await client(options).messages({
        box: options.in ? 'in' : options.out ? 'out' : 'all',
        waiting: Boolean(options.waiting),
        lang: options.lang,
      });
      if (options.json) return print(answer);
      const now = Date.now();
      console.log(
        textTable(
          COLUMNS,
          answer.messages.flatMap((view) => messageRows(view, now)),
        ),
      );
    });

  asOperator(program.command('refused'))
    .description(
      'list senders refused for going over their limit to a recipient: who floods your rosters, and what of yours was refused',
    )
    .option('--json', 'print the hub’s answer as JSON')
    .action(async (options) => {
      const answer = await client(options).refused();
      if (options.json) return print(answer);
      console.log(
        textTable(
          ['FROM', 'OPERATOR', 'TO', 'KIND', 'REFUSED', 'UNRECORDED', 'FIRST', 'LAST'],
          answer.refused.map((r) => [
            r.party,
            r.operator,
            r.recipient,
            r.kind,
            String(r.count),
            String(r.unrecorded),
            r.first,
            r.last,
          ]),
        ),
      );
    });

  withReading(asOperator(program.command('message')))
    .argument('<message>', 'the message, PARTY/NAME', messageIdArgument)
    .description('show one message: its template in your language, its text, each delivery’s history')
    .action(async (id: string, options) => {
      const view = await client(options).message(id, options.lang);
      if (options.json) return print(view);
      console.log(messageText(view, Date.now()));
    });
}
