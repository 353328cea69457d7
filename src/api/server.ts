import type { ServerOptions as HttpServerOptions, Server } from 'node:http';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import websocket from '@fastify/websocket';
import Fastify, {
  type FastifyError,
  type FastifyHttpOptions,
  type FastifyInstance,
  LogController,
} from 'fastify';
import type { LoggerOptions } from 'pino';
import { OPERATOR_COMMANDS } from '../hub/commands/index.js';
import type { Hub } from '../hub/hub.js';
import { Problem } from '../hub/problem.js';
import type { TrackWatch } from '../hub/track-watch.js';
import { type AccessLimits, DEFAULT_ACCESS_LIMITS } from './access-limits.js';
import { observeAcknowledgments } from './acknowledgment-metrics.js';
import type { BasemapArchive } from './basemap-archive.js';
import { CommandLimits } from './command-limits.js';
import { connectionRefused, limitConnectionsPerAddress } from './connections-per-address.js';
import { LoginLimits } from './login-limits.js';
import type { HubMetrics } from './metrics.js';
import { problemFromFrameworkError, sendProblem } from './problem-response.js';
import { RecordReaders } from './record-readers.js';
import { agreementRoutes } from './routes/agreements.js';
import { alertRoutes } from './routes/alerts.js';
import { basemapRoutes } from './routes/basemap.js';
import { commandRoutes } from './routes/commands.js';
import { conflictRoutes } from './routes/conflicts.js';
import { declarationRoutes } from './routes/declarations.js';
import { directoryRoutes } from './routes/directory.js';
import { eventRoutes } from './routes/events.js';
import { evidenceRoutes } from './routes/evidence.js';
import { feedRoutes } from './routes/feeds.js';
import { incidentRoutes } from './routes/incidents.js';
import { messageRoutes } from './routes/messages.js';
import { recordRoutes } from './routes/record.js';
import { rosterRoutes } from './routes/rosters.js';
import { streamRoutes } from './routes/stream.js';
import { templateRoutes } from './routes/templates.js';
import { trackRoutes } from './routes/tracks.js';
import { webRoutes } from './routes/web.js';
import { witnessingRoutes } from './routes/witnessing.js';
import { Sessions } from './sessions.js';
import { SocketGate } from './socket-gate.js';

export interface ServerOptions {
  hub: Hub;
  metrics: HubMetrics;
  /** The tactical watch: track feeds in, the live picture and alerts out. */
  watch: TrackWatch;
  /** pino options, or false for no request logs. */
  logger?: boolean | LoggerOptions;
  bodyLimit?: number;
  /** What one client may hold: sign-ins, sockets, time to send a request. */
  limits?: AccessLimits;
  /** Ed25519 public keys (base64) of those who may read the record's public face; null: anyone. */
  recordReaders?: readonly string[] | null;
  /** Where the writer serves, for hubs sharing a database; absent for a hub on its own. */
  writerAddress?: () => Promise<string | null>;
  /** The operator's offline vector basemap, drawn under the picture; absent: the built-in world outline. */
  basemap?: BasemapArchive;
  /** Serve HTTPS (and WebSockets over TLS) with this certificate chain and its key, PEM. */
  tls?: HubCertificate;
}

export interface HubCertificate {
  cert: Buffer;
  key: Buffer;
}

/** How often the server looks for requests past their time: a slow client is cut off within this. */
const TIMEOUT_CHECK_MS = 1_000;

export const DEFAULT_BODY_LIMIT = 256 * 1024;

