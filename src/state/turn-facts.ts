/**
 * @module state/turn-facts
 * What one turn of a dialogue establishes (issue 11 item 4): informative declarative sentences
 * (kept whole), and attribute values from the other sentences — typed values (dates, times,
 * amounts, addresses, counts, lower-case values after cues, names after place prepositions) and
 * names mentioned in requests and offers. In an assistant turn, values in a question ("Would you
 * like a table at 7 pm?") are proposed, not established; in a user turn, a short answer to the
 * assistant's last question is the value of what it asked ("Which city?" — "Denver." → city:
 * Denver). Acknowledgements are never facts. Entities are whole: "the 12th of March" is one
 * entity "March 12", not "March" and "12th".
 */
import { answerValue, isAcknowledgement, isCorrection, questionAttribute } from "./dialogue-acts.js";
import { surfaceOf } from "./entities.js";
import { extractFacts } from "./fact-sentences.js";
import { analyzeText, type TextAnalysis } from "./text-analysis.js";
import { findTypedValues } from "./typed-values.js";

/** Who said a text: the user, the assistant, or unknown (plain text: no dialogue acts). */
export type Speaker = "user" | "assistant" | undefined;

/** One attribute value established (or proposed) by a turn. */
export interface ValueFact {
  /** what the value is about; "" for the conversation itself. */
  entity: string;
  attribute: string;
  value: string;
  /** offered in an assistant question, not yet accepted. */
  proposed: boolean;
  /** the user corrects an earlier value ("Actually, make it four"). */
  correction: boolean;
}

/** The facts of one turn. */
export interface TurnFacts {
  sentences: string[];
  values: ValueFact[];
  entities: string[];
  /** the last question the turn asks (assistant turns), for the answer that follows. */
  question: string | null;
}

const NUMBER_WORDS: Record<string, string> = {
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  ten: "10",
  eleven: "11",
  twelve: "12",
};
const CONFIRM_RE = /^(?:please |just |so,? |ok(?:ay)?,? )?(?:to )?confirm\b/i;
// Typed attributes whose values are entities in their own right.
const ENTITY_ATTRIBUTES = new Set(["date", "time", "amount", "address"]);

/**
 * The facts of `text` said by `speaker`; `lastQuestion` is the question the assistant asked just
 * before (for a user's short answer). `analysis` is a non-NER analysis of `text`, reused when given.
 */
export function extractTurnFacts(
  text: string,
  speaker: Speaker,
  lastQuestion: string | null,
  analysis?: TextAnalysis,
): TurnFacts {
  const a = analysis !== undefined && analysis.text === text ? analysis : analyzeText(text);
  const extracted = extractFacts(text, a);
  // a confirmation request ("Please confirm: a table for 4 at 7 pm.") asks, it does not state
  const kept = new Set(extracted.facts.filter((f) => !CONFIRM_RE.test(f)));
  const sentences = extracted.facts.filter((f) => kept.has(f) && !isAcknowledgement(f));
  const values: ValueFact[] = [];
  const typedSpans: string[] = [];
  const entityValues: string[] = [];
  const correction = speaker === "user" && isCorrection(text);
  let question: string | null = null;
  for (const [start, end] of a.sentences) {
    const sentence = sentenceText(a, start, end);
    if (sentence.length === 0) continue;
    const asks = sentence.endsWith("?") || CONFIRM_RE.test(sentence);
    if (asks) question = sentence;
    if (isAcknowledgement(sentence)) continue;
    const typed = findTypedValues(sentence);
    for (const v of typed) {
      typedSpans.push(sentence.slice(v.start, v.end).toLowerCase());
      if (ENTITY_ATTRIBUTES.has(v.attribute)) entityValues.push(v.value);
    }
    // a kept sentence is a fact as a whole: its values are not repeated as separate facts
    if (kept.has(sentence)) continue;
    const proposed = speaker === "assistant" && asks;
    for (const v of typed)
      values.push({ entity: "", attribute: v.attribute, value: v.value, proposed, correction });
    for (const entity of extracted.entities) {
      const lower = entity.toLowerCase();
      if (
        !sentence.includes(entity) ||
        !isName(entity, sentence) ||
        typedSpans.some((span) => span.includes(lower))
      )
        continue;
      values.push({ entity: "", attribute: "name", value: entity, proposed, correction: false });
    }
  }
  const answer =
    speaker === "user" && lastQuestion !== null && sentences.length === 0 ? answerValue(text) : null;
  if (answer !== null) {
    // a short answer is the value of what was asked ("Which city?" — "Salt Lake City, please."):
    // whole, under the question's attribute; only its dates, times, amounts and addresses stand alone
    const attribute = questionAttribute(lastQuestion!);
    const typed = values.filter((v) => ENTITY_ATTRIBUTES.has(v.attribute) || v.attribute.endsWith("s"));
    values.length = 0;
    values.push(...typed);
    if (typed.length === 0) {
      const v = NUMBER_WORDS[answer.toLowerCase()] ?? answer;
      // a correction of an unknown attribute supersedes nothing: it is kept beside the old value
      values.push({
        entity: "",
        attribute: attribute ?? "answer",
        value: v,
        proposed: false,
        correction: correction && attribute !== null,
      });
    }
  }
  const entities = extracted.entities.filter(
    (e) => !typedSpans.some((span) => span.includes(e.toLowerCase())),
  );
  for (const v of values)
    if (ENTITY_ATTRIBUTES.has(v.attribute) && !entities.includes(v.value)) entities.push(v.value);
  return { sentences, values, entities, question: speaker === "assistant" ? question : null };
}

/** A name, not a capitalised word: several words, or one not opening the sentence, with a capital. */
function isName(entity: string, sentence: string): boolean {
  if (/^[\d\s.,$€£%:-]+$/.test(entity) || !/[A-Z]/.test(entity)) return false;
  return entity.includes(" ") || entity.includes("-") || !sentence.startsWith(entity);
}

function sentenceText(a: TextAnalysis, start: number, end: number): string {
  let first = start;
  while (first <= end && a.pos[first] === "SPACE") first++;
  let last = end;
  while (last >= first && a.pos[last] === "SPACE") last--;
  return last < first ? "" : surfaceOf(a, first, last);
}
