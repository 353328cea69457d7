// Incidents as each party may see them, and the inquiries the parties concerned admit. Reporting,
// answering, disputing, closing and admitting go through POST /v1/commands like every change; these
// are the reads, and an inquiry's sign-in and its reads of exactly what it was admitted to.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Incident } from '../../evidence/incident.js';
import type { Hub } from '../../hub/hub.js';
import { Problem, problems } from '../../hub/problem.js';
import { type SignedCommand, SignedCommandSchema } from '../../hub/signed-command.js';
import {
  entriesForInquiry,
  incidentLinksSeenBy,
  incidentStepsSeenBy,
  maySeeIncident,
} from '../../hub/who-may-see.js';
import { parseTrustedEntry } from '../../record/index.js';
import { BEARER_SECURITY, bearerToken, requireSession, sessionOperator } from '../authenticated.js';
import type { LoginLimits } from '../login-limits.js';
import { NextPage, pageOf, pageParameters } from '../paging.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';

const problemsOnly = { '4xx': ProblemSchema };

/** The incident as a party sees it: the report, its own links (a page), the steps it may read. */
function incidentView(incident: Incident, party: string) {
  return {
    id: incident.id,
    party: incident.party,
    operator: incident.operator,
    time: incident.time,
    entry: incident.entry,
    status: incident.status,
    concerned: incident.isConcerned(party),
    report: incident.report,
    steps: incidentStepsSeenBy(incident, party).map((step) => ({
      kind: step.kind,
      party: step.party,
      operator: step.operator,
      text: step.text,
      time: step.time,
      entry: step.entry,
    })),
    inquiries: [...incident.inquiries.values()]
      .filter((inquiry) => inquiry.admittedBy.has(party))
      .map((inquiry) => ({ key: inquiry.key, name: inquiry.name, entry: inquiry.admittedBy.get(party) })),
  };
}

function inquiryKey(sessions: Sessions, request: FastifyRequest): string {
  const token = bearerToken(request);
  const key = token ? sessions.inquiry(token) : null;
  if (!key)
    throw new Problem(401, 'unauthenticated', 'Sign in first', 'an inquiry session token is required', [
      {
        field: 'header:authorization',
        reason: token ? 'unknown or expired inquiry session' : 'missing bearer token',
      },
    ]);
  return key;
}

