// The hotline's templates, so that a client can offer them with their fields: each field's type
// (how to ask for it), whether it is required, its label in the reader's language and, for a
// choice, the values it may take.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { type Language, TEMPLATES, type Template } from '../../hotline/templates.js';
import { BEARER_SECURITY, requireSession } from '../authenticated.js';
import { ProblemSchema } from '../schemas.js';
import type { Sessions } from '../sessions.js';
import { Lang } from './messages.js';

const TemplateSchema = Type.Object({
  name: Type.String(),
  kinds: Type.Array(Type.String(), { description: 'The kinds of message it may be sent with.' }),
  title: Type.String(),
  hub_notice: Type.Boolean({
    description: 'Written by the hub itself (conflicts, alerts, expiries, incidents), not by an officer.',
  }),
  fields: Type.Array(
    Type.Object({
      name: Type.String(),
      type: Type.String({
        description:
          'text, position ([longitude, latitude], WGS84), time (RFC 3339), integer, declaration (id@version), ' +
          'declarations, area or choice.',
      }),
      required: Type.Boolean(),
      label: Type.String(),
      choices: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: Type.String() }))),
    }),
  ),
});

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
