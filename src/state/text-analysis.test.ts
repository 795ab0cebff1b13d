import { describe, expect, it } from "vitest";
import model from "wink-eng-lite-web-model";
import winkNLP from "wink-nlp";
import { lexemeOf } from "./lexeme.js";
import { analyzeText, lexemesOf, splitSentences } from "./text-analysis.js";

const TEXTS = [
  "Hello!   The stock of  Lyon-Depot is 420 units.\nIt can't ship, won't it? Dr. Smith paid $3.5 million.",
  "Email bob@example.com at 10:30am, #tag @user :) 3rd time; İstanbul ΣΣ.",
  "Zzyzx-Qorp42 frobnicates the quux, then glorps.",
];

describe("analyzeText", () => {
  const nlp = winkNLP(model, ["pos"]);

  it("gives wink's values, token types, POS and spaces, and lower-cased normals", () => {
    for (const text of TEXTS) {
      // twice: the second analysis reads the token types from the memo of word forms
      for (const round of [1, 2]) {
        const a = analyzeText(`${text} (${round})`);
        const tokens = nlp.readDoc(`${text} (${round})`).tokens();
        expect(a.values).toEqual(tokens.out());
        expect(a.types).toEqual(tokens.out(nlp.its.type));
        expect(a.pos).toEqual(tokens.out(nlp.its.pos));
        expect(a.spaces).toEqual(tokens.out(nlp.its.precedingSpaces));
        expect(a.normals).toEqual(a.values.map((value) => value.toLowerCase()));
      }
    }
  });

  it("splits sentences on terminals, closers and line breaks", () => {
    const a = analyzeText('He left." Then she said: fine. What?\nok');
    expect(a.sentences.map(([start, end]) => a.values.slice(start, end + 1).join(" "))).toEqual([
      'He left . "',
      "Then she said : fine .",
      "What ?",
      "\n",
      "ok",
    ]);
    expect(splitSentences(a.values, a.types, a.spaces)).toEqual(a.sentences);
  });

  it("gives the lexemes of the last analysis and of any other", () => {
    const first = analyzeText(TEXTS[0]!);
    const second = analyzeText(TEXTS[1]!);
    expect(lexemesOf(second)).toEqual(second.values.map(lexemeOf));
    expect(lexemesOf(first)).toEqual(first.values.map(lexemeOf));
    expect(analyzeText(TEXTS[1]!)).toBe(second);
  });
});
