// The checks shared by submit and amend: who may declare, what is wrong with the declaration (every
// problem at once), and the known-conflicts key. What passes becomes the command's entry, followed
// by one hub entry per other party listing the conflicts found with that party's declarations.
import { coarseExtent } from '../../deconfliction/coarse-extent.js';
import { conflictView } from '../../deconfliction/conflict-views.js';
import { DEFAULT_ROSTER, type Declaration } from '../../deconfliction/declaration.js';
import type { DeclarationConflict } from '../../deconfliction/declaration-conflict.js';
import type { DeclarationBody, KnownConflicts } from '../../deconfliction/declaration-schema.js';
import type { Candidate } from '../../deconfliction/deconfliction-state.js';
import { unacknowledged } from '../../deconfliction/known-conflicts.js';
import {
  type ReadDeclaration,
  readDeclaration,
  timelinessProblems,
} from '../../deconfliction/read-declaration.js';
import type { GeoProblem } from '../../geo/shape.js';
import type { Entry } from '../../record/index.js';
import { Problem, problems } from '../problem.js';
import { RecordedRefusal } from '../recorded-refusal.js';
import type { HubState, Operator } from '../state.js';
import { maySeeAgreement } from '../who-may-see.js';
import { byOtherParty, type NoticeConflict } from './conflict-notice.js';
import { conflictNotices } from './conflict-notices.js';
import { conflictsDisclosedCommand } from './conflicts-disclosed.js';
import { conflictsFoundCommand } from './conflicts-found.js';
import type { DecideContext, Decision } from './handler.js';

// The same body object is read when the command is decided and again when its entry is applied;
// on replay only the second happens.
const readings = new WeakMap<DeclarationBody, ReturnType<typeof readDeclaration>>();

export function readOnce(body: DeclarationBody) {
  let reading = readings.get(body);
  if (reading === undefined) {
    reading = readDeclaration(body);
    readings.set(body, reading);
  }
  return reading;
}

export function requireDeclarer(author: Operator): void {
  if (author.role === 'viewer')
    throw problems.forbidden('a viewer may not declare; ask an administrator or duty officer');
}

/** The parties that see a declaration: its owner, those it is declared for, those it names. */
export function visibilityOf(body: DeclarationBody, owner: string, extra: readonly string[] = []): string[] {
  if (body.visibility.includes('*')) return ['*'];
  return [...new Set([owner, ...(body.on_behalf_of ?? []), ...body.visibility, ...extra])].sort();
}

function referenceProblems(state: HubState, body: DeclarationBody, author: Operator): GeoProblem[] {
  const found: GeoProblem[] = [];
  if (!body.id.startsWith(`${author.party}/`)) {
    found.push({
      field: '/command/declaration/id',
      reason: `must begin with your party’s id: ${author.party}/`,
    });
  }
  const known = (party: string) => party === '*' || state.parties.has(party);
  body.visibility.forEach((party, i) => {
    if (!known(party))
      found.push({ field: `/command/declaration/visibility/${i}`, reason: `no party ${party}` });
  });
  (body.on_behalf_of ?? []).forEach((party, i) => {
    if (!known(party))
      found.push({ field: `/command/declaration/on_behalf_of/${i}`, reason: `no party ${party}` });
  });
  if (body.kind === 'zone' || body.kind === 'line') {
    const agreement = state.deconfliction.agreements.get(body.agreement);
    if (!agreement || !maySeeAgreement(agreement, author.party)) {
      found.push({
        field: '/command/declaration/agreement',
        reason: `your party has no agreement ${body.agreement}`,
      });
    } else {
      if (agreement.status !== 'in-force') {
        found.push({
          field: '/command/declaration/agreement',
          reason: `agreement ${body.agreement} is ${agreement.status}, not in force`,
        });
      }
      body.restrictions.forEach((restriction, i) => {
        if (!agreement.parties.includes(restriction.party)) {
          found.push({
            field: `/command/declaration/restrictions/${i}/party`,
            reason: `${restriction.party} is not a party to agreement ${body.agreement}`,
          });
        }
      });
    }
  }
  return found;
}

/**
 * A roster named must be one of the party's: one that is not would send every notice about the
 * declaration to the whole party, where nobody in particular is on call for it.
 */
function rosterProblem(state: HubState, body: DeclarationBody, party: string): GeoProblem | null {
  if (body.roster === undefined || state.hotline.rosterFor(party, body.roster)) return null;
  const duties = state.hotline.rostersOf(party).map((roster) => roster.duty);
  return {
    field: '/command/declaration/roster',
    reason:
      duties.length === 0
        ? `your party has no roster ${body.roster}, nor any other: set one, or name none`
        : `your party has no roster ${body.roster}; it has ${duties.join(', ')}`,
  };
}

