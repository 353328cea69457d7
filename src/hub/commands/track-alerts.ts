// The alerts of the tactical watch as the record holds them: what began, when, and whether it has
// ended. Changed only by alert entries, so a replay rebuilds them; the tracks behind them live in
// memory and in the track archive.
import { type Static, Type } from '@sinclair/typebox';
import type { AlertEvent } from '../../watch/alert-event.js';
import type { TrackReport } from '../../watch/track-report.js';
import type { HubState } from '../state.js';
import { PartyId, Rfc3339 } from './fields.js';

export const AlertTrack = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 200 }),
    party: PartyId,
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    alt_m: Type.Number(),
    ground_speed_ms: Type.Number({ minimum: 0 }),
    track_deg: Type.Number({ minimum: 0, maximum: 360 }),
    vertical_rate_ms: Type.Number(),
    time: Rfc3339,
    airborne: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const AlertContent = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 600 }),
    kind: Type.Union([
      Type.Literal('loss-of-separation'),
      Type.Literal('intrusion'),
      Type.Literal('non-conformance'),
    ]),
    time: Rfc3339,
    // Up to three for a pair or a place; a movement's vehicle is told to every party it is shown to.
    parties: Type.Array(PartyId, { minItems: 1, maxItems: 160 }),
    tracks: Type.Array(AlertTrack, { minItems: 1, maxItems: 2 }),
    prediction: Type.Union([
      Type.Null(),
      Type.Object(
        {
          time_to_loss_s: Type.Number({ minimum: 0 }),
          loss_ends_s: Type.Union([Type.Null(), Type.Number()]),
          closest_in_s: Type.Number(),
          horizontal_miss_m: Type.Number({ minimum: 0 }),
          vertical_miss_m: Type.Number({ minimum: 0 }),
          minima: Type.Object(
            { horizontal_m: Type.Number(), vertical_m: Type.Number() },
            { additionalProperties: false },
          ),
          lookahead_s: Type.Number(),
        },
        { additionalProperties: false },
      ),
    ]),
    declaration: Type.Union([
      Type.Null(),
      Type.Object(
        {
          id: Type.String(),
          version: Type.Integer({ minimum: 0 }),
          party: PartyId,
          kind: Type.String(),
          volume: Type.Union([Type.Null(), Type.Integer({ minimum: 0 })]),
          role: Type.String(),
        },
        { additionalProperties: false },
      ),
    ]),
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type AlertContent = Static<typeof AlertContent>;

export interface RecordedAlert {
  alert: AlertContent;
  /** The entry that began it. */
  entry: number;
  ended: { time: string; reason: string; entry: number } | null;
}

export function trackAlerts(state: HubState): Map<string, RecordedAlert> {
  return state.alerts;
}

function trackFields(report: TrackReport): Static<typeof AlertTrack> {
  return {
    id: report.id,
    party: report.party,
    lon: report.lon,
    lat: report.lat,
    alt_m: report.altM,
    ground_speed_ms: report.groundSpeedMs,
    track_deg: report.trackDeg,
    vertical_rate_ms: report.verticalRateMs,
    time: new Date(report.time).toISOString(),
    airborne: report.airborne,
  };
}

/** The watch's event as the record writes it. */
export function alertContent(event: AlertEvent): AlertContent {
  const p = event.prediction;
  const d = event.declaration;
  return {
    id: event.alert,
    kind: event.kind,
    time: new Date(event.time).toISOString(),
    parties: [...event.parties].sort(),
    tracks: event.positions.map(trackFields),
    prediction: p && {
      time_to_loss_s: p.timeToLossS,
      loss_ends_s: p.lossEndsS,
      closest_in_s: p.closestInS,
      horizontal_miss_m: p.horizontalMissM,
      vertical_miss_m: p.verticalMissM,
      minima: { horizontal_m: p.minima.horizontalM, vertical_m: p.minima.verticalM },
      lookahead_s: p.lookaheadS,
    },
    declaration: d && {
      id: d.id,
      version: d.version,
      party: d.party,
      kind: d.kind,
      volume: d.volume,
      role: d.role,
    },
    reason: event.reason,
  };
}
