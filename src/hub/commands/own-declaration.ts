import type { KnownDeclaration } from '../../deconfliction/deconfliction-state.js';
import { problems } from '../problem.js';
import { maySeeDeclaration } from '../who-may-see.js';
import type { DecideContext } from './handler.js';

/**
 * The live declaration of the author's party with this id, in exactly this version: a change made
 * against an older version would silently undo what someone else changed since.
 */
export function ownDeclaration(
  { state, author }: DecideContext,
  id: string,
  version: number,
  field: string,
): KnownDeclaration {
  const declaration = state.deconfliction.declarations.get(id);
  // What the author may not see is reported as absent.
  if (!declaration || !maySeeDeclaration(declaration, author.party))
    throw problems.notFound(`no declaration ${id}`, field);
  if (declaration.party !== author.party)
    throw problems.forbidden(`${id} is ${declaration.party}’s: only its owner may change it`);
  if (declaration.status !== 'live') throw problems.conflict(`${id} is ${declaration.status}`, field);
  if (declaration.version !== version) {
    throw problems.conflict(
      `${id} is at version ${declaration.version}, not ${version}`,
      field.replace(/\/[^/]*$/, '/version'),
    );
  }
  return declaration;
}
