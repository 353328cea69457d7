import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { parseRfc3339 } from '../../geo/rfc3339.js';
import type { Hub } from '../../hub/hub.js';
import { Problem, problems } from '../../hub/problem.js';
import type { TrackWatch } from '../../hub/track-watch.js';
import { feedsWithTracksFor } from '../../hub/who-may-see.js';
import { BEARER_SECURITY, requireSession, sessionOperator } from '../authenticated.js';
import { endFailedSocket } from '../failed-socket.js';
import type { HubMetrics } from '../metrics.js';
import { closedOnShutdown } from '../open-sockets.js';
import { byKey, decodeCursor, NextPage, nextPage, pageOf, pageParameters } from '../paging.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';
import type { SocketGate } from '../socket-gate.js';
import { Track, trackView } from '../track-report-body.js';

const HOUR_MS = 3_600_000;

/** A history page's cursor: "<time>:<row>" of its last position. */
function fixPosition(key: string | number): { time: number; row: number } | null {
  const match = /^(-?\d{1,16}):(\d{1,16})$/.exec(String(key));
  return match ? { time: Number(match[1]), row: Number(match[2]) } : null;
}

/** Live tracks and their kept history: a party's own, and those other parties share with it. */
export const trackRoutes: FastifyPluginAsyncTypebox<{
  hub: Hub;
  sessions: Sessions;
  watch: TrackWatch;
  metrics: HubMetrics;
  gate: SocketGate;
}> = async (app, { hub, sessions, watch, metrics, gate }) => {
  const tags = ['watch'];
  const common = { preHandler: requireSession(sessions) };
  const keep = closedOnShutdown(app);

  app.get(
    '/v1/tracks',
    {
      ...common,
      schema: {
        summary: 'The latest state of every live track the signed-in party may see',
        description: 'By track id, a page at a time.',
        tags,
        security: BEARER_SECURITY,
        querystring: Type.Object(pageParameters(1000, 10_000), { additionalProperties: false }),
        response: {
          200: Type.Object({ tracks: Type.Array(Track), next: NextPage }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request) => {
      const party = sessionOperator(request).party;
      const id = (track: { id: string }) => track.id;
      const visible = (await hub.read((state) => watch.visibleTracks(state, party))).sort(byKey(id));
      const page = pageOf(visible, id, request.query, { defaultLimit: 1000, url: request.url });
      return { tracks: page.items.map(trackView), ...(page.next ? { next: page.next } : {}) };
    },
  );

  app.get(
    '/v1/tracks/history',
    {
      ...common,
      schema: {
        summary: 'Kept positions of tracks the party may see, for incidents',
        description:
          'A few positions a minute per track (every 10 s or 250 m or 50 m of altitude), between `from` and ' +
          '`until` (at most 24 hours apart), optionally of one track; by time, a page at a time.',
        tags,
        security: BEARER_SECURITY,
        querystring: Type.Object(
          {
            from: Type.String(),
            until: Type.String(),
            track: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            ...pageParameters(10_000, 100_000),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ fixes: Type.Array(Type.Unknown()), next: NextPage }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request) => {
      const party = sessionOperator(request).party;
      const start = parseRfc3339(request.query.from);
      const end = parseRfc3339(request.query.until);
      const found = [];
      if (start === null) found.push({ field: 'query:from', reason: 'must be an RFC 3339 date-time' });
      if (end === null) found.push({ field: 'query:until', reason: 'must be an RFC 3339 date-time' });
      if (start !== null && end !== null && !(end > start && end - start <= 24 * HOUR_MS))
        found.push({ field: 'query:until', reason: 'must be after from, at most 24 hours' });
      const after =
        request.query.after === undefined ? undefined : fixPosition(decodeCursor(request.query.after));
      if (after === null)
        found.push({ field: 'querystring:after', reason: 'must be the `next` of a previous page' });
      if (found.length > 0 || start === null || end === null || after === null)
        throw problems.badRequest('the window is not valid', found);
      const feeds = await hub.read((state) => feedsWithTracksFor(state, party));
      const limit = request.query.limit ?? 10_000;
      const fixes = await hub.store.trackFixes({
        feeds,
        start,
        end,
        limit: limit + 1,
        ...(request.query.track ? { track: request.query.track } : {}),
        ...(after ? { after } : {}),
      });
      const more = fixes.length > limit;
      const page = fixes.slice(0, limit);
      const last = page[page.length - 1];
      return {
        ...(more && last ? { next: nextPage(request.url, `${last.time}:${last.row}`) } : {}),
        fixes: page.map((fix) => ({
          feed: fix.feed,
          ...trackView({ ...fix, id: fix.track, party: fix.feed.slice(0, fix.feed.indexOf('/')) }),
        })),
      };
    },
  );

  app.route({
    method: 'GET',
    url: '/v1/picture',
    schema: {
      summary: 'A WebSocket of live tracks the party may see',
      description:
        'Sign in with `Authorization: Bearer <token>` on the upgrade, or with a first message ' +
        '`{"type":"auth","token":"…"}` within 5 s (browsers; the hub’s operator may set another limit). The hub sends `{"type":"tracks","tracks":[…]}` ' +
        'at once with every live track, then once a second with those that moved. Alerts are entries: they ' +
        'come on /v1/stream. Closes with 1008 when not signed in or when the session ends.',
      tags,
      response: { '4xx': ProblemSchema },
    },
    wsHandler: (socket, request) => {
      keep(socket);
      let stop: (() => void) | null = null;
      let signedIn = false;
      const signIn = async (token: string | undefined) => {
        const operator = token ? await sessions.operator(token) : null;
        if (!operator || !token) return socket.close(1008, 'sign in with a session token');
        signedIn = true;
        if (!gate.signedIn(request, socket, token)) return;
        const send = (tracks: readonly Parameters<typeof trackView>[0][]) =>
          socket.send(JSON.stringify({ type: 'tracks', tracks: tracks.map(trackView) }));
        send(await hub.read((state) => watch.visibleTracks(state, operator.party)));
        stop = watch.watch({
          party: operator.party,
          tracks: (tracks) => {
            // A session that ended ends the picture with it.
            sessions
              .operator(token)
              .then((still) => (still ? send(tracks) : socket.close(1008, 'session ended')))
              .catch(failed);
          },
        });
      };
      const failed = (error: unknown) => {
        stop?.();
        endFailedSocket(socket, { log: request.log, metrics }, 'a picture socket', error);
      };
      socket.on('close', () => stop?.());
      const header = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (header) return void signIn(header).catch(failed);
      socket.once('message', (data) => {
        if (signedIn) return;
        let token: string | undefined;
        try {
          const message = JSON.parse(String(data)) as { type?: unknown; token?: unknown };
          token = message.type === 'auth' && typeof message.token === 'string' ? message.token : undefined;
        } catch {}
        signIn(token).catch(failed);
      });
    },
    handler: async () => {
      throw new Problem(426, 'upgrade-required', 'Upgrade Required', 'GET /v1/picture is a WebSocket');
    },
  });
};
