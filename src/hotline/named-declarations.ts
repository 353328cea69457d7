// The declarations a message is about: those its references name, and those its template's
// declaration fields name (as `id` or `id@version`). What an inquiry asks first of a notice is which
// declaration it told of.
import type { MessageBody } from './message-schema.js';
import { TEMPLATES } from './templates.js';

const withoutVersion = (named: string) => {
  const at = named.lastIndexOf('@');
  return at > 0 ? named.slice(0, at) : named;
};

/** The ids of the declarations a message names, without versions. */
export function namedDeclarations(body: MessageBody): Set<string> {
  const named = new Set<string>();
  for (const reference of body.references ?? [])
    if (reference.type === 'declaration') named.add(reference.id);
  const template = body.template ? TEMPLATES.get(body.template.name) : undefined;
  if (template && body.template) {
    for (const [name, spec] of Object.entries(template.fields)) {
      const value = body.template.fields[name];
      if (spec.type === 'declaration' && typeof value === 'string') named.add(withoutVersion(value));
      if (spec.type === 'declarations' && Array.isArray(value))
        for (const item of value) if (typeof item === 'string') named.add(withoutVersion(item));
    }
  }
  return named;
}
