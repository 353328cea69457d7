// Declaring from the map: draw, fill in altitude, time and who may see it, submit. If the hub
// answers that the declaration conflicts with others the party may see, they are shown (list and
// map) and it is sent again, with the known-conflicts key naming each, only once the officer has
// ticked that they have read them.
import { SITE_FUNCTIONS } from '../../src/deconfliction/declaration-vocabulary.js';
import { type HubApi, HubProblem, type SignedSubmission } from '../hub/hub-api.js';
import type { ConflictView } from '../hub/views.js';
import { t } from '../i18n/strings.js';
import type { PictureData } from '../picture-data.js';
import { attemptFeedback, failureReason } from '../ui/action-attempt.js';
import { describeConflict } from '../ui/describe.js';
import { html } from '../ui/dom.js';
import { checkField, numberField, selectField, textField } from '../ui/fields.js';
import { type Draft, declarationOf, newDraft } from './declaration-draft.js';
import type { DrawTool, ShapeKind } from './draw-tool.js';

type Outcome =
  | { kind: 'none' }
  | { kind: 'conflicts'; conflicts: ConflictView[]; declaration: Record<string, unknown> }
  | { kind: 'refused'; problem: HubProblem }
  | { kind: 'unsent'; reason: string; retry: () => void }
  | { kind: 'declared'; id: string; index: number | null };

export class DeclarePanel {
  readonly element = html('section', { class: 'declare' });
  private draft: Draft = newDraft(Date.now());
  private outcome: Outcome = { kind: 'none' };

  constructor(
    private readonly api: HubApi,
    private readonly data: PictureData,
    private readonly tool: DrawTool,
    /** Conflicts of a refused submission, for the map to show until it is settled. */
    private readonly showPending: (conflicts: ConflictView[]) => void,
  ) {
    tool.onChange(() => this.render());
    this.render();
  }

  render(): void {
    const shape = this.tool.shape();
    const drawing = this.tool.drawing;
    const drawButton = (mode: ShapeKind, label: string) => {
      const button = html(
        'button',
        { type: 'button', 'data-draw': mode, class: drawing === mode ? 'active' : '' },
        label,
      );
      button.addEventListener('click', () => {
        this.draft.kind =
          mode === 'route' ? 'movement' : this.draft.kind === 'movement' ? 'operation' : this.draft.kind;
        this.tool.start(mode);
      });
      return button;
    };
    const hint =
      drawing === null ? t('drawHint') : drawing === 'circle' ? t('drawCircleHint') : t('drawPointsHint');
    this.element.replaceChildren(
      html('h2', {}, t('declare')),
      html(
        'div',
        { class: 'draw-tools' },
        drawButton('polygon', t('drawPolygon')),
        drawButton('circle', t('drawCircle')),
        drawButton('route', t('drawRoute')),
      ),
      html('p', { class: 'hint' }, shape ? t('shapeReady') : hint),
      ...(drawing ? [this.form(drawing)] : []),
      this.outcomeView() ?? '',
    );
  }

  private form(drawing: ShapeKind): HTMLFormElement {
    const d = this.draft;
    const isRoute = drawing === 'route';
    const others = this.data.parties.filter((party) => party.id !== this.api.party);
    const visibility = html(
      'fieldset',
      { class: 'visibility' },
      html('legend', {}, t('visibleTo')),
      ...[{ id: '*', name: t('allParties') }, ...others].map((party) => {
        const box = html('input', {
          type: 'checkbox',
          value: party.id,
          checked: d.visibility.includes(party.id),
        });
        box.addEventListener('change', () => {
          d.visibility = box.checked
            ? [...d.visibility, party.id]
            : d.visibility.filter((id) => id !== party.id);
        });
        return html('label', { class: 'check' }, box, html('span', {}, party.name));
      }),
    );
    const form = html(
      'form',
      { class: 'declare-form' },
      isRoute
        ? null
        : selectField(
            t('declarationKind'),
            d,
            'kind',
            [
              ['operation', t('kind.operation')],
              ['site', t('kind.site')],
            ],
            () => this.render(),
          ),
      textField(t('declarationName'), d, 'name'),
      textField(t('title'), d, 'title'),
      !isRoute && d.kind === 'operation'
        ? selectField(
            t('activity'),
            d,
            'activity',
            (['air', 'ground', 'drone', 'exercise'] as const).map((a) => [a, t(`activity.${a}`)]),
          )
        : null,
      !isRoute && d.kind === 'site'
        ? selectField(
            t('siteFunction'),
            d,
            'siteFunction',
            SITE_FUNCTIONS.map((f) => [f, t(`site.${f}` as 'site.hospital')]),
          )
        : null,
      html(
        'div',
        { class: 'row' },
        numberField(t('altitudeLower'), d, 'altitudeLowerM'),
        numberField(t('altitudeUpper'), d, 'altitudeUpperM'),
      ),
      html(
        'div',
        { class: 'row' },
        textField(isRoute ? t('departure') : t('validFrom'), d, 'from', 'datetime-local'),
        isRoute
          ? numberField(t('speed'), d, 'speedKmh')
          : textField(t('validUntil'), d, 'until', 'datetime-local'),
      ),
      isRoute
        ? html(
            'div',
            { class: 'row' },
            numberField(t('halfWidth'), d, 'halfWidthM'),
            numberField(t('vehicles'), d, 'vehicles'),
            numberField(t('personnel'), d, 'personnel'),
          )
        : null,
      isRoute ? checkField(t('armedEscort'), d, 'armedEscort') : null,
      visibility,
      html(
        'div',
        { class: 'actions' },
        html(
          'button',
          { type: 'submit', class: 'primary', 'data-test': 'check-and-send' },
          t('checkAndSend'),
        ),
        this.cancelButton(),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const shape = this.tool.shape();
      if (!shape) {
        this.outcome = { kind: 'refused', problem: new HubProblem(0, { detail: t('drawFirst') }) };
        this.render();
        return;
      }
      void this.send(declarationOf(d, shape, this.api.party), []);
    });
    return form;
  }

