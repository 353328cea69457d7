// `deconflict entries`: the record as the operator's party may read it, from an entry on, and with
// --follow each new entry as it is committed, for a duty officer watching what happens at a
// terminal; --json for programs. Entries the party may not read are not shown: the hub sends only
// their leaf hashes.
import { type Command, InvalidArgumentError } from 'commander';
import type { HubClient } from '../client/hub-client.js';
import type { EntryEvent } from '../client/hub-views.js';
import type { Entry } from '../record/index.js';
import { asOperator, client } from './operator-options.js';
import { print } from './print-json.js';
import { textTable } from './text-table.js';

/** Entries the hub serves a call (GET /v1/record/entries). */
const PAGE = 1000;
/** Without --from, the listing starts this many entries before the record's end. */
const LAST = 100;
const SUMMARY_LENGTH = 100;
/** Between a stream the hub ended (the session did) and signing in again. */
const RECONNECT_MS = 1000;

interface EntryItem {
  index: number;
  leaf_hash: string;
  entry?: Entry;
  damaged?: boolean;
}

type ReadableEntry = Pick<Entry, 'kind' | 'time' | 'author' | 'command'> & { index: number };

const COLUMNS = ['INDEX', 'TIME', 'KIND', 'AUTHOR', 'COMMAND'];
/** Column widths when following, where rows are printed as they come and cannot be measured first. */
const FOLLOW_WIDTHS = [7, 24, 28, 24];

/** The command without its envelope (type, hub, nonce, time), on one line, cut short. */
function summary(command: Record<string, unknown>): string {
  const { type: _type, hub: _hub, nonce: _nonce, time: _time, ...rest } = command;
  const text = JSON.stringify(rest);
  return text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH - 1)}…` : text;
}

function entryRow(entry: ReadableEntry | { index: number; damaged: true }): string[] {
  if ('damaged' in entry) return [String(entry.index), '', 'damaged', '', 'its stored bytes cannot be read'];
  const author = 'party' in entry.author ? entry.author.operator : 'the hub';
  return [String(entry.index), entry.time, entry.kind, author, summary(entry.command)];
}

const followLine = (cells: readonly string[]) =>
  cells
    .map((cell, i) => cell.padEnd(FOLLOW_WIDTHS[i] ?? 0))
    .join('  ')
    .trimEnd();

function entryIndex(value: string): number {
  const n = Number(value);
  if (!/^\d{1,15}$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError('not an entry index');
  return n;
}

/** The readable and the damaged entries of [start, size), in order, a page at a time. */
async function listed(hub: HubClient, start: number, size: number): Promise<EntryItem[]> {
  const items: EntryItem[] = [];
  for (let from = start; from < size; from += PAGE) {
    const to = Math.min(size, from + PAGE);
    const page = await hub.get<{ entries: EntryItem[] }>(`/v1/record/entries?start=${from}&end=${to}`);
    items.push(...page.entries.filter((item) => item.entry !== undefined || item.damaged));
  }
  return items;
}

/** Prints each entry as it comes, after `after`; signs in again and resumes when the hub ends the stream. */
async function follow(hub: HubClient, after: number, show: (event: EntryEvent) => void): Promise<never> {
  let last = after;
  for (;;) {
    for await (const event of hub.entryEvents(last)) {
      last = event.index;
      show(event);
    }
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    await hub.login();
  }
}

export function entryListCommand(program: Command): void {
  asOperator(program.command('entries'))
    .description('list the record’s entries your party may read, from an entry on; --follow for new ones')
    .option('--from <index>', `the first entry to list (default: the last ${LAST} of the record)`, entryIndex)
    .option(
      '--kind <kind>',
      'only entries of this kind, e.g. alert.begin or declaration.submit (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option('--follow', 'then print each new entry as it is committed, until interrupted')
    .option('--json', 'print the hub’s answer as JSON; with --follow, one JSON entry a line')
    .action(async (options) => {
      const hub = client(options);
      const { size } = await hub.get<{ size: number }>('/v1/record/entries?start=0&end=0');
      const start: number = options.from ?? Math.max(0, size - LAST);
      if (start > size) throw new InvalidArgumentError(`--from: the record has ${size} entries`);
      const kinds = new Set<string>(options.kind);
      const wanted = (kind: string) => kinds.size === 0 || kinds.has(kind);
      if (options.follow) {
        if (!options.json) console.log(followLine(COLUMNS));
        return follow(hub, start - 1, (event) => {
          if ('damaged' in event || wanted(event.kind))
            console.log(options.json ? JSON.stringify(event) : followLine(entryRow(event)));
        });
      }
      const items = (await listed(hub, start, size)).filter(
        (item) => item.entry === undefined || wanted(item.entry.kind),
      );
      if (options.json) return print({ size, entries: items });
      const rows = items.map((item) =>
        item.entry
          ? entryRow({ ...item.entry, index: item.index })
          : entryRow({ index: item.index, damaged: true }),
      );
      console.log(textTable(COLUMNS, rows));
    });
}
