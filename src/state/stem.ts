/**
 * @module state/stem
 * A deliberately light suffix stripper for matching cue words and prototype terms: "supplies",
 * "supplied" and "supply" meet, as do "summarise" and "summarized". Both sides of every match go
 * through the same function, so over-stemming is harmless; speed matters more than linguistics.
 */

/** Lower-case stem of a word (the input should already be lower case). */
export function stemLite(word: string): string {
  let w = word;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  const n = w.length;
  if (n > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (n > 4 && w.endsWith("ied")) w = `${w.slice(0, -3)}y`;
  else if (n > 4 && w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (n > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  else if (n > 3 && w.endsWith("es") && isSibilant(w.charCodeAt(n - 3))) w = w.slice(0, -2);
  else if (n > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is"))
    w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  // British and American spellings meet: summariz- → summaris-.
  if (w.length > 4 && w.endsWith("iz")) w = `${w.slice(0, -2)}is`;
  return w;
}

/** s, x, z, h: "boxes" → "box", "fixes" → "fix". */
function isSibilant(code: number): boolean {
  return code === 0x73 || code === 0x78 || code === 0x7a || code === 0x68;
}
