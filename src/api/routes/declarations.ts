import etag from '@fastify/etag';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { toKML } from '@placemarkio/tokml';
import { Type } from '@sinclair/typebox';
import type { DeclaredVolume } from '../../deconfliction/declaration.js';
import { DECLARATION_KINDS, type DeclarationKind } from '../../deconfliction/declaration-schema.js';
import { declarationView } from '../../deconfliction/declaration-view.js';
import { declarationsGeoJson } from '../../deconfliction/declarations-geojson.js';
import type { DeconflictionState, KnownDeclaration } from '../../deconfliction/deconfliction-state.js';
import { volumesConflict } from '../../geo/volume.js';
import type { Hub } from '../../hub/hub.js';
import { type FieldProblem, problems } from '../../hub/problem.js';
import { maySeeDeclaration } from '../../hub/who-may-see.js';
import { BEARER_SECURITY, requireSession, sessionOperator } from '../authenticated.js';
import { type MapFormat, mapFormatOf, mapMediaTypes } from '../map-formats.js';
import { byKey, NextPage, pageOf, pageParameters } from '../paging.js';
import {
  areaVolume,
  param,
  readBbox,
  readTimeWindow,
  type TimeWindow,
  windowsMeet,
} from '../query-filters.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';

const DEFAULT_DECLARATIONS_LIMIT = 1000;
const MAX_DECLARATIONS_LIMIT = 10_000;

const Rfc3339 = Type.String({ maxLength: 40, description: 'An RFC 3339 date-time.' });
const Name = Type.String({ minLength: 1, maxLength: 80 });

const DeclarationViewSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  kind: Type.String(),
  party: Type.String({ description: 'The declaring party.' }),
  status: Type.String({ description: 'live, withdrawn or expired' }),
  visibility: Type.Array(Type.String(), { description: 'The parties that may see it, or ["*"].' }),
  valid_from: Type.String(),
  valid_until: Type.String(),
  since: Type.String({ description: 'When this version was recorded.' }),
  entry: Type.Integer({ description: 'Index of the entry that recorded this version.' }),
  roster: Type.String({ description: 'The owner’s roster to call about it.' }),
  declaration: Type.Unknown({ description: 'The declaration as declared (see declaration.submit).' }),
  ended: Type.Optional(Type.String({ description: 'When it was withdrawn or expired.' })),
  suspended: Type.Optional(
    Type.Literal(true, {
      description:
        'A zone or line whose agreement is suspended: it binds nobody (no conflicts, no alerts) until the agreement is resumed.',
    }),
  ),
});

/** A no-separation comparison: does a volume meet the queried area and window at all? */
const MEETING = { horizontalM: 0, verticalM: 0, timeS: 0 };

interface Filters {
  kinds: ReadonlySet<DeclarationKind> | null;
  window: TimeWindow | null;
  area: DeclaredVolume | null;
  allStatuses: boolean;
  party: string | undefined;
}

