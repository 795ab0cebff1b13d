/**
 * @module state/modality-rules
 * Rule-based evidence for the five default modalities (SPEC §2: question, instruction,
 * narrative, dialogue, structured data) from punctuation, the POS of the first content token,
 * pronouns, and table/code/JSON markers. A custom modality id has no rule and falls back to
 * prototype similarity in the classifier.
 */
import { LEX, type Lexeme } from "./lexeme.js";
import { lexemesOf, type TextAnalysis } from "./text-analysis.js";

/** Ids of the default modalities that have rules. */
export const RULE_MODALITIES: ReadonlySet<string> = new Set([
  "question",
  "instruction",
  "narrative",
  "dialogue",
  "structured",
]);

/** Surface cues of a turn, computed once and read by every rule. */
export interface ModalityCues {
  endsWithQuestionMark: boolean;
  questionMarks: number;
  whStart: boolean;
  auxInversion: boolean;
  imperative: boolean;
  please: boolean;
  dialogueMarkers: number;
  interlocutorPronouns: number;
  thirdPersonPronouns: number;
  pastForms: number;
  hasPredicate: boolean;
  exclamations: number;
  words: number;
  structure: number;
}

const SUBJECT_POS = new Set(["PRON", "PROPN", "DET", "NOUN"]);

/** Computes the cues of an analysed turn. */
export function modalityCues(a: TextAnalysis): ModalityCues {
  const cues: ModalityCues = {
    endsWithQuestionMark: lastNonSpace(a) === "?",
    questionMarks: 0,
    whStart: false,
    auxInversion: false,
    imperative: false,
    please: false,
    dialogueMarkers: 0,
    interlocutorPronouns: 0,
    thirdPersonPronouns: 0,
    pastForms: 0,
    hasPredicate: false,
    exclamations: 0,
    words: 0,
    structure: structureScore(a.text),
  };
  const lexemes = lexemesOf(a);
  for (let i = 0; i < a.values.length; i++) countToken(a, lexemes, i, cues);
  const opening = openingOf(a, lexemes, 0, a.values.length - 1);
  cues.whStart = opening.wh;
  cues.auxInversion = opening.auxInversion;
  cues.imperative = opening.imperative;
  return cues;
}

/** Logit of a default modality, or null when `id` has no rule. */
export function modalityRuleLogit(id: string, c: ModalityCues): number | null {
  switch (id) {
    case "question":
      return (
        (c.endsWithQuestionMark ? 3 : c.questionMarks > 0 ? 1 : 0) +
        (c.whStart ? 1.5 : 0) +
        (c.auxInversion ? 1.5 : 0)
      );
    case "instruction":
      return (c.imperative ? 3 : 0) + (c.please ? 1 : 0);
    case "narrative":
      return isDeclarative(c)
        ? 1.5 + Math.min(2, 0.75 * c.pastForms) + Math.min(1, 0.5 * c.thirdPersonPronouns)
        : 0;
    case "dialogue":
      return (
        Math.min(4, 2 * c.dialogueMarkers) +
        Math.min(1.5, 0.5 * c.interlocutorPronouns) +
        (c.words <= 6 ? 0.5 : 0) +
        (c.exclamations > 0 ? 0.5 : 0)
      );
    case "structured":
      return c.structure;
    default:
      return null;
  }
}

function isDeclarative(c: ModalityCues): boolean {
  return c.hasPredicate && !c.imperative && !c.endsWithQuestionMark && !c.whStart && !c.auxInversion;
}

function countToken(a: TextAnalysis, lexemes: readonly Lexeme[], i: number, c: ModalityCues): void {
  const word = a.normals[i]!;
  const pos = a.pos[i]!;
  if (pos === "PUNCT" || a.types[i] === "punctuation") {
    if (word === "?") c.questionMarks++;
    else if (word === "!") c.exclamations++;
    return;
  }
  if (a.types[i] === "tabCRLF" || pos === "SPACE") return;
  c.words++;
  const flags = lexemes[i]!.flags;
  if (word === "please") c.please = true;
  if ((flags & LEX.dialogue) !== 0 || pos === "INTJ") c.dialogueMarkers++;
  if ((flags & LEX.interlocutor) !== 0) c.interlocutorPronouns++;
  else if ((flags & LEX.thirdPerson) !== 0) c.thirdPersonPronouns++;
  if (pos === "VERB" || pos === "AUX") {
    c.hasPredicate = true;
    if ((flags & LEX.pastForm) !== 0 || (pos === "VERB" && (flags & LEX.endsEd) !== 0)) c.pastForms++;
  }
}

/** How a sentence opens. */
export interface SentenceOpening {
  /** with a question word. */
  wh: boolean;
  /** with an auxiliary before its subject ("Can you...", "Is the..."). */
  auxInversion: boolean;
  /** with a verb in base form ("List...", "Please compute..."). */
  imperative: boolean;
}

