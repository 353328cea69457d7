// `deconflict send`, `reply`, `ack` and `withdraw-message`: the hotline from the command line. Each
// is one signed command; the hub checks the message and routes it, this only puts it together.
// Withdrawing is `withdraw-message` because `withdraw` already ends a declaration and `message ID`
// shows one message.
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { HubClient } from '../client/hub-client.js';
import { RECEIPT_STATES } from '../hotline/delivery.js';
import { ANSWERS, MESSAGE_KINDS, type MessageBody, URGENT_ACTIONS } from '../hotline/message-schema.js';
import { readJsonFile, UnreadableInput } from './json-file.js';
import {
  type ContentOptions,
  messageContent,
  messageIdArgument,
  newMessageId,
  recipientOption,
  withContentOptions,
} from './message-options.js';
import { asOperator, client, type OperatorOptions } from './operator-options.js';
import { print } from './print-json.js';

const SENT_KINDS = MESSAGE_KINDS.filter((kind) => kind !== 'reply');
const BODY_OPTIONS = ['to', 'kind', 'action', 'id', 'template', 'field', 'text', 'language', 'reference'];

interface SendOptions extends ContentOptions, OperatorOptions {
  to?: MessageBody['recipients'];
  kind?: MessageBody['kind'];
  action?: MessageBody['action'];
  id?: string;
  message?: string;
}

/** The body to send: the file's as it is (with an id if it has none), or one made of the options. */
async function sendBody(hub: HubClient, options: SendOptions): Promise<Record<string, unknown>> {
  if (options.message !== undefined) {
    const body = readJsonFile(options.message);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new UnreadableInput(`${options.message} does not hold a message (a JSON object)`);
    }
    return 'id' in body ? { ...body } : { id: newMessageId(await hub.party(), undefined), ...body };
  }
  if (!options.to || !options.kind)
    throw new InvalidArgumentError('--to and --kind are needed, or --message FILE');
  return {
    id: newMessageId(await hub.party(), options.id),
    kind: options.kind,
    recipients: options.to,
    ...(options.action === undefined ? {} : { action: options.action }),
    ...messageContent(options),
  };
}

interface ReplyOptions extends ContentOptions, OperatorOptions {
  answer?: MessageBody['answer'];
  reasons?: string;
}

async function send(hub: HubClient, message: Record<string, unknown>): Promise<void> {
  print({ message: message.id, ...(await hub.submit('message.send', { message })) });
}

/** The delivery of `id` to the operator's own party, when it has exactly one. */
async function ownDelivery(hub: HubClient, id: string): Promise<string> {
  const view = await hub.message(id);
  const party = await hub.party();
  const own = view.deliveries.filter((d) => d.party === party).map((d) => d.recipient);
  if (own.length === 1) return own[0] as string;
  if (own.length === 0) throw new Error(`${id} has no delivery to your party, ${party}`);
  throw new Error(
    `${id} has several deliveries to your party (${own.join(', ')}); name one with --recipient`,
  );
}

export function hotlineCommands(program: Command): void {
  withContentOptions(
    asOperator(program.command('send'))
      .description('send a hotline message to parties or their rosters; prints its id and entry')
      .option('--to <party[/duty]...>', 'a party, or its roster for a duty; once for each', recipientOption)
      .addOption(new Option('--kind <kind>', 'what it asks for').choices(SENT_KINDS))
      .addOption(new Option('--action <action>', 'urgent requests: what to do').choices(URGENT_ACTIONS))
      .option('--id <name>', 'its name (under your party’s id); a UUID if not given'),
  )
    .addOption(
      new Option('--message <file>', 'the whole message body as JSON, instead of the options').conflicts(
        BODY_OPTIONS,
      ),
    )
    .action(async (options: SendOptions) => {
      const hub = client(options);
      await send(hub, await sendBody(hub, options));
    });

  withContentOptions(
    asOperator(program.command('reply'))
      .argument('<message>', 'the message replied to, PARTY/NAME', messageIdArgument)
      .description('reply to a message sent to your party; the reply goes to its sender')
      .addOption(new Option('--answer <answer>', 'to a coordination request').choices(ANSWERS))
      .option('--reasons <text>', 'what changes, or why not'),
  ).action(async (id: string, options: ReplyOptions) => {
    const hub = client(options);
    const original = await hub.message(id);
    // The hub's own notices (conflict notices) come from no party that could read a reply.
    if (original.operator === null) throw new Error(`${id} is the hub’s own notice; acknowledge it instead`);
    await send(hub, {
      id: newMessageId(await hub.party(), undefined),
      kind: 'reply',
      recipients: [{ party: original.from }],
      reply_to: id,
      ...(options.answer === undefined ? {} : { answer: options.answer }),
      ...(options.reasons === undefined ? {} : { reasons: options.reasons }),
      ...messageContent(options),
    });
  });

  asOperator(program.command('ack'))
    .argument('<message>', 'the message, PARTY/NAME', messageIdArgument)
    .description('sign a receipt for a message to your party: acknowledged, unless --state says otherwise')
    .option('--recipient <party[/duty]>', 'the delivery, if your party has several: PARTY or PARTY/DUTY')
    .addOption(
      new Option('--state <state>', 'what the receipt says').choices(RECEIPT_STATES).default('acknowledged'),
    )
    .option('--note <text>', 'a note for the record')
    .action(async (id: string, options) => {
      const hub = client(options);
      const recipient = options.recipient ?? (await ownDelivery(hub, id));
      const accepted = await hub.submit('delivery.receipt', {
        message: id,
        recipient,
        state: options.state,
        ...(options.note === undefined ? {} : { note: options.note }),
      });
      print({ message: id, recipient, state: options.state, ...accepted });
    });

  asOperator(program.command('withdraw-message'))
    .argument('<message>', 'a message your party sent, PARTY/NAME', messageIdArgument)
    .description('withdraw a message your party sent: deliveries not yet acknowledged stop escalating')
    .requiredOption('--reason <text>', 'why, for its recipients and the record')
    .action(async (id: string, options) =>
      print({
        message: id,
        ...(await client(options).submit('message.withdraw', { message: id, reason: options.reason })),
      }),
    );
}
