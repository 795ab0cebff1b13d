/**
 * @module state/dialogue-acts
 * Domain-free dialogue acts the fact ledger needs (issue 11 item 4): acceptances ("Yes,
 * please.", "That works"), rejections ("No, not that one", "Anything else?"), bare
 * acknowledgements that are never facts, corrections ("Actually, make it four"), what a question
 * asks for ("Which city are you flying from?" → city) and the value of a short answer
 * ("Somewhere in Denver, please." → Denver).
 */

const ACCEPT_RE =
  /^(?:yes|yeah|yep|yup|sure|ok|okay|alright|all right|perfect|great|sounds good|sounds great|that works|that's fine|that is fine|fine|correct|that's right|that is right|right|absolutely|definitely|of course|please do|go ahead|do it|book it|let's do (?:it|that)|exactly|confirmed?|why not)\b/;
const REJECT_RE =
  /^(?:no|nope|nah|not (?:that|really|right now|now)|never ?mind|i'?d rather not|something else|anything else|any other|other options|none of)\b|\b(?:something else|any other options|anything else\?|not that one)/;
const ACK_WORDS = new Set([
  "yes",
  "yeah",
  "yep",
  "no",
  "nope",
  "ok",
  "okay",
  "sure",
  "thanks",
  "thank",
  "you",
  "please",
  "great",
  "perfect",
  "fine",
  "good",
  "sounds",
  "right",
  "that",
  "that's",
  "is",
  "it",
  "works",
  "for",
  "me",
  "all",
  "alright",
  "correct",
  "go",
  "ahead",
  "cool",
  "awesome",
  "nice",
  "bye",
  "goodbye",
  "hi",
  "hello",
  "hey",
  "much",
  "so",
  "very",
  "would",
  "be",
  "lovely",
  "wonderful",
  "excellent",
  "will",
  "do",
  "got",
  "it's",
  "i'm",
  "im",
  "indeed",
  "absolutely",
  "definitely",
  "agreed",
  "exactly",
  "of",
  "course",
  "not",
  "now",
  "the",
  "a",
  "just",
  "what",
  "i",
  "needed",
  "wanted",
  "everything",
  "that'll",
  "need",
  "anything",
  "else",
  "nothing",
  "done",
  "great,",
  "let's",
  "lets",
]);
const CORRECTION_RE =
  /\b(?:actually|instead|i meant|i mean|change (?:it|that|this)|make (?:it|that)|rather|correction|wait|sorry,? (?:i|make|change|can)|switch (?:it|that) to|update (?:it|that))\b/;
// Patterns naming what a question asks for, most specific first; group 1 is the noun.
const QUESTION_NOUN_RES = [
  /\b(?:which|what)\s+(?:kind|type|sort)\s+of\s+([a-z]+)/,
  /\bhow many\s+([a-z]+)/,
  /\b(?:which|what)\s+([a-z]+)/,
  /\byour\s+(?:[a-z]+\s+)?([a-z]+)\s*\?/,
  /\b(?:any|a)\s+(?:[a-z]+\s+)?([a-z]+)\s+(?:in mind|preference)/,
  /\bany\s+([a-z]+)/,
];
const NOT_NOUNS = new Set([
  "is",
  "are",
  "was",
  "were",
  "do",
  "does",
  "did",
  "would",
  "should",
  "could",
  "can",
  "will",
  "kind",
  "type",
  "sort",
  "else",
  "about",
  "s",
  "you",
  "i",
  "we",
  "they",
  "it",
  "the",
  "a",
  "an",
  "to",
  "of",
  "for",
  "in",
  "on",
  "at",
]);
const WH_ATTRIBUTE: [RegExp, string][] = [
  [/\bwhere\b.*\bfrom\b/, "from"],
  [/\bwhere\b.*\bto\b\s*\?/, "to"],
  [/\bwhere\b/, "place"],
  [/\bwhat time\b|\bwhen\b/, "when"],
  [/\bhow much\b/, "amount"],
  [/\bhow long\b/, "duration"],
  [/\bwho\b/, "person"],
];
const FILLER_RE =
  /^(?:(?:actually|sorry|wait|could you do|can we do|can we change (?:it|that) to|change (?:it|that) to|i meant|yes|yeah|ok|okay|sure|well|um|uh|hmm|oh|so|and|but|i think|maybe|probably|perhaps|let's say|let's go with|i'd like|i would like|i want|i need|i'll take|i'll be|we'll be|we'd like|it's|it is|that's|that is|call it|just|only|somewhere|something|some|like|my|our|a|an|the|in|on|at|to|for|from|with|by|around|about|make it)\s*,?\s+)+/i;
const TRAILING_RE =
  /(?:\s*,?\s*(?:please|thanks|thank you|instead|if possible|works best|would be great|is fine|would be nice|i think|maybe|one))+$/i;
const MAX_ANSWER_WORDS = 5;

/** Whether a user turn accepts what was offered ("Yes, please.", "Sounds good."). */
export function isAcceptance(text: string): boolean {
  const t = text.trim().toLowerCase();
  return ACCEPT_RE.test(t) && !isRejection(t);
}

/** Whether a user turn rejects what was offered ("No, not that one.", "Anything else?"). */
export function isRejection(text: string): boolean {
  return REJECT_RE.test(text.trim().toLowerCase());
}

/** Whether a sentence is only an acknowledgement, greeting or thanks: never a fact. */
export function isAcknowledgement(sentence: string): boolean {
  const words = sentence.toLowerCase().match(/[a-z0-9$']+/g) ?? [];
  return words.length > 0 && words.length <= 8 && words.every((w) => ACK_WORDS.has(w));
}

/** Whether a turn corrects an earlier value ("Actually, make it four instead."). */
export function isCorrection(text: string): boolean {
  return CORRECTION_RE.test(text.toLowerCase());
}

/**
 * What a question asks for: its head noun ("Which cabin would you like?" → cabin, "How many
 * nights?" → nights, "What's your destination?" → destination) or its question word's role
 * ("Where are you flying from?" → from, "Who is it with?" → person); null for none.
 */
export function questionAttribute(question: string): string | null {
  const q = question.toLowerCase().replace(/what's/g, "what is");
  for (const re of QUESTION_NOUN_RES) {
    const noun = re.exec(q)?.[1];
    if (noun !== undefined && !NOT_NOUNS.has(noun))
      return noun === "time" ? "when" : noun === "day" ? "date" : noun;
  }
  for (const [re, attribute] of WH_ATTRIBUTE) if (re.test(q)) return attribute;
  return null;
}

/**
 * The value of a short answer ("Somewhere in Denver." → Denver, "Premium economy, please." →
 * premium economy), or null when the turn is no bare answer (too long, an acknowledgement, a
 * question).
 */
export function answerValue(answer: string): string | null {
  const t = answer.trim().replace(/[.!]+$/, "");
  if (
    t.length === 0 ||
    t.endsWith("?") ||
    isAcknowledgement(t) ||
    isAcceptance(t) ||
    isRejection(t) ||
    t.split(/\s+/).length > MAX_ANSWER_WORDS + 3
  )
    return null;
  const value = t
    .replace(FILLER_RE, "")
    .replace(TRAILING_RE, "")
    .replace(/^[,\s]+|[,\s]+$/g, "");
  if (value.length === 0 || value.split(/\s+/).length > MAX_ANSWER_WORDS) return null;
  return value;
}
