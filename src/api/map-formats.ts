// The forms a party's picture is served in besides the API's own JSON: GeoJSON (RFC 7946) for GIS and
// the parties' systems, KML for Google Earth. A `format` query names one (for tools that cannot set
// headers); otherwise the Accept header may ask for one by its media type.

export type MapFormat = 'json' | 'geojson' | 'kml';

const MEDIA_TYPES: Record<Exclude<MapFormat, 'json'>, string> = {
  geojson: 'application/geo+json',
  kml: 'application/vnd.google-earth.kml+xml',
};

/** The media types, for the API's description. */
export const mapMediaTypes = Object.values(MEDIA_TYPES).join(', ');

export function mapFormatOf(format: MapFormat | undefined, accept: string | undefined): MapFormat {
  if (format) return format;
  const asked = (accept ?? '').split(',').map((range) => range.split(';')[0]?.trim().toLowerCase());
  for (const [name, type] of Object.entries(MEDIA_TYPES)) if (asked.includes(type)) return name as MapFormat;
  return 'json';
}
