// Declaring from the map: draw (or type the points), fill in altitude, time, the roster to call and
// who may see it, submit; or amend or withdraw one of the party's own declarations in the same form.
// What the hub would refuse is explained field by field before anything is sent. If the hub answers
// that the declaration conflicts with others the party may see, they are shown (list and map) and
// it is sent again, with the known-conflicts key naming each, only once the officer has ticked that
// they have read them. Nothing shows as changed before the hub says it is. A route is a movement,
// asked for with its humanitarian notification; once declared, the notification and a message about
// a conflict are written for the officer in the hotline's form.
import { SITE_FUNCTIONS } from '../../src/deconfliction/declaration-vocabulary.js';
import { type HubApi, HubProblem, type SignedSubmission } from '../hub/hub-api.js';
import type { ConflictView, DeclarationListing } from '../hub/views.js';
import { t } from '../i18n/strings.js';
import type { PictureData } from '../picture-data.js';
import { failureReason } from '../ui/action-attempt.js';
import { html } from '../ui/dom.js';
import { checkField, numberField, selectField, textField } from '../ui/fields.js';
import { isolatedWords } from '../ui/isolated-words.js';
import { keepingFocus } from '../ui/keep-focus.js';
import { CoordinateEntry } from './coordinate-entry.js';
import { type Draft, declarationOf, draftOf, newDraft } from './declaration-draft.js';
import { type Outcome, type OutcomeActions, outcomeView } from './declare-outcome.js';
import { draftProblems, type FormProblem, markProblems } from './draft-problems.js';
import type { DrawTool, ShapeKind } from './draw-tool.js';
import { noticeFieldset } from './movement-notice.js';
import { partyChecklist } from './party-checklist.js';
import { withdrawalControls } from './withdrawal-confirmation.js';

export class DeclarePanel {
  readonly element = html('section', { class: 'declare' });
  private draft: Draft = newDraft(Date.now());
  private outcome: Outcome = { kind: 'none' };
  /** The party's own declaration being amended or withdrawn, as the hub last showed it. */
  private amending: DeclarationListing | null = null;
  private confirmingWithdrawal = false;
  /** What the hub would refuse in the form as last checked. */
  private problems: FormProblem[] = [];
  private readonly coordinates: CoordinateEntry;

  constructor(
    private readonly api: HubApi,
    private readonly data: PictureData,
    private readonly tool: DrawTool,
    /** Conflicts of a refused submission, for the map to show until it is settled. */
    private readonly showPending: (conflicts: ConflictView[]) => void,
    /** Opens the hotline's composer on the notification of a movement, or a message about a conflict. */
    private readonly hotline: Pick<OutcomeActions, 'notify' | 'message'>,
  ) {
    this.coordinates = new CoordinateEntry(tool);
    tool.onChange(() => this.render());
    this.render();
  }

  /** Opens one of the party's own declarations in the form, to be amended or withdrawn. */
  amend(listing: DeclarationListing): void {
    const loaded = draftOf(listing, Date.now());
    this.amending = listing;
    this.confirmingWithdrawal = false;
    this.problems = [];
    this.outcome = { kind: 'none' };
    this.showPending([]);
    // Its own name always: the draft of another declaration must never amend this one.
    this.draft = loaded?.draft ?? {
      ...newDraft(Date.now()),
      name: listing.id.slice(listing.id.indexOf('/') + 1),
    };
    if (loaded) this.tool.load(loaded.shape);
    else this.tool.clear();
    this.render();
  }

  render(): void {
    keepingFocus(this.element, () => this.build());
    // What became of an action is shown where the officer is looking, not below the fold.
    this.element.querySelector('.outcome')?.scrollIntoView({ block: 'nearest' });
  }

