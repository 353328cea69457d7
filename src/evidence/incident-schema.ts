// An incident as its reporter writes it: where, when, what happened, and who may see it. The place is
// checked by the same geometry reader as declarations; the window and the words are bounded, so that a
// report costs the hub and its readers no more than a declaration does.
import { type Static, Type } from '@sinclair/typebox';
import { Geometry, OWNED_ID_PATTERN } from '../deconfliction/declaration-schema.js';

const PartyRef = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' });
const Rfc3339 = Type.String({ minLength: 20, maxLength: 40, description: 'An RFC 3339 date-time.' });

export const IncidentId = Type.String({
  pattern: OWNED_ID_PATTERN,
  description: 'The reporting party’s id, a slash, then a name of its choosing.',
});

/** An incident named in a command that steps into it. */
export const IncidentRef = Type.String({ minLength: 1, maxLength: 200 });

/** The widest search margin around the place: a theatre's widest separation is 10 km. */
export const MAX_INCIDENT_MARGIN_M = 50_000;
/** The margin when the reporter states none: the hub's default horizontal separation minimum. */
export const DEFAULT_INCIDENT_MARGIN_M = 1000;
/** The longest window an incident may span: the links of a longer one say little about the event. */
export const MAX_INCIDENT_WINDOW_MS = 7 * 86_400_000;
export const MAX_INCIDENT_TEXT = 5000;

export const IncidentReport = Type.Object(
  {
    id: IncidentId,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    geometry: Geometry,
    radius_m: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: MAX_INCIDENT_MARGIN_M,
        description: `How far around the place to look for what surrounds it, metres; default ${DEFAULT_INCIDENT_MARGIN_M}.`,
      }),
    ),
    from: Rfc3339,
    until: Rfc3339,
    what: Type.String({
      minLength: 1,
      maxLength: MAX_INCIDENT_TEXT,
      description: 'What happened, as written.',
    }),
    casualties: Type.Optional(
      Type.Object(
        {
          killed: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
          injured: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
          missing: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
        },
        { additionalProperties: false, description: 'Numbers if known.' },
      ),
    ),
    visibility: Type.Array(Type.Union([PartyRef, Type.Literal('*')]), {
      maxItems: 100,
      uniqueItems: true,
      description:
        'Parties besides the reporter that may see it, or "*" for all; the parties concerned always do.',
    }),
  },
  { additionalProperties: false },
);
export type IncidentReport = Static<typeof IncidentReport>;

/** Why an entry is linked to an incident. */
export const LINK_REASONS = [
  'declaration-meets-place',
  'conflict-of-linked-declaration',
  'message-about-linked-declaration',
  'message-in-window',
  'delivery-step',
  'alert-in-area',
  'alert-ended',
  'tracks-kept-in-window',
] as const;
export type LinkReason = (typeof LINK_REASONS)[number];

export const IncidentLink = Type.Object(
  {
    entry: Type.Integer({ minimum: 0 }),
    reason: Type.Union(LINK_REASONS.map((r) => Type.Literal(r))),
    about: Type.String({
      minLength: 1,
      maxLength: 300,
      description: 'What the entry is: a declaration@version, message, alert or batch.',
    }),
  },
  { additionalProperties: false },
);
export type IncidentLink = Static<typeof IncidentLink>;
