// Who a visibility list admits: every party it names, or everyone when it is "*". Entries carry
// such a list, and so do declarations and the sharing of track feeds; this is its one reading.

/** Whether a visibility list (an entry's, a declaration's, a feed's sharing) admits the party. */
export function admits(visibility: readonly string[], party: string): boolean {
  return visibility.includes('*') || visibility.includes(party);
}