/** The hub's HTTP API: JSON in and out, RFC 9457 errors, OpenAPI 3.1 at /openapi.json and /docs. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { hub, metrics } = options;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const limits = options.limits ?? DEFAULT_ACCESS_LIMITS;
  // A client that trickles its headers, or its TLS handshake, is cut off, not waited for (slowloris).
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  const http: HttpServerOptions = { headersTimeout, connectionsCheckingInterval: TIMEOUT_CHECK_MS };
  const https: HttpsServerOptions | undefined = options.tls && {
    ...http,
    ...options.tls,
    handshakeTimeout: headersTimeout,
  };
  // Fastify types an HTTPS app by its server's class; nothing the hub's routes use differs.
  const app = Fastify({
    ...(https ? { https } : { http }),
    logger: options.logger ?? { level: 'info' },
    // One line a request is for debugging (onResponse below), not for the hub's everyday log.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit,
    // A client that trickles its headers or body (slowloris) is cut off, not waited for.
    requestTimeout: limits.requestTimeoutMs,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
    // Paths are matched as sent; a trailing slash is a different (unknown) route.
    routerOptions: { ignoreTrailingSlash: false },
    // Errors Fastify answers before routing (a badly encoded URL) are problems too.
    frameworkErrors: (error, request, reply) =>
      void sendProblem(
        reply,
        request,
        new Problem(400, 'invalid-request', 'The request is not valid', error.message),
      ),
  } as FastifyHttpOptions<Server>).withTypeProvider<TypeBoxTypeProvider>();
  const refusedConnection = limitConnectionsPerAddress(app.server, limits.connectionsPerAddress);
  // First of all hooks, before a body is read or a socket upgraded: its answer was the 429 already sent.
  app.addHook('onRequest', async (request, reply) => {
    if (refusedConnection(request.raw.socket)) throw connectionRefused();
    // Browsers that once reached the hub over HTTPS never send an operator's token in clear.
    if (https) reply.header('strict-transport-security', 'max-age=31536000');
  });
  const sessions = new Sessions(hub);
  const readers = new RecordReaders(hub, options.recordReaders ?? null);
  const logins = new LoginLimits(limits);
  const commandLimits = new CommandLimits(limits);
  const gate = new SocketGate(limits);
  app.decorateRequest('operator', null);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = error instanceof Problem ? error : problemFromFrameworkError(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, request, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      request,
      new Problem(404, 'not-found', 'No such resource', `${request.method} ${request.url}`),
    ),
  );
  app.addHook('onResponse', async (request, reply) => {
    metrics.requests.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unknown', status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
    request.log.debug(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  await app.register(swagger, {
    // Shared schemas (app.addSchema) are components named by their $id, such as TrackReport, for
    // clients generated from the document to name their types after.
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Deconflict hub',
        version: '1',
        description:
          'Every change is a signed command (Ed25519 over RFC 8785 canonical JSON) answered once it is durable ' +
          'in the signed record. Reads need a bearer token from POST /v1/sessions, except the record’s ' +
          'checkpoints, proofs, tiles and witness policy, which disclose no content: open to anyone, or to the ' +
          'record readers the hub names (POST /v1/record/readers/sessions).',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
        schemas: Object.fromEntries(OPERATOR_COMMANDS.map((handler) => [handler.type, handler.schema])),
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const stopObserving = observeAcknowledgments(hub, metrics);
  app.addHook('onClose', async () => stopObserving());
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  app.get('/healthz', { schema: { summary: 'Liveness', tags: ['operations'] } }, async () => ({
    status: 'ok',
    role: hub.role,
    size: hub.record.size,
    writer: (await options.writerAddress?.()) ?? null,
  }));

  // A client that does not answer the closing handshake must not hold up the hub's shutdown for
  // long. (closeTimeout, from ws 8.19, is not in @types/ws yet.)
  const socketOptions = { maxPayload: bodyLimit, closeTimeout: 1000 };
  await app.register(websocket, {
    options: socketOptions,
    // The stream routes close their own sockets, as the hub going away rather than its operators.
    preClose: (done) => done(),
  });
  gate.install(app);
  await app.register(commandRoutes, { hub, sessions, metrics, logins, commandLimits });
  await app.register(recordRoutes, { hub, sessions, readers });
  await app.register(witnessingRoutes, { hub, sessions, readers, logins });
  await app.register(directoryRoutes, { hub, sessions });
  await app.register(declarationRoutes, { hub, sessions });
  await app.register(conflictRoutes, { hub, sessions });
  await app.register(agreementRoutes, { hub, sessions });
  await app.register(eventRoutes, { hub, sessions, gate });
  await app.register(messageRoutes, { hub, sessions });
  await app.register(rosterRoutes, { hub, sessions });
  await app.register(templateRoutes, { sessions });
  await app.register(streamRoutes, { hub, sessions, metrics, gate, commandLimits });
  await app.register(feedRoutes, { hub, sessions, watch: options.watch, metrics, gate });
  await app.register(trackRoutes, { hub, sessions, watch: options.watch, metrics, gate });
  await app.register(alertRoutes, { hub, sessions });
  await app.register(evidenceRoutes, { hub, sessions });
  await app.register(incidentRoutes, { hub, sessions, logins });
  await app.register(basemapRoutes, { basemap: options.basemap ?? null });
  await app.register(webRoutes);
  return app;
}