export const incidentRoutes: FastifyPluginAsyncTypebox<{
  hub: Hub;
  sessions: Sessions;
  logins: LoginLimits;
}> = async (app, { hub, sessions, logins }) => {
  const common = { preHandler: requireSession(sessions) };
  const tags = ['incidents'];

  app.get(
    '/v1/incidents',
    {
      ...common,
      schema: {
        summary: 'Incidents the signed-in party may see',
        description:
          'Those reported by it, shown to it, or concerning it (its declarations or tracks are linked). ' +
          'Newest first, a page at a time; each without its links (see /v1/incidents/{id}).',
        tags,
        security: BEARER_SECURITY,
        querystring: Type.Object({ ...pageParameters(100, 1000) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ incidents: Type.Array(Type.Unknown()), next: NextPage }),
          ...problemsOnly,
        },
      },
    },
    async (request) => {
      const party = sessionOperator(request).party;
      return hub.read((state) => {
        const seen = [...state.incidents.values()]
          .filter((incident) => maySeeIncident(incident, party))
          .sort((a, b) => b.entry - a.entry);
        const page = pageOf(seen, (incident) => incident.entry, request.query, {
          defaultLimit: 100,
          url: request.url,
          descending: true,
        });
        return {
          incidents: page.items.map((incident) => incidentView(incident, party)),
          ...(page.next ? { next: page.next } : {}),
        };
      });
    },
  );

  app.get(
    '/v1/incidents/:id',
    {
      ...common,
      schema: {
        summary: 'One incident, with the entries linked to it for the signed-in party',
        description:
          'The links are those the hub recorded for the party when the incident was reported (its ' +
          '`incident.linked` entry, `links_entry`): each an entry index and why, only what the party may ' +
          'read. In entry order, a page at a time; `complete` is false if the hub listed only the first.',
        tags,
        security: BEARER_SECURITY,
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }),
        querystring: Type.Object({ ...pageParameters(500, 2000) }, { additionalProperties: false }),
        response: { 200: Type.Unknown(), ...problemsOnly },
      },
    },
    async (request) => {
      const party = sessionOperator(request).party;
      return hub.read((state) => {
        const incident = state.incidents.get(request.params.id);
        if (!incident || !maySeeIncident(incident, party))
          throw problems.notFound(`no incident ${request.params.id} your party may see`, 'params:id');
        const told = incidentLinksSeenBy(incident, party);
        const page = pageOf(told?.links ?? [], (link) => link.entry, request.query, {
          defaultLimit: 500,
          url: request.url,
        });
        return {
          ...incidentView(incident, party),
          links_entry: told?.entry ?? null,
          complete: told?.complete ?? true,
          links: page.items,
          ...(page.next ? { next: page.next } : {}),
        };
      });
    },
  );

  app.post(
    '/v1/inquiry-sessions',
    {
      schema: {
        summary: 'Sign in as an inquiry',
        description:
          'A signed `login` (as for operators), signed with the key a party concerned admitted the inquiry ' +
          'by (`incident.admit`); `key` is that key’s id. The token reads only /v1/inquiry/entries.',
        tags,
        body: SignedCommandSchema,
        response: {
          201: Type.Object({ token: Type.String(), expires_at: Type.String(), inquiry: Type.String() }),
          ...problemsOnly,
        },
      },
    },
    async (request, reply) => {
      const signed = request.body as SignedCommand;
      const inquiry = await logins.attempt(request.socket.remoteAddress ?? 'unknown', signed.key, () =>
        hub.loginInquiry(signed),
      );
      const session = sessions.open(inquiry.key, 'inquiry');
      return reply
        .code(201)
        .send({ token: session.token, expires_at: session.expiresAt, inquiry: inquiry.name });
    },
  );

  app.get(
    '/v1/inquiry/entries',
    {
      schema: {
        summary: 'The entries the signed-in inquiry was admitted to',
        description:
          'For each party that admitted it: that party’s admission, and of the incident what the party may ' +
          'read itself (the report, its links and the linked entries, the steps). In index order, a page at a time.',
        tags,
        security: BEARER_SECURITY,
        querystring: Type.Object({ ...pageParameters(200, 1000) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            entries: Type.Array(Type.Object({ index: Type.Integer(), entry: Type.Unknown() })),
            next: NextPage,
          }),
          ...problemsOnly,
        },
      },
    },
    async (request) => {
      const key = inquiryKey(sessions, request);
      const readable = await hub.read((state) => entriesForInquiry(state, key));
      const page = pageOf(readable, (index) => index, request.query, { defaultLimit: 200, url: request.url });
      const entries = await Promise.all(
        page.items.map(async (index) => {
          const [stored] = await hub.store.entries(index, index + 1);
          return { index, entry: stored ? parseTrustedEntry(stored.bytes) : null };
        }),
      );
      return { entries, ...(page.next ? { next: page.next } : {}) };
    },
  );

  app.get(
    '/v1/inquiry/entries/:index',
    {
      schema: {
        summary: 'One entry the signed-in inquiry was admitted to',
        tags,
        security: BEARER_SECURITY,
        params: Type.Object({ index: Type.Integer({ minimum: 0 }) }),
        response: { 200: Type.Object({ index: Type.Integer(), entry: Type.Unknown() }), ...problemsOnly },
      },
    },
    async (request) => {
      const key = inquiryKey(sessions, request);
      const { index } = request.params;
      const readable = await hub.read((state) => entriesForInquiry(state, key));
      const [stored] = readable.includes(index) ? await hub.store.entries(index, index + 1) : [];
      if (!stored) throw problems.notFound(`no entry ${index} this inquiry was admitted to`, 'params:index');
      return { index, entry: parseTrustedEntry(stored.bytes) };
    },
  );
};
