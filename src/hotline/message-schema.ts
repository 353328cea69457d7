// A hotline message as its sender writes it. Coordinates travel as data inside template fields, so
// every party is shown the same numbers, never a retyped copy.
import { type Static, Type } from '@sinclair/typebox';
import { OWNED_ID_PATTERN } from '../deconfliction/declaration-schema.js';

export const MESSAGE_KINDS = ['notification', 'coordination-request', 'urgent-request', 'reply'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const ANSWERS = ['agreed', 'agreed-with-changes', 'refused'] as const;
export const URGENT_ACTIONS = ['stop', 'hold', 'divert'] as const;

export const MessageId = Type.String({
  pattern: OWNED_ID_PATTERN,
  description: 'The sending party’s id, a slash, then a name of its choosing (a UUID will do).',
});

const PartyRef = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' });

export const Recipient = Type.Object(
  {
    party: PartyRef,
    duty: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 80,
        description: 'The party’s roster for this duty; without it, the whole party.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const Reference = Type.Object(
  {
    type: Type.Union([
      Type.Literal('declaration'),
      Type.Literal('conflict'),
      Type.Literal('message'),
      Type.Literal('track'),
    ]),
    id: Type.String({ minLength: 1, maxLength: 200 }),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const MessageBody = Type.Object(
  {
    id: MessageId,
    kind: Type.Union(MESSAGE_KINDS.map((k) => Type.Literal(k))),
    recipients: Type.Array(Recipient, { minItems: 1, maxItems: 50 }),
    template: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 60 }),
          fields: Type.Record(Type.String({ maxLength: 60 }), Type.Unknown(), {
            description:
              'Each field’s value by its name, given as its type says (GET /v1/hotline/templates lists ' +
              'every template’s fields: see HotlineTemplateField).',
          }),
        },
        { additionalProperties: false },
      ),
    ),
    text: Type.Optional(
      Type.String({ minLength: 1, maxLength: 10_000, description: 'Free text, as written.' }),
    ),
    language: Type.Optional(
      Type.String({ pattern: '^[a-z]{2,3}$', description: 'The free text’s language.' }),
    ),
    action: Type.Optional(
      Type.Union(
        URGENT_ACTIONS.map((a) => Type.Literal(a)),
        { description: 'Urgent requests: stop, hold or divert.' },
      ),
    ),
    reply_to: Type.Optional(MessageId),
    answer: Type.Optional(
      Type.Union(
        ANSWERS.map((a) => Type.Literal(a)),
        { description: 'Replies to coordination requests.' },
      ),
    ),
    reasons: Type.Optional(Type.String({ minLength: 1, maxLength: 5000 })),
    references: Type.Optional(Type.Array(Reference, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type MessageBody = Static<typeof MessageBody>;
