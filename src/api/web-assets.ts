// The picture's files are named by their content when built (main-7GQ2KX4L.js), so a browser may keep
// them for good: a new build names its files anew and the page, always revalidated, points to them.

/** A file named by its content, or its compressed copy: the same name never serves other bytes. */
export const CONTENT_NAMED = /-[0-9A-Z]{8}\.(js|css|json)(\.map)?(\.br|\.gz)?$/;

/** The name a built file is given for its content's hash (esbuild's form: eight base-32 characters). */
export function contentNamed(name: string, hash: string): string {
  const dot = name.indexOf('.');
  return `${name.slice(0, dot)}-${hash.slice(0, 8).toUpperCase()}${name.slice(dot)}`;
}
