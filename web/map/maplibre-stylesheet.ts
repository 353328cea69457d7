// MapLibre's own styles (where its canvas sits, its cursors), loaded with MapLibre once signed in
// rather than with the sign-in page, which never draws a map.
/** MapLibre's stylesheet, named by its content when the picture is built (scripts/build-web.ts). */
declare const MAPLIBRE_STYLE_URL: string;

let linked: Promise<void> | null = null;

/**
 * Links MapLibre's stylesheet, once, and settles when it applies, so that the map is never drawn
 * without it. It is linked before the page's own stylesheet, as it was when both were one file: where
 * both set a property of the same element with the same weight (`.map-ground`'s position, over
 * MapLibre's `.maplibregl-map`), the page's still comes last and is the one applied.
 */
export function linkMapLibreStylesheet(): Promise<void> {
  linked ??= new Promise<void>((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = MAPLIBRE_STYLE_URL;
    link.addEventListener('load', () => resolve());
    link.addEventListener('error', () => {
      // Asked again by the next map opened.
      link.remove();
      linked = null;
      reject(new Error('MapLibre’s stylesheet could not be loaded'));
    });
    document.head.insertBefore(link, document.head.querySelector('link[rel="stylesheet"]'));
  });
  return linked;
}