/**
 * Every problem with the declaration, or its reading. A declaration sound in itself that names a
 * roster its party lacks is refused as unprocessable (422), naming the rosters the party has.
 */
export function checkDeclaration(context: DecideContext, body: DeclarationBody): ReadDeclaration {
  const reading = readOnce(body);
  const found = referenceProblems(context.state, body, context.author);
  if (reading.ok) found.push(...timelinessProblems(reading.read, context.now));
  else found.push(...reading.problems);
  const roster = rosterProblem(context.state, body, context.author.party);
  if (found.length > 0)
    throw problems.badRequest('the declaration is not valid', roster ? [...found, roster] : found);
  if (roster) throw problems.unprocessable(roster.reason, [roster]);
  return (reading as { ok: true; read: ReadDeclaration }).read;
}

export function candidateOf(
  body: DeclarationBody,
  read: ReadDeclaration,
  party: string,
  version: number,
): Candidate {
  return { id: body.id, version, party, kind: body.kind, activity: read.activity, volumes: read.volumes };
}

function unacknowledgedProblem(
  state: HubState,
  candidate: Candidate,
  described: { kind: string; title: string },
  recorded: readonly NoticeConflict[],
  missing: readonly DeclarationConflict[],
): Problem {
  return new Problem(
    409,
    'unacknowledged-conflicts',
    'The declaration conflicts with declarations it does not name',
    `${missing.length} of its ${recorded.length} conflicts are not named in known_conflicts: ` +
      `${missing.map((m) => `${m.key.declaration}@${m.key.version}`).join(', ')}. Name each, by id and version, to declare it knowingly.`,
    missing.map((m) => ({
      field: '/command/known_conflicts',
      reason: `does not name ${m.key.declaration} version ${m.key.version}`,
    })),
    {
      conflicts: recorded.map((conflict) =>
        conflictView(state.deconfliction, conflict, candidate.party, described),
      ),
    },
  );
}

function recordedShape(state: HubState, candidate: Candidate, roster: string, group: DeclarationConflict) {
  const against = state.deconfliction.declarations.get(group.key.declaration) as Declaration;
  return {
    found: { declaration: candidate.id, version: candidate.version, party: candidate.party, roster },
    against: {
      declaration: against.id,
      version: against.version,
      party: against.party,
      roster: against.roster,
    },
    extent: coarseExtent(
      group.pairs.map((p) => ({
        a: p.candidateVolume,
        b: p.indexedVolume,
        horizontalM: state.deconfliction.partyMinima(candidate.party, against.party).horizontalM,
      })),
    ),
    pairs: group.pairs.map((p) => ({ ...p.measures, volumes: [p.candidate, p.indexed] as [number, number] })),
  };
}

/** Finds the conflicts, enforces the key, and decides the entries. */
export function admit(
  context: DecideContext,
  body: DeclarationBody,
  read: ReadDeclaration,
  version: number,
  key: KnownConflicts,
): Decision {
  const { state, author } = context;
  const candidate = candidateOf(body, read, author.party, version);
  const roster = body.roster ?? DEFAULT_ROSTER;
  const conflicts = state.deconfliction.conflictsOf(candidate);
  const recorded = conflicts.map((group) => recordedShape(state, candidate, roster, group));
  const missing = unacknowledged(conflicts, key);
  if (missing.length > 0) {
    const by = { party: author.party, operator: author.id };
    throw new RecordedRefusal(
      unacknowledgedProblem(state, candidate, { kind: body.kind, title: body.title }, recorded, missing),
      [...byOtherParty(recorded)].map(([party, list]) => conflictsDisclosedCommand(list, party, by)),
    );
  }
  const extra =
    body.kind === 'zone' || body.kind === 'line'
      ? (state.deconfliction.agreements.get(body.agreement)?.parties ?? [])
      : [];
  return {
    visibility: visibilityOf(body, author.party, extra),
    consequences: [
      ...[...byOtherParty(recorded)].map(([party, list]) => conflictsFoundCommand(list, party)),
      ...conflictNotices(state, recorded, context.now, context.online),
    ],
  };
}

/** The declaration an accepted submit or amend entry makes. */
export function declarationFrom(
  state: HubState,
  body: DeclarationBody,
  version: number,
  entry: Entry,
): Declaration {
  const reading = readOnce(body);
  if (!reading.ok) throw new Error(`the record holds an invalid declaration ${body.id}`);
  const party = (entry.author as { party: string }).party;
  return {
    id: body.id,
    version,
    kind: body.kind,
    party,
    visibility: entry.visibility,
    activity: reading.read.activity,
    volumes: reading.read.volumes,
    validFrom: reading.read.validFrom,
    validUntil: reading.read.validUntil,
    roster: body.roster ?? DEFAULT_ROSTER,
    body,
    entry: state.size,
    since: entry.time,
    reminded: false,
  };
}
