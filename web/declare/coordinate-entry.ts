// Typing a point instead of clicking it: latitude, then longitude, in decimal degrees, added to the
// shape as a click adds one (Enter in either field adds it too); Undo removes the last point. It
// works from the keyboard alone, and keeps what is typed and the focus when the panel is redrawn.
// How many points there are is said as it changes, however the point was added (here, or Enter on
// the map), for whoever cannot see the map.
import { plural } from '../i18n/plural.js';
import { t } from '../i18n/strings.js';
import { html } from '../ui/dom.js';
import { keepingFocus } from '../ui/keep-focus.js';
import type { DrawTool } from './draw-tool.js';

/** A number typed in a field, with a comma taken as a decimal point. */
function degrees(text: string): number | null {
  const value = Number(text.trim().replace(',', '.'));
  return text.trim() === '' || !Number.isFinite(value) ? null : value;
}

export class CoordinateEntry {
  readonly element = html('fieldset', { class: 'coordinate-entry' });
  private readonly latitude = html('input', {
    name: 'latitude',
    inputmode: 'decimal',
    autocomplete: 'off',
    'data-test': 'latitude',
  });
  private readonly longitude = html('input', {
    name: 'longitude',
    inputmode: 'decimal',
    autocomplete: 'off',
    'data-test': 'longitude',
  });
  private problem = '';
  /** Kept across redraws, so that a screen reader hears it change rather than appear. */
  private readonly count = html('p', { class: 'hint', role: 'status', 'data-test': 'points-drawn' });

  constructor(private readonly tool: DrawTool) {
    for (const input of [this.latitude, this.longitude]) {
      input.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter') return;
        event.preventDefault();
        this.add();
      });
    }
  }

  /** Redrawn in the current language; the inputs, and what is typed in them, stay. */
  render(): void {
    keepingFocus(this.element, () => this.build());
  }

  private build(): void {
    const count = plural('pointsDrawn', this.tool.pointCount);
    if (this.count.textContent !== count) this.count.textContent = count;
    const add = html('button', { type: 'button', 'data-test': 'add-point' }, t('addPoint'));
    add.addEventListener('click', () => this.add());
    const undo = html(
      'button',
      { type: 'button', 'data-test': 'undo-point', disabled: this.tool.pointCount === 0 },
      t('undoPoint'),
    );
    undo.addEventListener('click', () => this.tool.undo());
    this.element.replaceChildren(
      html('legend', {}, t('typedPoint')),
      html(
        'div',
        { class: 'row' },
        html('label', {}, html('span', {}, t('latitude')), this.latitude),
        html('label', {}, html('span', {}, t('longitude')), this.longitude),
      ),
      html('div', { class: 'actions' }, add, undo),
      this.count,
      this.problem ? html('p', { class: 'field-problem', role: 'alert' }, this.problem) : '',
    );
  }

  private add(): void {
    const lat = degrees(this.latitude.value);
    const lon = degrees(this.longitude.value);
    if (lat === null || lat < -90 || lat > 90) this.problem = t('latitudeRange');
    else if (lon === null || lon < -180 || lon > 180) this.problem = t('longitudeRange');
    else {
      this.problem = '';
      this.latitude.value = '';
      this.longitude.value = '';
      this.latitude.focus();
      this.tool.add([lon, lat]);
      return;
    }
    this.render();
    (lat === null || lat < -90 || lat > 90 ? this.latitude : this.longitude).focus();
  }
}