function readKinds(text: string, errors: FieldProblem[]): Set<DeclarationKind> | null {
  const kinds = text.split(',');
  const unknown = kinds.filter((kind) => !(DECLARATION_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0) {
    errors.push({
      field: param('kind'),
      reason: `unknown kind ${unknown.map((k) => JSON.stringify(k)).join(', ')}: use ${DECLARATION_KINDS.join(', ')}`,
    });
    return null;
  }
  return new Set(kinds as DeclarationKind[]);
}

/**
 * The declarations meeting the filters, before visibility. An area is decided exactly: live
 * declarations through the conflict index, past ones (only with status=all) volume by volume with
 * the same predicate, so both answer alike.
 */
function candidates(state: DeconflictionState, filters: Filters): Iterable<KnownDeclaration> {
  const { area, window } = filters;
  if (area === null) {
    const all = [...state.declarations.values()];
    if (window === null) return all;
    return all.filter((d) => d.volumes.some((v) => windowsMeet(window, v.timeStart, v.timeEnd)));
  }
  const live = state.declarationsMeeting(area);
  if (!filters.allStatuses) return live;
  const past = [...state.declarations.values()].filter(
    (d) => d.status !== 'live' && d.volumes.some((v) => volumesConflict(area, v, MEETING) !== null),
  );
  return [...live, ...past];
}

/** Declarations a party may see: its own, those declared for it, those shared with it or with all. */
export const declarationRoutes: FastifyPluginAsyncTypebox<{ hub: Hub; sessions: Sessions }> = async (
  app,
  { hub, sessions },
) => {
  const common = { preHandler: requireSession(sessions) };
  const tags = ['declarations'];
  // A client polling what it may see (a GIS layer, a party's own system) is answered 304 when nothing
  // it would be sent changed: the tag is the answer's own hash.
  await app.register(etag);

  app.get(
    '/v1/declarations',
    {
      ...common,
      schema: {
        summary: 'Declarations the signed-in party may see, filtered',
        description:
          'Only what the party may see is listed; everything else is as if it did not exist. ' +
          '`bbox` (west,south,east,north, degrees; west > east crosses the antimeridian; under 180° wide) ' +
          'is the polygon through its four corners, edges great-circle arcs like every polygon here, ' +
          'through every altitude; a declaration is listed when one of its volumes meets it (touching ' +
          'counts) within the `from`–`until` window, if given. Sorted by id, a page at a time; `truncated` ' +
          'says there are more pages. As GeoJSON (RFC 7946) or KML with `format` or the `Accept` header ' +
          `(${mapMediaTypes}): circles and corridors drawn as the hub means them, great-circle edges ` +
          'cut into steps within a metre of the arc; the next page, if any, in a `Link` header.',
        tags,
        security: BEARER_SECURITY,
        querystring: Type.Object(
          {
            kind: Type.Optional(
              Type.String({
                maxLength: 200,
                description: `Comma-separated: ${DECLARATION_KINDS.join(', ')}`,
              }),
            ),
            bbox: Type.Optional(Type.String({ maxLength: 200, description: 'west,south,east,north' })),
            from: Type.Optional(Rfc3339),
            until: Type.Optional(Rfc3339),
            status: Type.Optional(
              Type.Union([Type.Literal('live'), Type.Literal('all')], {
                description: 'live (default), or all: withdrawn and expired too',
              }),
            ),
            party: Type.Optional(Type.String({ maxLength: 40, description: 'Only this party’s.' })),
            format: Type.Optional(
              Type.Union([Type.Literal('json'), Type.Literal('geojson'), Type.Literal('kml')], {
                description: 'json (default: this listing), geojson or kml; overrides `Accept`',
              }),
            ),
            ...pageParameters(DEFAULT_DECLARATIONS_LIMIT, MAX_DECLARATIONS_LIMIT),
          },
          { additionalProperties: false },
        ),
        response: {
          200: {
            content: {
              'application/json': {
                schema: Type.Object({
                  declarations: Type.Array(DeclarationViewSchema),
                  truncated: Type.Boolean({ description: 'There are more: see `next`.' }),
                  next: NextPage,
                }),
              },
              'application/geo+json': {
                schema: Type.String({ description: 'A FeatureCollection (RFC 7946).' }),
              },
              'application/vnd.google-earth.kml+xml': {
                schema: Type.String({ description: 'A KML document.' }),
              },
            },
          },
          '4xx': ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      const viewer = sessionOperator(request).party;
      const format: MapFormat = mapFormatOf(query.format, request.headers.accept);
      const errors: FieldProblem[] = [];
      const kinds = query.kind === undefined ? null : readKinds(query.kind, errors);
      const bounded = query.from !== undefined || query.until !== undefined;
      const window = readTimeWindow(query, errors);
      const shape = query.bbox === undefined ? null : readBbox(query.bbox, errors);
      if (errors.length > 0) throw problems.badRequest('the query is not valid', errors);
      const filters: Filters = {
        kinds,
        window: bounded ? window : null,
        area: shape && window ? areaVolume(shape, window) : null,
        allStatuses: query.status === 'all',
        party: query.party,
      };
      return hub.read((state) => {
        const found = [...candidates(state.deconfliction, filters)]
          .filter(
            (d) =>
              maySeeDeclaration(d, viewer) &&
              (filters.allStatuses || d.status === 'live') &&
              (filters.kinds === null || filters.kinds.has(d.kind)) &&
              (filters.party === undefined || d.party === filters.party),
          )
          .sort(byKey((d) => d.id));
        const page = pageOf(found, (d) => d.id, query, {
          defaultLimit: DEFAULT_DECLARATIONS_LIMIT,
          url: request.url,
        });
        if (format === 'json')
          return {
            declarations: page.items.map((d) => declarationView(d, state.deconfliction)),
            truncated: page.next !== undefined,
            ...(page.next ? { next: page.next } : {}),
          };
        if (page.next) reply.header('link', `<${page.next}>; rel="next"`);
        const collection = declarationsGeoJson(page.items, state.deconfliction);
        return format === 'geojson'
          ? reply.type('application/geo+json').send(JSON.stringify(collection))
          : reply.type('application/vnd.google-earth.kml+xml').send(toKML(collection));
      });
    },
  );

  app.get(
    '/v1/declarations/:party/:name',
    {
      ...common,
      schema: {
        summary: 'One declaration, by id (party/name)',
        description: 'A declaration the party may not see is answered 404, like one that does not exist.',
        tags,
        security: BEARER_SECURITY,
        params: Type.Object({ party: Type.String({ maxLength: 40 }), name: Name }),
        response: { 200: DeclarationViewSchema, '4xx': ProblemSchema },
      },
    },
    async (request) => {
      const viewer = sessionOperator(request).party;
      const id = `${request.params.party}/${request.params.name}`;
      const view = await hub.read((state) => {
        const declaration = state.deconfliction.declarations.get(id);
        return declaration && maySeeDeclaration(declaration, viewer)
          ? declarationView(declaration, state.deconfliction)
          : null;
      });
      if (view === null) throw problems.notFound(`no declaration ${id}`);
      return view;
    },
  );
};
