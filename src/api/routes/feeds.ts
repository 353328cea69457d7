import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyBaseLogger } from 'fastify';
import type WebSocket from 'ws';
import { feedId, type TrackFeed, trackFeeds } from '../../hub/commands/track-feeds.js';
import type { Hub } from '../../hub/hub.js';
import { Problem, problems } from '../../hub/problem.js';
import type { Operator } from '../../hub/state.js';
import type { TrackWatch } from '../../hub/track-watch.js';
import { maySeeFeed } from '../../hub/who-may-see.js';
import { BEARER_SECURITY, requireSession, sessionOperator } from '../authenticated.js';
import { endFailedSocket } from '../failed-socket.js';
import type { HubMetrics } from '../metrics.js';
import { closedOnShutdown } from '../open-sockets.js';
import { byKey, NextPage, pageOf, pageParameters } from '../paging.js';
import { problemBody } from '../problem-response.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';
import type { SocketGate } from '../socket-gate.js';
import {
  DocumentedTrackReportBatch,
  readTrackReport,
  TrackReportBatch,
  TrackReportBody,
} from '../track-report-body.js';

const FeedParams = Type.Object({
  party: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' }),
  name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }),
});

const Intake = Type.Object({
  accepted: Type.Integer(),
  dropped: Type.Array(Type.Object({ index: Type.Integer(), reason: Type.String() })),
});

/** The api feed an operator may post to: one of its own party's, never another's. */
function postableFeed(
  feeds: Map<string, TrackFeed>,
  operator: Operator,
  party: string,
  name: string,
): TrackFeed {
  const feed = feeds.get(feedId(party, name));
  // Another party's feeds are reported as absent: the hub takes no reports about others' assets.
  if (!feed || !maySeeFeed(feed, operator.party)) throw problems.notFound(`your party has no feed ${name}`);
  if (feed.kind !== 'api') throw problems.conflict(`feed ${feed.id} is a ${feed.kind} feed, not an api one`);
  if (operator.role === 'viewer') throw problems.forbidden('viewers do not report tracks');
  return feed;
}

