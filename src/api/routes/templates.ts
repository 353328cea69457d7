// The hotline's templates, so that a client can offer them with their fields: each field's type
// (how to ask for it, and how its value is given), whether it is required, its label in the
// reader's language and, for a choice, the values it may take. The schemas are components of the
// API's document (HotlineTemplate, HotlineTemplateField), with a real template as their example.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { FIELD_TYPES, type Language, TEMPLATES, type Template } from '../../hotline/templates.js';
import { BEARER_SECURITY, requireSession } from '../authenticated.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';
import { Lang } from './messages.js';

function templateView(template: Template, language: Language) {
  return {
    name: template.name,
    kinds: [...template.kinds],
    title: template.title[language],
    hub_notice: template.hubNotice === true,
    fields: Object.entries(template.fields).map(([name, field]) => ({
      name,
      type: field.type,
      required: field.required,
      label: field.label[language],
      ...(field.choices
        ? {
            choices: Object.entries(field.choices).map(([value, labels]) => ({
              value,
              label: labels[language],
            })),
          }
        : {}),
    })),
  };
}

/** What an officer composes, as the hub lists it in English: the examples of the schemas below. */
const EXAMPLES = [...TEMPLATES.values()]
  .filter((template) => !template.hubNotice)
  .slice(0, 1)
  .map((template) => templateView(template, 'en'));

/** How a message gives the value of a field of each type, in its template.fields. */
const VALUE_OF: Record<(typeof FIELD_TYPES)[number], string> = {
  text: 'text of 1 to 500 characters',
  position: '[longitude, latitude] in degrees, WGS84, e.g. [36.2, 37.1]',
  time: 'an RFC 3339 date-time, e.g. "2026-12-07T14:00:00Z"',
  integer: 'a whole number ≥ 0',
  declaration: 'a declaration as id@version, e.g. "un-ocha/convoy-12@2"',
  declarations: 'a list of 1 to 500 of them',
  area: 'a list of [west, south, east, north] boxes in degrees',
  party: 'a party by its id, e.g. "blue"',
  choice: 'one of the `value`s of its `choices`',
};

const TemplateField = Type.Object(
  {
    name: Type.String({ description: 'Its key in the message’s `template.fields`.' }),
    type: Type.Unsafe<(typeof FIELD_TYPES)[number]>({
      type: 'string',
      enum: [...FIELD_TYPES],
      description: `How its value is given: ${Object.entries(VALUE_OF)
        .map(([type, value]) => `${type}, ${value}`)
        .join('; ')}.`,
    }),
    required: Type.Boolean({ description: 'A message with this template must give it.' }),
    label: Type.String({ description: 'What it is, in the language asked for.' }),
    choices: Type.Optional(
      Type.Array(Type.Object({ value: Type.String(), label: Type.String() }), {
        description: 'A choice’s values: the code sent, and its words in the language asked for.',
      }),
    ),
  },
  { $id: 'HotlineTemplateField', examples: EXAMPLES.flatMap((template) => template.fields) },
);

const TemplateSchema = Type.Object(
  {
    name: Type.String({ description: 'Given as `template.name` in a message.' }),
    kinds: Type.Array(Type.String(), { description: 'The kinds of message it may be sent with.' }),
    title: Type.String({ description: 'In the language asked for.' }),
    hub_notice: Type.Boolean({
      description: 'Written by the hub itself (conflicts, alerts, expiries, incidents), not by an officer.',
    }),
    fields: Type.Array(TemplateField),
  },
  { $id: 'HotlineTemplate', examples: EXAMPLES },
);

export const templateRoutes: FastifyPluginAsyncTypebox<{ sessions: Sessions }> = async (
  app,
  { sessions },
) => {
  app.get(
    '/v1/hotline/templates',
    {
      preHandler: requireSession(sessions),
      schema: {
        summary: 'The templates a hotline message may carry, with their fields, in the reader’s language',
        tags: ['hotline'],
        security: BEARER_SECURITY,
        querystring: Type.Object({ lang: Lang }, { additionalProperties: false }),
        response: {
          200: Type.Object({ templates: Type.Array(TemplateSchema) }),
          '4xx': ProblemSchema,
        },
      },
    },
    async (request) => ({
      templates: [...TEMPLATES.values()].map((template) =>
        templateView(template, (request.query.lang ?? 'en') as Language),
      ),
    }),
  );
};