  private cancelButton(): HTMLButtonElement {
    const button = html('button', { type: 'button' }, t('cancel'));
    button.addEventListener('click', () => this.settle({ kind: 'none' }));
    return button;
  }

  private async send(declaration: Record<string, unknown>, known: ConflictView[]): Promise<void> {
    const key = known.map(({ declarations: [, against] }) => ({
      declaration: against.id,
      version: against.version,
    }));
    const submission = await this.api.sign('declaration.submit', { declaration, known_conflicts: key });
    await this.sendSigned(declaration, submission);
  }

  /** Sends a signed declaration; one the hub did not answer is offered again, unchanged. */
  private async sendSigned(
    declaration: Record<string, unknown>,
    submission: SignedSubmission,
  ): Promise<void> {
    try {
      const accepted = await submission.send();
      this.draft = newDraft(Date.now());
      this.tool.clear();
      const index = accepted === 'recorded-before' ? null : accepted.index;
      this.settle({ kind: 'declared', id: String(declaration.id), index });
      await this.data.refresh();
    } catch (error) {
      if (!(error instanceof HubProblem)) {
        const retry = () => void this.sendSigned(declaration, submission);
        return this.settle({ kind: 'unsent', reason: failureReason(error), retry });
      }
      const conflicts = error.isUnacknowledgedConflicts ? (error.problem.conflicts ?? []) : null;
      this.settle(
        conflicts ? { kind: 'conflicts', conflicts, declaration } : { kind: 'refused', problem: error },
      );
    }
  }

  private settle(outcome: Outcome): void {
    this.outcome = outcome;
    if (outcome.kind === 'none') this.tool.clear();
    this.showPending(outcome.kind === 'conflicts' ? outcome.conflicts : []);
    this.render();
  }

  private outcomeView(): HTMLElement | null {
    const outcome = this.outcome;
    switch (outcome.kind) {
      case 'none':
        return null;
      case 'declared':
        return html(
          'p',
          { class: 'declared', role: 'status' },
          outcome.index === null
            ? t('declaredEarlier', { id: outcome.id })
            : t('declared', { id: outcome.id, index: outcome.index }),
        );
      case 'unsent':
        return attemptFeedback({ kind: 'failed', reason: outcome.reason, retry: outcome.retry });
      case 'refused':
        return html(
          'div',
          { class: 'refused', role: 'alert' },
          html('p', {}, outcome.problem.message),
          html(
            'ul',
            {},
            ...(outcome.problem.problem.errors ?? []).map((e) => html('li', {}, `${e.field}: ${e.reason}`)),
          ),
        );
      case 'conflicts': {
        const confirm = html('input', { type: 'checkbox', 'data-test': 'confirm-conflicts' });
        const send = html(
          'button',
          { type: 'button', class: 'danger', disabled: true, 'data-test': 'send-knowing' },
          t('sendKnowing'),
        );
        confirm.addEventListener('change', () => {
          send.disabled = !confirm.checked;
        });
        send.addEventListener('click', () => void this.send(outcome.declaration, outcome.conflicts));
        return html(
          'div',
          { class: 'conflicts-found', role: 'alert' },
          html('h3', {}, t('conflictsFound', { count: outcome.conflicts.length })),
          html(
            'ul',
            {},
            ...outcome.conflicts.map((c) =>
              html('li', { class: 'conflict-item' }, describeConflict(c, this.data)),
            ),
          ),
          html('label', { class: 'check' }, confirm, html('span', {}, t('confirmConflicts'))),
          html('div', { class: 'actions' }, send, this.cancelButton()),
        );
      }
    }
  }
}
