// `deconflict roster set`: a party's on-call list for a duty, members in the order they are called,
// each with the shifts they are on duty in their own time zone, and the duty chief after them;
// `roster list` and `roster show` read them back.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { WEEKDAYS, type Weekday } from '../hotline/roster.js';
import { readJsonFile, UnreadableInput } from './json-file.js';
import { asOperator, client, type OperatorOptions } from './operator-options.js';
import { print } from './print-json.js';
import { textTable } from './text-table.js';

interface ShiftField {
  from: string;
  to: string;
  time_zone: string;
  days?: Weekday[];
}

interface MemberField {
  operator: string;
  shifts: ShiftField[];
}

/** A roster as the hub shows it to its party (GET /v1/rosters). */
interface RosterListing {
  id: string;
  duty: string;
  members: MemberField[];
  chief?: string;
  version: number;
  since: string;
}

const shiftText = (shift: ShiftField) =>
  `${shift.from}-${shift.to} ${shift.time_zone}${shift.days ? ` ${shift.days.join(',')}` : ''}`;
const shiftsText = (member: MemberField) =>
  member.shifts.length === 0 ? 'always' : member.shifts.map(shiftText).join('; ');

const SHIFT = /^(\d\d:\d\d)-(\d\d:\d\d)@([^,]+)(?:,(.+))?$/;
const MEMBER_FORMAT =
  'write it as OPERATOR or OPERATOR:HH:MM-HH:MM@TIME/ZONE[,DAY…], e.g. red.duty1:08:00-20:00@Asia/Damascus,mon,tue';

function shiftField(text: string): ShiftField {
  const [, from = '', to = '', zone = '', days] = SHIFT.exec(text) ?? [];
  if (!zone) throw new InvalidArgumentError(MEMBER_FORMAT);
  if (days === undefined) return { from, to, time_zone: zone };
  const listed = days.split(',');
  const unknown = listed.filter((day) => !(WEEKDAYS as readonly string[]).includes(day));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(`unknown day ${unknown.join(', ')}; days are ${WEEKDAYS.join(', ')}`);
  }
  return { from, to, time_zone: zone, days: listed as Weekday[] };
}

/**
 * Commander's parser for a repeatable --member, in calling order. A member with no shift is always
 * on duty; one given again adds a shift, keeping its first place.
 */
export function memberOption(value: string, previous: MemberField[] = []): MemberField[] {
  const colon = value.indexOf(':');
  const operator = colon < 0 ? value : value.slice(0, colon);
  if (operator === '') throw new InvalidArgumentError(MEMBER_FORMAT);
  const shifts = colon < 0 ? [] : [shiftField(value.slice(colon + 1))];
  const earlier = previous.find((m) => m.operator === operator);
  if (!earlier) return [...previous, { operator, shifts }];
  if (shifts.length === 0 || earlier.shifts.length === 0) {
    throw new InvalidArgumentError(
      `${operator} is given twice, once always on duty; give each shift instead`,
    );
  }
  return previous.map((m) => (m === earlier ? { operator, shifts: [...m.shifts, ...shifts] } : m));
}

/** The roster in a file, for `duty`: the file may name the duty, but no other. */
function rosterFile(path: string, duty: string): Record<string, unknown> {
  const roster = readJsonFile(path);
  if (typeof roster !== 'object' || roster === null || Array.isArray(roster)) {
    throw new UnreadableInput(`${path} does not hold a roster (a JSON object)`);
  }
  if ('duty' in roster && roster.duty !== duty) {
    throw new UnreadableInput(`${path} is the roster for ${String(roster.duty)}, not ${duty}`);
  }
  return { ...roster, duty };
}

export function rosterCommands(program: Command): void {
  const roster = program.command('roster').description('your party’s on-call rosters');

  asOperator(roster.command('set <duty>'))
    .description('set (or replace) your party’s roster for a duty, e.g. air-deconfliction (administrators)')
    .option(
      '--member <operator[:HH:MM-HH:MM@zone[,days]]...>',
      'a member, in calling order, with a shift in an IANA time zone; again for each more shift',
      memberOption,
    )
    .option(
      '--chief <operator>',
      'the duty chief, asked when the members have not acknowledged (else the whole party)',
    )
    .addOption(
      new Option('--file <file>', 'the roster as JSON ({members, chief}), instead of the options').conflicts([
        'member',
        'chief',
      ]),
    )
    .action(async (duty: string, options) => {
      if (options.file === undefined && !options.member) {
        throw new InvalidArgumentError('--member is needed, or --file FILE');
      }
      const fields =
        options.file === undefined
          ? { duty, members: options.member, ...(options.chief ? { chief: options.chief } : {}) }
          : rosterFile(options.file, duty);
      print(await client(options).submit('roster.set', { roster: fields }));
    });

  const rostersOf = (options: OperatorOptions) =>
    client(options).getAll<RosterListing>('/v1/rosters', 'rosters');

  asOperator(roster.command('list'))
    .description('list your party’s rosters: who is called, in order, and the chief after them')
    .option('--json', 'print the hub’s answer as JSON')
    .action(async (options) => {
      const rosters = await rostersOf(options);
      if (options.json) return print({ rosters });
      console.log(
        textTable(
          ['DUTY', 'MEMBERS (IN CALLING ORDER)', 'CHIEF', 'VERSION', 'SINCE'],
          rosters.map((r) => [
            r.duty,
            r.members.map((m) => m.operator).join(', '),
            r.chief ?? '(none: the whole party)',
            String(r.version),
            r.since,
          ]),
        ),
      );
    });

  asOperator(roster.command('show <duty>'))
    .description('show one of your party’s rosters with each member’s shifts in their time zone')
    .option('--json', 'print the roster as JSON')
    .action(async (duty: string, options) => {
      const found = (await rostersOf(options)).find((r) => r.duty === duty);
      if (!found) throw new Error(`your party has no roster ${duty}`);
      if (options.json) return print(found);
      console.log(`${found.id}, version ${found.version} since ${found.since}`);
      console.log(
        textTable(
          ['ORDER', 'OPERATOR', 'ON DUTY'],
          [
            ...found.members.map((m, i) => [String(i + 1), m.operator, shiftsText(m)]),
            found.chief
              ? ['chief', found.chief, 'when the members have not acknowledged']
              : ['then', 'the whole party', 'no chief: when the members have not acknowledged'],
          ],
        ),
      );
    });
}
