/**
 * @module state/lexicon
 * Closed-class word lists the classifier, the complexity estimate and the fact extractor share.
 * English only, like the wink model. Relation verbs are stored as {@link stemLite} stems.
 */
import { stemLite } from "./stem.js";

const set = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter(Boolean));
const stems = (words: string): ReadonlySet<string> =>
  new Set(words.split(/\s+/).filter(Boolean).map(stemLite));

/** Interrogative words that open a question. */
export const WH_WORDS = set("what who whom whose which when where why how");

/** Auxiliaries and modals that open a yes/no question when followed by their subject. */
export const QUESTION_AUXILIARIES = set(
  "is are was were am do does did can could would will shall should may might must have has had isn't aren't don't doesn't didn't can't won't",
);

/** Words that make a turn about the conversation itself. */
export const DIALOGUE_MARKERS = set(
  "hello hi hey thanks thank cheers bye goodbye sorry okay ok sure yes yeah no nope great welcome please appreciate",
);

/** First- and second-person pronouns: a speaker addressing a listener. */
export const INTERLOCUTOR_PRONOUNS = set("i me my mine we us our ours you your yours");

/** Third-person pronouns: typical of narration. */
export const THIRD_PERSON_PRONOUNS = set("he she they him her them his hers their theirs it its");

/** Past-tense auxiliaries and frequent irregular past forms, for narrative detection. */
export const PAST_FORMS = set(
  "was were had did went came took made said got gave found left broke ran sent brought bought sold told knew thought became began kept held stood lost met paid",
);

/**
 * Verbs that open an instruction. Needed beyond POS tags because the wink model tags many
 * capitalised sentence-initial verbs ("List", "Plan", "Check") as proper nouns.
 */
export const IMPERATIVE_VERBS = set(
  "list write give make compute calculate find show tell explain summarise summarize correct fix plan check create " +
    "generate draft translate rewrite rephrase sort count add remove delete update describe compare define identify " +
    "name send book schedule help let get put set use open close run build design suggest recommend provide outline " +
    "review analyse analyze estimate convert solve determine look search fetch retrieve return read print invent " +
    "imagine compose keep move change format parse debug implement refactor test prove derive simplify evaluate " +
    "recap condense shorten expand continue repeat clarify confirm verify assign rank group filter merge split answer",
);

/** Subordinators unambiguous enough to open a clause whatever tag the model gives them. */
export const CLEAR_SUBORDINATORS = set("because although though whereas unless whether if");

/** Words skipped before the first content token: "Hello, please list...", "Now compute...". */
export const LEADING_FILLERS = set("please kindly now then also just so ok okay hello hi hey");

/** Symbols that mark code in a turn. */
export const CODE_SYMBOLS = set("{ } ; => == === () [] ` ```");

/** Tokens that end a sentence. */
export const SENTENCE_TERMINALS = set(". ! ? ... … ?! !? !! ??");

/** Closers that stay with the sentence they follow ('He left." Then...'). */
export const SENTENCE_CLOSERS: ReadonlySet<string> = new Set(['"', "'", ")", "]", "”", "’", "»"]);

/** Joiners that glue identifier parts when written without spaces ("Lyon-Depot", "user_id"). */
export const IDENTIFIER_GLUE = set("- _ / . & @ #");

/** Relative pronouns and adverbs: open a relative clause when they follow a noun. */
export const RELATIVE_WORDS = set("which who whom whose that where");

/** Single-word inferential connectives: each is one step of an inference chain. */
export const INFERENTIAL_CONNECTIVES = set(
  "if because therefore thus hence since consequently implies imply implied entails so accordingly",
);

/** Two-word inferential connectives, written with one space. */
export const INFERENTIAL_PHRASES: ReadonlySet<string> = new Set([
  "which means",
  "that means",
  "it follows",
  "given that",
  "as a result",
  "it implies",
]);

/** Stems of verbs that relate two entities ("A supplies B"): links of a relation chain. */
export const RELATION_STEMS = stems(
  "supplies owns manages reports depends ships delivers sends sells buys contains holds belongs connects links " +
    "feeds precedes follows causes leads requires produces employs funds controls serves sources imports exports " +
    "located costs pays provides runs operates hosts stores calls invokes inherits extends parent child married " +
    "founded acquired borders neighbours supervises distributes transfers routes",
);

/** Copulas and possession verbs: with a subject and a complement they state a fact. */
export const COPULAS = set("is are was were has have had holds contains costs equals");

/** Words skipped when building prototype term vectors. */
export const STOP_WORDS = set(
  "a an the of to in on at by for with from and or but is are was were be been being am this that these those it its " +
    "i me my we us our you your he she they them his her their do does did can could would will shall should may might " +
    "must have has had there here some any all as into than then also just very so not no yes",
);

// Memo of isRelationWord: word forms repeat across turns; bounded so it cannot grow forever.
const relationMemo = new Map<string, boolean>();
const RELATION_MEMO_LIMIT = 8192;

/** Whether a lower-cased word form is a relation verb ("supplies", "located", "costs"). */
export function isRelationWord(word: string): boolean {
  let known = relationMemo.get(word);
  if (known === undefined) {
    known = RELATION_STEMS.has(stemLite(word));
    if (relationMemo.size >= RELATION_MEMO_LIMIT) relationMemo.clear();
    relationMemo.set(word, known);
  }
  return known;
}

/**
 * Words that make the next word a noun ("the supplies", "our holdings"). Capitalised "A" is
 * left out on purpose: in "A supplies B" it is a name, and the model tags it DET either way.
 */
const NOUN_DETERMINERS = set(
  "the a an these those this our their your my its his her some any no every each",
);

/** Whether `previous` (the surface form before a word) makes that word a noun. */
export function isNounDeterminer(previous: string | undefined): boolean {
  return previous !== undefined && previous !== "A" && NOUN_DETERMINERS.has(previous.toLowerCase());
}
