// Character rules shared by notes, checkpoints and keys. Signed-note text is
// UTF-8 with no ASCII control characters other than newline.

/** True if `text` has a character below U+0020, other than newline when `newlineAllowed`. */
export function hasControlCharacter(text: string, newlineAllowed: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && !(newlineAllowed && c === 0x0a)) return true;
  }
  return false;
}

/** False when `text` has a lone surrogate, which cannot be encoded as UTF-8. */
export function isWellFormed(text: string): boolean {
  return !/\p{Surrogate}/u.test(text);
}
