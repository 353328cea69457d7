import { Type } from '@sinclair/typebox';
import { isTimeZone, WEEKDAYS } from '../../hotline/roster.js';
import type { FieldProblem } from '../problem.js';
import { problems } from '../problem.js';
import { requirePartyAdministrator } from './authority.js';
import { commandSchema, OperatorId } from './fields.js';
import { defineCommand } from './handler.js';

const HourMinute = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM, local time.' });

const Shift = Type.Object(
  {
    days: Type.Optional(
      Type.Array(Type.Union(WEEKDAYS.map((d) => Type.Literal(d))), { minItems: 1, uniqueItems: true }),
    ),
    from: HourMinute,
    to: Type.String({
      ...HourMinute,
      description: 'HH:MM, local time; before `from`, the next day; equal to it, a 24-hour shift.',
    }),
    time_zone: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'An IANA time zone, e.g. Europe/Moscow.',
    }),
  },
  { additionalProperties: false },
);

export const rosterSet = defineCommand({
  type: 'roster.set',
  schema: commandSchema(
    'roster.set',
    {
      roster: Type.Object(
        {
          duty: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,79}$', description: 'e.g. air-deconfliction' }),
          members: Type.Array(
            Type.Object(
              { operator: OperatorId, shifts: Type.Array(Shift, { maxItems: 20 }) },
              { additionalProperties: false },
            ),
            { minItems: 1, maxItems: 100, description: 'In the order they are called.' },
          ),
          chief: Type.Optional(OperatorId),
        },
        { additionalProperties: false },
      ),
    },
    'Sets (or replaces) the author’s party’s on-call roster for a duty. Administrators. The chief is asked ' +
      'when no member has acknowledged; without one, the whole party is asked next.',
  ),
  decide({ state, author }, { roster }) {
    requirePartyAdministrator(author);
    const found: FieldProblem[] = [];
    const ownOperator = (id: string, field: string) => {
      const operator = state.operators.get(id);
      if (!operator || operator.party !== author.party)
        found.push({ field, reason: `no operator ${id} in ${author.party}` });
      else if (operator.role === 'viewer')
        found.push({ field, reason: `${id} is a viewer and cannot acknowledge` });
    };
    const seen = new Set<string>();
    roster.members.forEach((member, i) => {
      ownOperator(member.operator, `/command/roster/members/${i}/operator`);
      if (seen.has(member.operator))
        found.push({ field: `/command/roster/members/${i}/operator`, reason: 'is listed twice' });
      seen.add(member.operator);
      member.shifts.forEach((shift, j) => {
        const at = `/command/roster/members/${i}/shifts/${j}`;
        if (!isTimeZone(shift.time_zone))
          found.push({ field: `${at}/time_zone`, reason: `unknown time zone ${shift.time_zone}` });
      });
    });
    if (roster.chief !== undefined) ownOperator(roster.chief, '/command/roster/chief');
    if (found.length > 0) throw problems.badRequest('the roster is not valid', found);
    return { visibility: [author.party] };
  },
  apply(state, { roster }, entry) {
    const party = (entry.author as { party: string }).party;
    const id = `${party}/${roster.duty}`;
    state.hotline.rosters.set(id, {
      id,
      party,
      duty: roster.duty,
      members: roster.members.map((m) => ({
        operator: m.operator,
        shifts: m.shifts.map((s) => ({
          ...(s.days ? { days: s.days } : {}),
          from: s.from,
          to: s.to,
          timeZone: s.time_zone,
        })),
      })),
      ...(roster.chief === undefined ? {} : { chief: roster.chief }),
      version: (state.hotline.rosters.get(id)?.version ?? 0) + 1,
      since: entry.time,
    });
  },
});
