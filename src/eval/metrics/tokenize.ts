/**
 * @module eval/metrics/tokenize
 * Word tokenisation for ROUGE-L: lowercase, then maximal runs of Unicode letters and digits.
 * Punctuation and whitespace separate tokens (the same treatment as the reference `rouge-score`
 * tokenizer, which replaces non-alphanumerics by spaces), so "Lyon's" gives "lyon", "s".
 */

const WORD = /[\p{L}\p{N}]+/gu;

/** Lowercased word tokens of `text`, in order. */
export function tokenizeWords(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}
