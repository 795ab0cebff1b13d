import { describe, expect, it } from "vitest";
import { describeForm, isIdentifierLike, LEX, lexemeOf } from "./lexeme.js";
import {
  COPULAS,
  DIALOGUE_MARKERS,
  IMPERATIVE_VERBS,
  isNounDeterminer,
  isRelationWord,
  SENTENCE_TERMINALS,
  STOP_WORDS,
  WH_WORDS,
} from "./lexicon.js";
import { stemLite } from "./stem.js";

const FORMS = ["The", "which", "Supplies", "located", "List", "Thanks", "is", "A", "a", "EUR", "SKU-1182"];

describe("lexemes", () => {
  it("hold the lower-cased form and its stem", () => {
    for (const form of FORMS) {
      const lexeme = describeForm(form);
      expect(lexeme.normal).toBe(form.toLowerCase());
      expect(lexeme.stem).toBe(stemLite(form.toLowerCase()));
    }
  });

  it("set a flag exactly when the word list holds the form", () => {
    const has = (form: string, bit: number): boolean => (describeForm(form).flags & bit) !== 0;
    for (const form of [...FORMS, "?", "...", "because", "hello"]) {
      const normal = form.toLowerCase();
      expect(has(form, LEX.stop), form).toBe(STOP_WORDS.has(normal));
      expect(has(form, LEX.wh), form).toBe(WH_WORDS.has(normal));
      expect(has(form, LEX.imperative), form).toBe(IMPERATIVE_VERBS.has(normal));
      expect(has(form, LEX.dialogue), form).toBe(DIALOGUE_MARKERS.has(normal));
      expect(has(form, LEX.copula), form).toBe(COPULAS.has(normal));
      expect(has(form, LEX.relation), form).toBe(isRelationWord(normal));
      expect(has(form, LEX.nounDeterminer), form).toBe(isNounDeterminer(form));
      expect(has(form, LEX.terminal), form).toBe(SENTENCE_TERMINALS.has(form));
      expect(has(form, LEX.identifierLike), form).toBe(isIdentifierLike(form));
    }
    expect(has("EUR", LEX.upper3)).toBe(true);
    expect(has("SKU-1182", LEX.digit)).toBe(true);
    expect(has("located", LEX.endsEd)).toBe(true);
    expect(has("list", LEX.baseForm)).toBe(true);
    expect(has("lists", LEX.baseForm)).toBe(false);
  });

  it("are memoised per form", () => {
    expect(lexemeOf("Depot")).toBe(lexemeOf("Depot"));
    expect(lexemeOf("Depot")).toEqual(describeForm("Depot"));
  });

  it("recognise identifiers: camelCase, letters with digits, short acronyms", () => {
    expect(["sortUsers", "SKU-1182", "API", "UNESCO"].map(isIdentifierLike)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(["Lyon", "lyon", "SHOUTING", "user_id"].map(isIdentifierLike)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
