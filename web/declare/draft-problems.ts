// What the hub would refuse in a declaration, found before anything is sent by the hub's own reading
// of it (src/deconfliction/read-declaration.ts, pure and run here as it runs there), each problem
// put at the form field it is about and told in the officer's language. A problem the form has no
// words for is told as the hub words it.

import type { DeclarationBody } from '../../src/deconfliction/declaration-schema.js';
import { readDeclaration, timelinessProblems } from '../../src/deconfliction/read-declaration.js';
import type { GeoProblem } from '../../src/geo/shape.js';
import { formatTime } from '../i18n/format.js';
import { t } from '../i18n/strings.js';
import { html } from '../ui/dom.js';
import type { Draft } from './declaration-draft.js';

/** Where in the form a problem is shown: a field of the draft, or the shape drawn. */
export type ProblemPlace = keyof Draft | 'shape';

export interface FormProblem {
  place: ProblemPlace;
  message: string;
}

/** The form field a JSON pointer under /command/declaration is about. */
function placeOf(field: string, isRoute: boolean): ProblemPlace {
  const at = field.replace(/^\/command\/declaration/, '').replace(/^\/volumes\/\d+/, '');
  if (at === '') return isRoute ? 'from' : 'until';
  if (at.startsWith('/altitude_upper_m')) return 'altitudeUpperM';
  if (at.startsWith('/altitude_lower_m')) return 'altitudeLowerM';
  if (/^\/(valid_until|time_end)/.test(at)) return 'until';
  if (/^\/(valid_from|time_start|schedule)/.test(at)) return 'from';
  if (at.startsWith('/half_width_m')) return 'halfWidthM';
  return 'shape';
}

function messageOf(problem: GeoProblem, validUntil: number | null): string {
  switch (problem.code) {
    case 'self-crossing':
      return t('problem.selfCrossing');
    case 'too-large':
      return t('problem.tooLarge');
    case 'band-upside-down':
      return t('problem.bandUpsideDown');
    case 'ends-before-start':
      return t('problem.endsBeforeStart');
    case 'already-past':
      return t('problem.alreadyPast', { time: formatTime(validUntil ?? 0) });
    case 'too-far-ahead':
      return t('problem.tooFarAhead');
    default:
      return problem.reason;
  }
}

/** Every problem the hub would find in the declaration at `now`, each once, by the field it is about. */
export function draftProblems(declaration: Record<string, unknown>, now: number): FormProblem[] {
  const body = declaration as unknown as DeclarationBody;
  const reading = readDeclaration(body);
  const found = reading.ok ? timelinessProblems(reading.read, now) : reading.problems;
  const validUntil = reading.ok ? reading.read.validUntil : null;
  const isRoute = body.kind === 'movement';
  const problems: FormProblem[] = [];
  for (const problem of found) {
    const told = { place: placeOf(problem.field, isRoute), message: messageOf(problem, validUntil) };
    if (!problems.some((p) => p.place === told.place && p.message === told.message)) problems.push(told);
  }
  return problems;
}

/** Each problem under the field it is about, which is marked invalid; a summary says where to look. */
export function markProblems(form: HTMLFormElement, problems: FormProblem[]): void {
  for (const problem of problems) {
    const input = form.querySelector<HTMLElement>(`[name=${problem.place}]`);
    const label = input?.closest('label');
    if (!input || !label || problem.place === 'shape') continue;
    input.setAttribute('aria-invalid', 'true');
    label.classList.add('invalid');
    label.append(html('span', { class: 'field-problem', 'data-problem': problem.place }, problem.message));
  }
  if (problems.length > 0)
    form.prepend(
      html('p', { class: 'refused', role: 'alert', 'data-test': 'would-refuse' }, t('wouldRefuse')),
    );
}
