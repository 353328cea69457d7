// A track report as a party's systems post it (HTTP or WebSocket): snake_case JSON in SI units.
// Each report in a batch is checked on its own, so that one bad report is dropped with its reason
// and the rest are taken: a feed is a stream, and a bad line never stops it.
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ACTIVITIES, DeclarationId } from '../deconfliction/declaration-schema.js';
import { parseRfc3339 } from '../geo/rfc3339.js';
import { Rfc3339 } from '../hub/commands/fields.js';
import type { TrackInput } from '../hub/track-watch.js';
import { type TrackReport, velocityKnown } from '../watch/track-report.js';

export const TrackReportBody = Type.Object(
  {
    id: Type.String({
      pattern: '^[A-Za-z0-9._:-]{1,100}$',
      description: 'The asset’s id within the feed (a callsign, a hull number, an ICAO address).',
    }),
    time: Rfc3339,
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    alt_m: Type.Number({ description: 'Metres above the WGS84 ellipsoid.' }),
    ground_speed_ms: Type.Optional(
      Type.Number({
        minimum: 0,
        description:
          'Omitted (or given without track_deg, unless 0): the velocity is unknown, and the watch takes the ' +
          'track as able to be anywhere it can reach, not as standing still.',
      }),
    ),
    track_deg: Type.Optional(Type.Number({ minimum: 0, maximum: 360 })),
    vertical_rate_ms: Type.Optional(Type.Number({ description: 'Up positive. Default 0.' })),
    airborne: Type.Optional(Type.Boolean({ description: 'Flying; default false.' })),
    operation: Type.Optional(DeclarationId),
    activity: Type.Optional(Type.Union(ACTIVITIES.map((a) => Type.Literal(a)))),
  },
  // Shared (app.addSchema), so the API's document names it as a component.
  { $id: 'TrackReport', additionalProperties: false },
);

const BATCH_SIZE = { minItems: 1, maxItems: 10_000 };

/** A batch as the hub takes it: each report is then read on its own (readTrackReport). */
export const TrackReportBatch = Type.Object(
  { reports: Type.Array(Type.Unknown(), BATCH_SIZE) },
  { additionalProperties: false },
);

/** The same batch as the API documents it: each report a TrackReport, the shared schema of that name. */
export const DocumentedTrackReportBatch = Type.Object(
  { reports: Type.Array(Type.Ref(TrackReportBody), BATCH_SIZE) },
  { additionalProperties: false },
);

const check = TypeCompiler.Compile(TrackReportBody);

/** The report as the watch takes it, or why it cannot be one. */
export function readTrackReport(value: unknown): TrackInput | string {
  if (!check.Check(value)) {
    const error = check.Errors(value).First();
    return error ? `${error.path || '/'}: ${error.message}` : 'not a track report';
  }
  return {
    id: value.id,
    time: parseRfc3339(value.time) as number,
    lon: value.lon,
    lat: value.lat,
    altM: value.alt_m,
    velocityKnown: velocityKnown(value.ground_speed_ms, value.track_deg),
    groundSpeedMs: value.ground_speed_ms ?? 0,
    trackDeg: (value.track_deg ?? 0) % 360,
    verticalRateMs: value.vertical_rate_ms ?? 0,
    airborne: value.airborne ?? false,
    operation: value.operation ?? null,
    activity: value.activity ?? null,
  };
}

/** A track as the API shows it: its latest report, in SI units. */
export const Track = Type.Object(
  {
    id: Type.String({ description: 'The feed’s id, a colon, then the asset’s id within the feed.' }),
    party: Type.String({ description: 'The party whose feed reported it.' }),
    time: Rfc3339,
    lon: Type.Number(),
    lat: Type.Number(),
    alt_m: Type.Number({ description: 'Metres above the WGS84 ellipsoid.' }),
    ground_speed_ms: Type.Number(),
    track_deg: Type.Number(),
    vertical_rate_ms: Type.Number(),
    velocity_known: Type.Optional(
      Type.Literal(false, {
        description: 'Present when the feed did not give its velocity: speed and track are then not known.',
      }),
    ),
    airborne: Type.Optional(Type.Boolean()),
  },
  { $id: 'Track' },
);

export function trackView(
  report: Omit<TrackReport, 'airborne' | 'operation' | 'activity'> & { airborne?: boolean },
): Static<typeof Track> {
  return {
    id: report.id,
    party: report.party,
    time: new Date(report.time).toISOString(),
    lon: report.lon,
    lat: report.lat,
    alt_m: report.altM,
    ground_speed_ms: report.groundSpeedMs,
    track_deg: report.trackDeg,
    vertical_rate_ms: report.verticalRateMs,
    // Said only when false: archived positions do not keep it.
    ...(report.velocityKnown === false ? { velocity_known: false } : {}),
    ...(report.airborne === undefined ? {} : { airborne: report.airborne }),
  };
}
