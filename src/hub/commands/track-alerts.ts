// The alerts of the tactical watch as the record holds them: for each party involved, what it was
// told when the alert began (its own view, see alert-views.ts) and when it ended. Changed only by
// alert entries, so a replay rebuilds them; the tracks behind them live in memory and in the track
// archive.
import { type Static, Type } from '@sinclair/typebox';
import type { HubState } from '../state.js';
import { PartyId, Rfc3339 } from './fields.js';

const LonLatPair = Type.Array(Type.Number({ minimum: -180, maximum: 180 }), {
  minItems: 2,
  maxItems: 2,
  description: 'longitude, latitude (WGS84 degrees)',
});

/** A track the reader may see, as reported. */
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

/** Roughly where something the reader may not see is, from something of its own. */
export const AlertDirection = Type.Object(
  {
    from: LonLatPair,
    bearing_deg: Type.Integer({ minimum: 0, maximum: 359 }),
    distance_m: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type AlertDirection = Static<typeof AlertDirection>;

/** A track of a feed not shared with the reader: whose, the roster answering for it, roughly where. */
export const UnseenTrack = Type.Object(
  {
    party: PartyId,
    roster: Type.Union([Type.Null(), Type.String()]),
    direction: Type.Union([Type.Null(), AlertDirection]),
  },
  { additionalProperties: false },
);

const SeenDeclaration = Type.Object(
  {
    id: Type.String(),
    version: Type.Integer({ minimum: 0 }),
    party: PartyId,
    kind: Type.String(),
    volume: Type.Union([Type.Null(), Type.Integer({ minimum: 0 })]),
    role: Type.String(),
  },
  { additionalProperties: false },
);

/** A declaration the reader may not see: whose, what it is to the watch, whom to call, roughly where. */
const UnseenDeclaration = Type.Object(
  {
    party: PartyId,
    role: Type.String(),
    roster: Type.Union([Type.Null(), Type.String()]),
    direction: Type.Union([Type.Null(), AlertDirection]),
  },
  { additionalProperties: false },
);

/** One party's view of an alert. */
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
    tracks: Type.Array(AlertTrack, { maxItems: 2 }),
    unseen_tracks: Type.Array(UnseenTrack, { maxItems: 2 }),
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
    declaration: Type.Union([Type.Null(), SeenDeclaration, UnseenDeclaration]),
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type AlertContent = Static<typeof AlertContent>;
export type SeenDeclaration = Static<typeof SeenDeclaration>;

/** One party's alert: its view when it began, and the end as told to it. */
export interface RecordedAlert {
  alert: AlertContent;
  /** The entry that told this party it began. */
  entry: number;
  ended: { time: string; reason: string; entry: number } | null;
}

/** By alert id, then by the party told. */
export function trackAlerts(state: HubState): Map<string, Map<string, RecordedAlert>> {
  return state.alerts;
}

export function isSeen(declaration: AlertContent['declaration']): declaration is SeenDeclaration {
  return declaration !== null && 'id' in declaration;
}
