// A Cursor-on-Target event as TAK clients send it: <event version="2.0" uid type time start stale
// how> with a <point> and a free-form <detail>. Only the envelope is checked here; what the event
// means is read by its type (cot-reading.ts).
import { type DroppedInput, dropped } from './dropped-input.js';
import { childElement, parseXmlDocument, type XmlElement } from './xml-element.js';

/** CoT's value for "unknown" in hae, ce and le. */
export const COT_UNKNOWN = 9_999_999;

export interface CotPoint {
  lat: number;
  lon: number;
  /** Metres above the WGS84 ellipsoid, or COT_UNKNOWN. */
  hae: number;
  /** Circular (horizontal) error in metres, or COT_UNKNOWN. */
  ce: number;
  /** Linear (vertical) error in metres, or COT_UNKNOWN. */
  le: number;
}

export interface CotEvent {
  uid: string;
  /** The CoT type, e.g. a-f-G-U-C (a friendly ground unit), u-d-f (a drawn shape), b-t-f (chat). */
  type: string;
  /** How the position was obtained, e.g. m-g (GPS), h-e (entered by hand). */
  how: string;
  /** Milliseconds since the epoch. */
  time: number;
  start: number;
  stale: number;
  point: CotPoint;
  /** The <detail> element; empty when the event had none. */
  detail: XmlElement;
}

export type CotEventParse = { event: CotEvent } | { drop: DroppedInput };

const EMPTY_DETAIL: XmlElement = { name: 'detail', attributes: {}, children: [], text: '' };

/** One event's XML, checked for the envelope every CoT event must have. */
export function parseCotEvent(xml: string): CotEventParse {
  const root = parseXmlDocument(xml);
  if ('error' in root) return { drop: dropped('malformed XML', xml, root.error) };
  if (root.name !== 'event') return { drop: dropped('not a CoT event', xml, `root element <${root.name}>`) };
  const problem = (what: string) => ({ drop: dropped('invalid CoT event', xml, what) });
  const { version, uid, type, how, time, start, stale } = root.attributes;
  if (version === undefined || !version.startsWith('2.')) return problem(`version ${version ?? 'missing'}`);
  if (!uid) return problem('uid missing');
  if (!type) return problem('type missing');
  const times = [time, start, stale].map((value) => (value === undefined ? Number.NaN : Date.parse(value)));
  const [timeMs = Number.NaN, startMs = Number.NaN, staleMs = Number.NaN] = times;
  if (!times.every(Number.isFinite)) return problem('time, start and stale must be dates and times');
  const pointElement = childElement(root, 'point');
  if (pointElement === undefined) return problem('point missing');
  const point = readPoint(pointElement);
  if (typeof point === 'string') return problem(point);
  return {
    event: {
      uid,
      type,
      how: how ?? '',
      time: timeMs,
      start: startMs,
      stale: staleMs,
      point,
      detail: childElement(root, 'detail') ?? EMPTY_DETAIL,
    },
  };
}

function readPoint(element: XmlElement): CotPoint | string {
  const number = (name: string, fallback?: number): number => {
    const value = element.attributes[name];
    if (value === undefined || value.trim() === '') return fallback ?? Number.NaN;
    return Number(value);
  };
  const point = {
    lat: number('lat'),
    lon: number('lon'),
    hae: number('hae', COT_UNKNOWN),
    ce: number('ce', COT_UNKNOWN),
    le: number('le', COT_UNKNOWN),
  };
  if (!(Math.abs(point.lat) <= 90)) return `latitude ${element.attributes.lat ?? 'missing'} out of range`;
  if (!(Math.abs(point.lon) <= 180)) return `longitude ${element.attributes.lon ?? 'missing'} out of range`;
  if (![point.hae, point.ce, point.le].every(Number.isFinite)) return 'hae, ce and le must be numbers';
  return point;
}