/** Track sources: a party's systems report its own tracks, and see how their reports fared. */
export const feedRoutes: FastifyPluginAsyncTypebox<{
  hub: Hub;
  sessions: Sessions;
  watch: TrackWatch;
  metrics: HubMetrics;
  gate: SocketGate;
}> = async (app, { hub, sessions, watch, metrics, gate }) => {
  const tags = ['watch'];
  const common = { preHandler: requireSession(sessions) };
  const keep = closedOnShutdown(app);

  app.post(
    '/v1/feeds/:party/:name/reports',
    {
      ...common,
      // Up to 10,000 reports of a few hundred bytes each.
      bodyLimit: 4 * 1024 * 1024,
      // Documented as a batch of TrackReports, though a bad report does not refuse the batch.
      config: {
        swaggerTransform: ({ schema, url }) => ({
          schema: { ...schema, body: DocumentedTrackReportBatch },
          url,
        }),
      },
      schema: {
        summary: 'Report positions of the party’s own tracks through one of its api feeds',
        description:
          'Each report (see TrackReport) is checked on its own: those that are malformed, impossible (a position ' +
          'or speed no asset has) or too far in the past or future are dropped with their reason and counted ' +
          'for the feed; the rest are taken. Alerts they raise are recorded and sent to the parties involved. ' +
          'A batch beyond the party’s quotas (reports a second, live tracks) is refused whole with 429 and ' +
          '`Retry-After`.',
        tags,
        security: BEARER_SECURITY,
        params: FeedParams,
        body: TrackReportBatch,
        response: { 200: Intake, '4xx': ProblemSchema },
      },
    },
    async (request) => {
      const operator = sessionOperator(request);
      // The registry as the writer holds it, without waiting for a commit in progress: reports come
      // every second from every feed, and none should queue behind a disk sync for a lookup.
      const feed = postableFeed(hub.live(trackFeeds), operator, request.params.party, request.params.name);
      const { reports } = request.body;
      const ids = reports.flatMap((report) => {
        const id = (report as { id?: unknown } | null)?.id;
        return typeof id === 'string' ? [id] : [];
      });
      const refusal = watch.refusal(feed, reports.length, ids);
      if (refusal) throw refusal;
      return intake(watch, feed, reports);
    },
  );

  app.route({
    method: 'GET',
    url: '/v1/feeds/:party/:name/stream',
    schema: {
      summary: 'A WebSocket for a party’s system to stream its tracks',
      description:
        'Sign in with `Authorization: Bearer <token>` on the upgrade. Send `{"reports":[…]}` messages; each is ' +
        'answered `{"accepted":n,"dropped":[{"index","reason"}]}`, or `{"problem":<RFC 9457>}` when the message ' +
        'is not a batch. The socket closes with 1008 when the session ends or the feed is removed.',
      tags,
      params: FeedParams,
      response: { '4xx': ProblemSchema },
    },
    wsHandler: (socket, request) => {
      keep(socket);
      (async () => {
        const header = request.headers.authorization ?? '';
        const token = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header)?.[1];
        const operator = token ? await sessions.operator(token) : null;
        if (!operator || !token) return socket.close(1008, 'sign in with a bearer token');
        if (!gate.signedIn(request, socket, token)) return;
        let feed: TrackFeed;
        try {
          feed = await hub.read((state) =>
            postableFeed(trackFeeds(state), operator, request.params.party, request.params.name),
          );
        } catch (error) {
          return socket.close(1008, (error as Error).message.slice(0, 120));
        }
        serveFeedSocket(socket, { hub, sessions, watch, feed, token, log: request.log, metrics });
      })().catch((error: unknown) =>
        endFailedSocket(socket, { log: request.log, metrics }, 'a feed socket’s sign-in', error),
      );
    },
    handler: async () => {
      throw new Problem(426, 'upgrade-required', 'Upgrade Required', 'this is a WebSocket');
    },
  });

  app.get(
    '/v1/feeds',
    {
      ...common,
      schema: {
        summary: 'The signed-in party’s track feeds, with what each took and dropped since the hub started',
        description: 'By id, a page at a time.',
        tags,
        security: BEARER_SECURITY,
        querystring: Type.Object(pageParameters(100, 100), { additionalProperties: false }),
        response: {
          200: Type.Object({ feeds: Type.Array(Type.Unknown()), next: NextPage }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request) => {
      const party = sessionOperator(request).party;
      const id = (feed: TrackFeed) => feed.id;
      const feeds = await hub.read((state) =>
        [...trackFeeds(state).values()].filter((feed) => maySeeFeed(feed, party)).sort(byKey(id)),
      );
      const page = pageOf(feeds, id, request.query, { defaultLimit: 100, url: request.url });
      return {
        ...(page.next ? { next: page.next } : {}),
        feeds: page.items.map((feed) => {
          const counts = watch.countsOf(feed.id);
          return {
            id: feed.id,
            kind: feed.kind,
            ...(feed.description ? { description: feed.description } : {}),
            share_with: feed.shareWith,
            ...(feed.roster ? { roster: feed.roster } : {}),
            ...(feed.address ? { address: feed.address } : {}),
            ...(feed.kind === 'sbs'
              ? {
                  times: feed.timeZone
                    ? `read in the receiver's time zone, ${feed.timeZone}`
                    : 'taken when the hub receives them: the receiver’s time zone is not declared',
                }
              : {}),
            ...(feed.timeZone ? { time_zone: feed.timeZone } : {}),
            accepted: counts.accepted,
            dropped: counts.dropped,
            dropped_by_reason: Object.fromEntries(counts.reasons),
            recently_dropped: counts.recent,
          };
        }),
      };
    },
  );

  app.addSchema(TrackReportBody);
};

function intake(watch: TrackWatch, feed: TrackFeed, bodies: readonly unknown[]) {
  const inputs = [];
  const positions: number[] = [];
  const dropped: { index: number; reason: string }[] = [];
  for (const [index, body] of bodies.entries()) {
    const read = readTrackReport(body);
    if (typeof read === 'string') {
      dropped.push({ index, reason: read });
      watch.countDropped(feed.id, read, JSON.stringify(body) ?? null);
    } else {
      inputs.push(read);
      positions.push(index);
    }
  }
  const taken = watch.take(feed, inputs);
  for (const { index, reason } of taken.dropped) dropped.push({ index: positions[index] as number, reason });
  dropped.sort((a, b) => a.index - b.index);
  return { accepted: taken.accepted, dropped };
}

function serveFeedSocket(
  socket: WebSocket,
  context: {
    hub: Hub;
    sessions: Sessions;
    watch: TrackWatch;
    feed: TrackFeed;
    token: string;
    log: FastifyBaseLogger;
    metrics: HubMetrics;
  },
): void {
  const { hub, sessions, watch, feed, token } = context;
  socket.on('message', (data) => {
    (async () => {
      // Checked on every message: a session that ended or a feed removed stops the stream.
      const operator = await sessions.operator(token);
      const current = hub.live(trackFeeds).get(feed.id);
      if (!operator || !current)
        return socket.close(1008, operator ? 'the feed was removed' : 'the session ended');
      let batch: unknown;
      try {
        batch = JSON.parse(String(data));
      } catch {
        batch = null;
      }
      const reports = (batch as { reports?: unknown } | null)?.reports;
      if (!Array.isArray(reports)) {
        const problem = problems.badRequest('a message is {"reports": [...]}');
        return socket.send(JSON.stringify({ problem: problemBody(problem, `/v1/feeds/${feed.id}/stream`) }));
      }
      socket.send(JSON.stringify(intake(watch, current, reports)));
    })().catch((error: unknown) => endFailedSocket(socket, context, 'a feed socket', error));
  });
}
