/**
 * @module eval/verifier
 * The rule-based verifier of synthetic turns (SPEC §3 outcomes, §10 end-to-end success). It
 * reads the answer key; the model never does. An answer is correct when it states the expected
 * result, mentions every required string, and does not ask for clarification instead.
 *
 * Where the result must appear: in the last "Answer: …" line when the answer has one (the
 * agreed output format), else anywhere outside a leading "Facts so far: …" restatement — so
 * restating the right fact and then concluding something else is not counted as right.
 */
import type { SyntheticConversation, SyntheticTurn } from "./generator/types.js";

/** The verdict on one answer. */
export interface Verdict {
  correct: boolean;
  /** the answer asks the user for clarification. */
  clarification: boolean;
  /** what a correct answer lacked: the expected result and/or required strings. */
  missing: string[];
  /**
   * rejected only for its format: the answer ends with an empty "Answer:" line while the expected
   * result and every required string are in its body (outside a "Facts so far" restatement). A
   * non-empty answer line that states something else is a wrong claim, not a format error.
   */
  formatError: boolean;
}

const CLARIFICATION_PATTERNS: readonly RegExp[] = [
  /\b(could|can|would) you (please )?(clarify|confirm|specify|provide|share|tell me|give me|remind me)\b/i,
  /\bplease (clarify|specify|provide|confirm)\b/i,
  /\b(what|which one) do you mean\b/i,
  /\bcould you be more specific\b/i,
  /\bI need (more information|to know|the)\b[^.?!]*\?/i,
];

/** True when `answer` asks the user for clarification. */
export function isClarificationRequest(answer: string): boolean {
  return CLARIFICATION_PATTERNS.some((re) => re.test(answer));
}

/** Verifies `answer` against the answer key of `turn`. */
export function verifyTurn(turn: Pick<SyntheticTurn, "expected">, answer: string): Verdict {
  const clarification = isClarificationRequest(answer);
  const body = tokens(withoutRestatement(answer));
  const missing: string[] = [];
  const { result, mustInclude } = turn.expected;
  if (result !== null && !containsPhrase(tokens(claimOf(answer)), tokens(result))) missing.push(result);
  for (const s of mustInclude) if (!containsPhrase(body, tokens(s))) missing.push(s);
  const answered = answer.trim().length > 0;
  const correct = answered && !clarification && missing.length === 0;
  const formatError =
    !correct &&
    answered &&
    !clarification &&
    result !== null &&
    tokens(claimOf(answer)).length === 0 &&
    containsPhrase(body, tokens(result)) &&
    mustInclude.every((m) => containsPhrase(body, tokens(m)));
  return { correct, clarification, missing, formatError };
}

/** The part of the answer that states its result: the last "Answer:" line, else the body. */
function claimOf(answer: string): string {
  const lines = answer.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^\s*\**answer\**\s*:\s*(.*)$/i.exec(lines[i]!);
    if (m) return m[1]!;
  }
  return withoutRestatement(answer);
}

/** The answer without its leading "Facts so far: …" line(s). */
function withoutRestatement(answer: string): string {
  return answer
    .split(/\r?\n/)
    .filter((line) => !/^\s*facts so far\s*:/i.test(line))
    .join("\n");
}

const TOKEN_RE = /[\p{L}\p{N}]+(?:[-.][\p{L}\p{N}]+)*/gu;

/** Lower-cased word tokens; "1,234" reads as "1234"; hyphenated names stay one token, "X's" is X. */
function tokens(text: string): string[] {
  return (
    text
      .replace(/(\d),(?=\d{3}\b)/g, "$1")
      .toLowerCase()
      .match(TOKEN_RE) ?? []
  );
}

function containsPhrase(haystack: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return true;
  outer: for (let i = 0; i + phrase.length <= haystack.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (haystack[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/** A finished turn as the orchestrator reports it to an outcome source. */
export interface VerifiedTurnInput {
  conversationId?: string;
  userContent: string;
  answer: string;
}

/** A verifier over a whole dataset: finds the turn a user message came from. */
export interface RuleVerifier {
  /** the dataset turn whose user message is `message` (in `conversationId` when known). */
  turnFor(message: string, conversationId?: string): SyntheticTurn | undefined;
  /** the verdict on `answer`, or undefined when the message is not from the dataset. */
  verify(message: string, answer: string, conversationId?: string): Verdict | undefined;
  /**
   * Outcome source for the orchestrator (`verifier` option): 1 when correct, 0 when not, null
   * when the message is not from the dataset or matches several turns with different keys.
   */
  outcome(turn: VerifiedTurnInput): number | null;
}

/** Builds a {@link RuleVerifier} over `dataset`. */
export function createRuleVerifier(dataset: readonly SyntheticConversation[]): RuleVerifier {
  const byConversation = new Map<string, Map<string, SyntheticTurn>>();
  const byMessage = new Map<string, SyntheticTurn[]>();
  for (const conversation of dataset) {
    const turns = new Map<string, SyntheticTurn>();
    for (const turn of conversation.turns) {
      const key = normalise(turn.user);
      turns.set(key, turn);
      byMessage.set(key, [...(byMessage.get(key) ?? []), turn]);
    }
    byConversation.set(conversation.id, turns);
  }
  const turnFor = (message: string, conversationId?: string): SyntheticTurn | undefined => {
    const key = normalise(message);
    const own = conversationId === undefined ? undefined : byConversation.get(conversationId)?.get(key);
    if (own) return own;
    const candidates = byMessage.get(key);
    if (!candidates || candidates.length === 0) return undefined;
    const first = JSON.stringify(candidates[0]!.expected);
    return candidates.every((t) => JSON.stringify(t.expected) === first) ? candidates[0] : undefined;
  };
  const verify = (message: string, answer: string, conversationId?: string) => {
    const turn = turnFor(message, conversationId);
    return turn ? verifyTurn(turn, answer) : undefined;
  };
  return {
    turnFor,
    verify,
    outcome: (t) => {
      const verdict = verify(t.userContent, t.answer, t.conversationId);
      return verdict ? (verdict.correct ? 1 : 0) : null;
    },
  };
}

function normalise(message: string): string {
  return message.replace(/\s+/g, " ").trim();
}
