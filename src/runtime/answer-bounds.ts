/**
 * @module runtime/answer-bounds
 * What rapo keeps of a model's answer, whatever the model returns: at most
 * `limits.maxAnswerChars` characters (never splitting a surrogate pair), with lone surrogates
 * replaced by U+FFFD so every store reads back exactly what the caller was given.
 */

import type { Truncation } from "../domain/turn.js";

export type { Truncation };

/** The answer as kept, and the truncation when there was one. */
export interface BoundedAnswer {
  text: string;
  truncated: Truncation | undefined;
}

/** Caps `text` at `maxChars` and makes it well-formed UTF-16. */
export function boundAnswer(text: string, maxChars: number): BoundedAnswer {
  if (text.length <= maxChars) return { text: wellFormed(text), truncated: undefined };
  const kept = wellFormed(text.slice(0, keptLength(text, maxChars, true)));
  return { text: kept, truncated: { originalChars: text.length, keptChars: kept.length } };
}

/**
 * How many leading characters of `text` are kept: all of them up to `maxChars`, one less when
 * the cut would keep the first half of a surrogate pair. With `final` false (`text` is a stream
 * still growing) a trailing high surrogate is held back too, since its pair may follow.
 * Replacing lone surrogates keeps lengths, so streamed pieces add up to {@link boundAnswer}'s text.
 */
export function keptLength(text: string, maxChars: number, final: boolean): number {
  const capped = text.length > maxChars;
  if (!capped && final) return text.length;
  const end = capped ? maxChars : text.length;
  return end > 0 && isHighSurrogate(text.charCodeAt(end - 1)) ? end - 1 : end;
}

/**
 * A streamed answer as the caller sees it: pieces that add up to exactly {@link boundAnswer}'s
 * text (capped, well-formed, surrogate pairs never split across pieces).
 */
export class StreamedAnswer {
  /** everything received so far. */
  text = "";
  /** characters of `text` already handed out. */
  private sent = 0;

  constructor(private readonly maxChars: number) {}

  /** Whether more than `maxChars` characters arrived (the rest is not needed). */
  get full(): boolean {
    return this.text.length > this.maxChars;
  }

  append(delta: string): void {
    this.text += delta;
  }

  /** The next piece to deliver ("" when none); `final` once nothing more will be appended. */
  take(final: boolean): string {
    const end = keptLength(this.text, this.maxChars, final);
    if (end <= this.sent) return "";
    const piece = wellFormed(this.text.slice(this.sent, end));
    this.sent = end;
    return piece;
  }
}

/** The note stored in an answered turn's `error` field when its answer was truncated. */
export function truncationNote(truncation: Truncation): string {
  return `answer truncated from ${truncation.originalChars} to ${truncation.keptChars} characters (limits.maxAnswerChars)`;
}

/** `text` with lone surrogates replaced by U+FFFD (what SQLite's UTF-8 would otherwise mangle). */
export function wellFormed(text: string): string {
  const s = text as unknown as WellFormedString;
  return s.isWellFormed() ? text : s.toWellFormed();
}

/** Whether `text` has no lone surrogate. */
export function isWellFormed(text: string): boolean {
  return (text as unknown as WellFormedString).isWellFormed();
}

/** ES2024 string methods (Node 20 has them; the project's `lib` is ES2023). */
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
