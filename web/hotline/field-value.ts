// A template field's value as its reader reads it, from the data it was sent with: a time in the
// reader's words on the hotline's UTC clock, a position latitude first with a link that centres the
// map there, an area as its size and centre with the same link, a party by its name in the directory,
// a declaration by its title where the reader may see it.
// Whatever a party wrote, and every id, is isolated so that Arabic and Latin text do not reorder
// each other. Types the reader needs nothing more for (a choice, already in the reader's words; text)
// are shown as the hub rendered them.
import type { RenderedField } from '../hub/views.js';
import { formatDegrees, formatMetres, formatPosition, formatTime } from '../i18n/format.js';
import { language } from '../i18n/language.js';
import { t } from '../i18n/strings.js';
import { html } from '../ui/dom.js';

export interface FieldReading {
  partyName(id: string): string;
  /** The title of a declaration the reader may see, if it is live; else nothing. */
  declarationTitle(id: string): string | undefined;
  showOnMap(position: [number, number]): void;
}

/** Metres in a degree of latitude, and of longitude at the equator: near enough to say an area's size. */
const METRES_PER_DEGREE = 111_320;

type Box = [number, number, number, number];

function showOnMap(position: [number, number], reading: FieldReading, field: string): HTMLElement {
  const link = html(
    'button',
    { type: 'button', class: 'link', 'data-test': `show-field-${field}` },
    t('showOnMap'),
  );
  link.addEventListener('click', () => reading.showOnMap(position));
  return link;
}

/** An area's extent, all its boxes together, as its width and height about its centre. */
function describeArea(boxes: Box[]): { text: string; centre: [number, number] } {
  const west = Math.min(...boxes.map((box) => box[0]));
  const south = Math.min(...boxes.map((box) => box[1]));
  const east = Math.max(...boxes.map((box) => box[2]));
  const north = Math.max(...boxes.map((box) => box[3]));
  const centre: [number, number] = [(west + east) / 2, (south + north) / 2];
  const width = (east - west) * METRES_PER_DEGREE * Math.cos((centre[1] * Math.PI) / 180);
  const height = (north - south) * METRES_PER_DEGREE;
  return {
    text: t('areaAbout', {
      width: formatMetres(width),
      height: formatMetres(height),
      lat: formatDegrees(centre[1]),
      lon: formatDegrees(centre[0]),
    }),
    centre,
  };
}

/** A declaration named as `id` or `id@version`: by its title where the reader has it, its id beside. */
function declarationNamed(named: string, reading: FieldReading): HTMLElement {
  const at = named.lastIndexOf('@');
  const id = at > 0 ? named.slice(0, at) : named;
  const title = reading.declarationTitle(id);
  return title === undefined
    ? html('bdi', { 'data-declaration': id }, named)
    : html('span', { 'data-declaration': id }, html('bdi', {}, title), ' (', html('bdi', {}, named), ')');
}

export function fieldValue(field: RenderedField, reading: FieldReading): (Node | string)[] {
  const { data } = field;
  switch (field.type) {
    case 'time':
      return [html('time', { datetime: String(data) }, formatTime(String(data)))];
    case 'position': {
      const position = data as [number, number];
      return [`${formatPosition(position)} `, showOnMap(position, reading, field.name)];
    }
    case 'area': {
      const boxes = data as Box[];
      if (boxes.length === 0) return [field.value];
      const { text, centre } = describeArea(boxes);
      return [`${text} `, showOnMap(centre, reading, field.name)];
    }
    case 'party':
      return [html('bdi', { 'data-party': String(data) }, reading.partyName(String(data)))];
    case 'integer':
      return [new Intl.NumberFormat(language()).format(Number(data))];
    case 'declaration':
      return [declarationNamed(String(data), reading)];
    case 'declarations':
      return (data as string[]).flatMap((named, i) => [i ? ', ' : '', declarationNamed(named, reading)]);
    default:
      return [html('bdi', {}, field.value)];
  }
}