  private build(): void {
    const shape = this.tool.shape();
    const drawing = this.tool.drawing;
    const amending = this.amending;
    const drawButton = (mode: ShapeKind, label: string) => {
      const button = html(
        'button',
        {
          type: 'button',
          'data-draw': mode,
          'data-test': `draw-${mode}`,
          class: drawing === mode ? 'active' : '',
          'aria-pressed': String(drawing === mode),
        },
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
    // An amendment keeps the kind: a movement stays a route, an area stays an area.
    const modes: [ShapeKind, string][] = [
      ['polygon', t('drawPolygon')],
      ['circle', t('drawCircle')],
      ['route', t('drawRoute')],
    ];
    const allowed = modes.filter(
      ([mode]) => amending === null || (mode === 'route') === (amending.kind === 'movement'),
    );
    const shapeProblems = this.problems.filter((p) => p.place === 'shape');
    if (drawing) this.coordinates.render();
    this.element.replaceChildren(
      ...[
        html(
          'h2',
          {},
          ...(amending
            ? isolatedWords('amendTitle', { version: amending.version }, { id: amending.id })
            : [t('declare')]),
        ),
        amending && !drawing && this.outcome.kind === 'none'
          ? html('p', { class: 'hint' }, t('notEditableHere'))
          : null,
        // What the form cannot show whole is not redrawn here either: only withdrawn.
        amending && !drawing
          ? null
          : html('div', { class: 'draw-tools' }, ...allowed.map(([mode, label]) => drawButton(mode, label))),
        amending && !drawing ? null : html('p', { class: 'hint' }, shape ? t('shapeReady') : hint),
        drawing ? html('p', { class: 'hint' }, t('drawKeyboardHint')) : null,
        drawing ? this.coordinates.element : null,
        shapeProblems.length > 0
          ? html(
              'ul',
              { class: 'field-problem', 'data-problem': 'shape' },
              ...shapeProblems.map((p) => html('li', {}, p.message)),
            )
          : null,
        ...(drawing ? [this.form(drawing)] : []),
        amending && !drawing
          ? html('div', { class: 'actions' }, this.withdrawal(amending), this.cancelButton())
          : null,
        html('div', { class: 'outcome' }, outcomeView(this.outcome, this.outcomeActions()) ?? ''),
      ].filter((child) => child !== null),
    );
  }

  /** Withdrawing the declaration being amended: asked first, then sent once confirmed. */
  private withdrawal(listing: DeclarationListing): HTMLElement {
    return withdrawalControls(listing, this.confirmingWithdrawal, {
      ask: () => {
        this.confirmingWithdrawal = true;
        this.render();
        this.element.querySelector<HTMLElement>('[data-test=confirm-withdraw]')?.focus();
      },
      confirm: async () => {
        this.confirmingWithdrawal = false;
        const submission = await this.api.sign('declaration.withdraw', {
          declaration: listing.id,
          version: listing.version,
        });
        await this.sendWithdrawal(listing.id, submission);
      },
      keep: () => {
        this.confirmingWithdrawal = false;
        this.render();
        this.element.querySelector<HTMLElement>('[data-test=withdraw]')?.focus();
      },
    });
  }

  private async sendWithdrawal(id: string, submission: SignedSubmission): Promise<void> {
    this.settle({ kind: 'sending' });
    try {
      await submission.send();
      this.amending = null;
      this.draft = newDraft(Date.now());
      this.tool.clear();
      this.settle({ kind: 'withdrawn', id });
      await this.data.refresh();
    } catch (error) {
      if (error instanceof HubProblem) return this.settle({ kind: 'refused', problem: error });
      const retry = () => void this.sendWithdrawal(id, submission);
      this.settle({ kind: 'unsent', reason: failureReason(error), retry });
    }
  }

  private form(drawing: ShapeKind): HTMLFormElement {
    const d = this.draft;
    const isRoute = drawing === 'route';
    const others = this.data.parties.filter((party) => party.id !== this.api.party);
    const visibility = partyChecklist(
      t('visibleTo'),
      [{ id: '*', name: t('allParties') }, ...others],
      d,
      'visibility',
      { class: 'visibility' },
    );
    const form = html(
      'form',
      { class: 'declare-form' },
      // An amendment keeps its kind.
      isRoute || this.amending
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
      this.amending
        ? html('p', { class: 'amending-id' }, `${t('declarationName')}: ${this.amending.id}`)
        : textField(t('declarationName'), d, 'name'),
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
      // Date-time fields go one under the other when the panel is too narrow to show both whole.
      html(
        'div',
        { class: 'row times' },
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
      isRoute ? noticeFieldset(d, others) : null,
      this.rosterField(),
      visibility,
      html(
        'div',
        { class: 'actions' },
        html(
          'button',
          { type: 'submit', class: 'primary', 'data-test': 'check-and-send' },
          this.amending ? t('checkAndAmend') : t('checkAndSend'),
        ),
        this.cancelButton(),
        this.amending ? this.withdrawal(this.amending) : null,
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
      const declaration = declarationOf(d, shape, this.api.party, this.amending?.declaration);
      this.problems = draftProblems(declaration, Date.now());
      if (this.problems.length > 0) {
        this.outcome = { kind: 'none' };
        this.render();
        this.element.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
        return;
      }
      void this.send(declaration, []);
    });
    markProblems(form, this.problems);
    return form;
  }

  /**
   * The roster the hub tells of the declaration, among the party's own: the first when none is
   * chosen yet. A party without rosters is told that its notices go to the whole party.
   */
  private rosterField(): HTMLElement {
    const duties = this.data.rosters.map((roster) => roster.duty);
    if (!duties.includes(this.draft.roster)) this.draft.roster = duties[0] ?? '';
    if (duties.length === 0) return html('p', { class: 'hint', 'data-test': 'no-roster' }, t('noRoster'));
    return selectField(
      t('rosterToNotify'),
      this.draft,
      'roster',
      duties.map((duty) => [duty, duty]),
    );
  }

  private cancelButton(): HTMLButtonElement {
    const button = html('button', { type: 'button' }, t('cancel'));
    button.addEventListener('click', () => {
      this.amending = null;
      this.confirmingWithdrawal = false;
      this.draft = newDraft(Date.now());
      this.settle({ kind: 'none' });
    });
    return button;
  }

  private async send(declaration: Record<string, unknown>, known: ConflictView[]): Promise<void> {
    const key = known.map(({ declarations: [, against] }) => ({
      declaration: against.id,
      version: against.version,
    }));
    const amending = this.amending;
    const submission = amending
      ? await this.api.sign('declaration.amend', {
          declaration,
          replaces_version: amending.version,
          known_conflicts: key,
        })
      : await this.api.sign('declaration.submit', { declaration, known_conflicts: key });
    await this.sendSigned(declaration, submission);
  }

  /** Sends a signed declaration; one the hub did not answer is offered again, unchanged. */
  private async sendSigned(
    declaration: Record<string, unknown>,
    submission: SignedSubmission,
  ): Promise<void> {
    this.settle({ kind: 'sending' });
    try {
      const accepted = await submission.send();
      const amended = this.amending !== null;
      // An amendment is the version after the one it replaces; a new declaration is version 1.
      const version = (this.amending?.version ?? 0) + 1;
      this.amending = null;
      this.problems = [];
      this.draft = newDraft(Date.now());
      this.tool.clear();
      const index = accepted === 'recorded-before' ? null : accepted.index;
      this.settle({ kind: 'declared', id: String(declaration.id), version, index, amended });
      // The movement's details are read back from the hub's listing, once it has it.
      await this.data.refresh();
      this.render();
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
    // The answer to what the officer sent is where the keyboard goes next, and what a screen reader
    // reads: the button pressed may be gone with the form.
    if (outcome.kind !== 'none' && outcome.kind !== 'sending')
      this.element.querySelector<HTMLElement>('[data-test=outcome]')?.focus();
  }

  private outcomeActions(): OutcomeActions {
    return {
      own: this.api.party,
      partyName: (id) => this.data.partyName(id),
      listing: (id) => this.data.declarations.find((listing) => listing.id === id),
      sendKnowing: (declaration, conflicts) => void this.send(declaration, conflicts),
      cancelButton: () => this.cancelButton(),
      ...this.hotline,
    };
  }
}