/** How tokens start..end open, skipping fillers such as "please", "hello", "now". */
export function sentenceOpening(a: TextAnalysis, start: number, end: number): SentenceOpening {
  return openingOf(a, lexemesOf(a), start, end);
}

function openingOf(a: TextAnalysis, lexemes: readonly Lexeme[], start: number, end: number): SentenceOpening {
  const first = firstContentToken(a, lexemes, start, end);
  if (first < 0) return { wh: false, auxInversion: false, imperative: false };
  const flags = lexemes[first]!.flags;
  const next = a.pos[first + 1];
  const wh = (flags & LEX.wh) !== 0;
  const auxInversion = (flags & LEX.questionAux) !== 0 && next !== undefined && SUBJECT_POS.has(next);
  // Capitalised imperatives are often tagged PROPN by the model, hence the verb list.
  const baseForm = (flags & LEX.baseForm) !== 0;
  // "Name: Lyon" is a key, not a verb.
  const key = a.values[first + 1] === ":";
  const imperative =
    !wh && !auxInversion && !key && ((flags & LEX.imperative) !== 0 || (a.pos[first] === "VERB" && baseForm));
  return { wh, auxInversion, imperative };
}

function firstContentToken(a: TextAnalysis, lexemes: readonly Lexeme[], start: number, end: number): number {
  for (let i = start; i <= end; i++) {
    const pos = a.pos[i];
    if (pos === "PUNCT" || pos === "SPACE" || pos === "INTJ" || (lexemes[i]!.flags & LEX.filler) !== 0)
      continue;
    return i;
  }
  return -1;
}

function lastNonSpace(a: TextAnalysis): string {
  for (let i = a.values.length - 1; i >= 0; i--) if (a.pos[i] !== "SPACE") return a.values[i]!;
  return "";
}

// Character classes of structureScore (ASCII only; 0 = nothing to count).
const PIPE = 1;
const SEMICOLON = 2;
const BRACE = 3;
const COLON = 4;
const NEWLINE = 5;
const BACKTICK = 6;
const GREATER = 7;
const CHAR_CLASS = new Uint8Array(128);
CHAR_CLASS[0x7c] = PIPE;
CHAR_CLASS[0x3b] = SEMICOLON;
for (const c of [0x7b, 0x7d, 0x5b, 0x5d]) CHAR_CLASS[c] = BRACE;
CHAR_CLASS[0x3a] = COLON;
CHAR_CLASS[0x0a] = NEWLINE;
CHAR_CLASS[0x60] = BACKTICK;
CHAR_CLASS[0x3e] = GREATER;

/** Evidence of tables, JSON, code, key/value lines, CSV or bullet lists. */
export function structureScore(text: string): number {
  let pipes = 0;
  let semicolons = 0;
  let braces = 0;
  let colons = 0;
  let newlines = 0;
  // "```", "=>" and "();" anywhere in the text, found in the same pass (c2, c1: previous codes).
  let fence = false;
  let codeMark = false;
  let c2 = 0;
  let c1 = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    switch (c < 128 ? CHAR_CLASS[c] : 0) {
      case 0:
        break;
      case PIPE:
        pipes++;
        break;
      case SEMICOLON:
        semicolons++;
        codeMark ||= c1 === 0x29 && c2 === 0x28;
        break;
      case BRACE:
        braces++;
        break;
      case COLON:
        colons++;
        break;
      case NEWLINE:
        newlines++;
        break;
      case BACKTICK:
        fence ||= c1 === 0x60 && c2 === 0x60;
        break;
      default:
        codeMark ||= c1 === 0x3d; // ">" after "="
    }
    c2 = c1;
    c1 = c;
  }
  let score = 0;
  if (pipes >= 2) score += 3;
  if (braces >= 2 && colons >= 1) score += 3;
  if (fence) score += 3;
  if (semicolons >= 2 || codeMark) score += 1.5;
  if (newlines >= 1) score += lineStructure(text);
  return score;
}

function lineStructure(text: string): number {
  let keyValue = 0;
  let csv = 0;
  let bullets = 0;
  for (const line of text.split("\n")) {
    if (/^\s*[\w .-]{1,40}\s*[:=]\s*\S/.test(line)) keyValue++;
    if ((line.match(/,/g)?.length ?? 0) >= 2 && !/\s\w+\s\w+\s\w+\s/.test(line)) csv++;
    if (/^\s*([-*•]|\d+[.)])\s+\S/.test(line)) bullets++;
  }
  // Two or more such lines are a strong sign: prose rarely has them (one line may be "Note: ...").
  return (keyValue >= 2 ? 3 : 0) + (csv >= 2 ? 3 : 0) + (bullets >= 2 ? 3 : 0);
}
