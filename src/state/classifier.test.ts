import { describe, expect, it } from "vitest";
import { createClassifier } from "./classifier.js";
import { resolveTaxonomy } from "./taxonomy.js";

const taxonomy = resolveTaxonomy();
const classifier = createClassifier(taxonomy);
const taskOf = (text: string) => taxonomy.taskTypes[classifier.classify(text).taskIndex]!.id;
const modalityOf = (text: string) => taxonomy.modalities[classifier.classify(text).modalityIndex]!.id;
const complexityOf = (text: string) => classifier.classify(text).complexity;

// Held-out utterances (none is an example of the default taxonomy).
const CLEAR_TASKS: Record<string, string[]> = {
  retrieval: ["Find the delivery note for shipment 4471.", "Look up the phone number of the Berlin office."],
  problem_solving: [
    "How can we fix the memory leak in production?",
    "Plan a schedule so that three trucks cover all five sites.",
  ],
  creative: ["Write a poem about autumn rain.", "Invent a name and a tagline for a coffee shop."],
  grammar: [
    "Rewrite this paragraph in the passive voice.",
    "Is this sentence grammatically correct: 'he go to school'?",
  ],
  knowledge: ["Explain what photosynthesis is.", "Tell me about the history of the Roman empire."],
  reasoning: [
    "If all managers are employees and Ana is a manager, is Ana an employee?",
    "Deduce which supplier ships to Paris indirectly.",
  ],
  math: ["Calculate the average of 4, 8 and 15.", "How many boxes remain if we ship 120 of 450?"],
  code: [
    "Write a Python function that reverses a string.",
    "Debug this SQL query: SELECT * FROM users WHERE id = ;",
  ],
  summarisation: [
    "Summarize the meeting notes in three bullet points.",
    "Give me a short recap of the discussion.",
  ],
  dialogue: ["Thanks a lot, bye!", "Sorry, what do you mean?"],
};

const CLEAR_MODALITIES: Record<string, string[]> = {
  question: ["What time does the store open?", "Is the Lyon warehouse open on Sundays?"],
  instruction: ["List all suppliers in France.", "Please send the report to Marta."],
  narrative: [
    "The truck left Lyon at dawn and reached Paris before noon.",
    "Last year the company moved its headquarters to Geneva.",
  ],
  dialogue: ["Thanks, that helps a lot!", "Okay, sure, no problem."],
  structured: [
    "id | name | stock\n1 | bolts | 40\n2 | nuts | 75",
    '{"order": 1182, "status": "shipped"}',
    "name: Lyon\ncapacity: 400\nmanager: Claire",
  ],
};

describe("default taxonomy routing", () => {
  for (const [task, texts] of Object.entries(CLEAR_TASKS)) {
    it(`routes clear ${task} turns to ${task}`, () => {
      for (const text of texts) expect(taskOf(text), text).toBe(task);
    });
  }

  for (const [modality, texts] of Object.entries(CLEAR_MODALITIES)) {
    it(`recognises the ${modality} modality`, () => {
      for (const text of texts) expect(modalityOf(text), text).toBe(modality);
    });
  }

  it("returns distributions over all categories that sum to 1", () => {
    const f = classifier.classify("Compute 15 percent of 240, please.");
    expect(f.taskScores).toHaveLength(10);
    expect(f.modalityScores).toHaveLength(5);
    expect(f.taskScores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(f.modalityScores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(f.taskScores[f.taskIndex]).toBe(Math.max(...f.taskScores));
    expect(f.tokenCount).toBe(6);
  });

  it("is deterministic across calls and instances", () => {
    const text = "If Lyon-Depot supplies Berlin Hub, who supplies Acme Corp?";
    const a = classifier.classify(text);
    const b = createClassifier(resolveTaxonomy()).classify(text);
    expect([...a.taskScores]).toEqual([...b.taskScores]);
    expect([...a.modalityScores]).toEqual([...b.modalityScores]);
    expect(a.complexity).toEqual(b.complexity);
    expect(a.entities).toEqual(b.entities);
  });

  it("handles empty and punctuation-only turns", () => {
    const f = classifier.classify("");
    expect(f.tokenCount).toBe(0);
    expect(f.complexity).toEqual({ syntacticDepth: 1, entityCount: 0, inferenceSteps: 1 });
    expect(f.taskScores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(classifier.classify("?!").tokenCount).toBe(0);
  });
});

describe("entities", () => {
  it("finds proper-noun runs, hyphenated ids, quantities and labelled numbers", () => {
    const f = classifier.classify(
      "If Lyon-Depot supplies Berlin Hub with 40 kg of steel and Berlin Hub supplies Acme Corp, which supplier ships order 1182 by Friday?",
    );
    expect(f.entities).toEqual(["Lyon-Depot", "Berlin Hub", "40 kg", "Acme Corp", "order 1182", "Friday"]);
    expect(f.complexity.entityCount).toBe(6);
  });

  it("does not take a capitalised imperative verb for a name", () => {
    expect(classifier.classify("List the suppliers in Lyon.").entities).toEqual(["Lyon"]);
    expect(classifier.classify("Check Acme Corp invoices.").entities).toEqual(["Acme Corp"]);
  });

  it("finds identifiers and codes", () => {
    const f = classifier.classify("Why does sortUsers fail on SKU-1182 when user_id is null in the API?");
    expect(f.entities).toEqual(["sortUsers", "SKU-1182", "user_id", "API"]);
  });

  it("merges wink NER spans (dates, money) when ner is on", () => {
    const ner = createClassifier(taxonomy, { ner: true });
    const f = ner.classify("Dr. Smith paid $3.5 million on 12 March 2024.");
    expect(f.entities).toContain("12 March 2024");
    expect(f.entities).toContain("Dr. Smith");
  });
});

describe("complexity", () => {
  it("grows with nested clauses", () => {
    const flat = complexityOf("The supplier ships steel.").syntacticDepth;
    const one = complexityOf("The supplier that owns the depot ships steel.").syntacticDepth;
    const three = complexityOf(
      "The supplier that owns the depot which stores the steel that the factory needs ships it because the order is late.",
    ).syntacticDepth;
    expect(one).toBeGreaterThan(flat);
    expect(three).toBeGreaterThan(one + 1);
  });

  it("grows with nested prepositional phrases", () => {
    const short = complexityOf("The box is on the shelf.").syntacticDepth;
    const long = complexityOf("The box is on the shelf in the room of the house by the lake.").syntacticDepth;
    expect(long).toBeGreaterThan(short + 2);
  });

  it("counts more entities in a turn that names more", () => {
    const few = complexityOf("Acme Corp ships to Paris.").entityCount;
    const many = complexityOf(
      "Acme Corp ships 40 kg to Paris, Lyon, Berlin Hub and Lyon-Depot for Claire Dubois.",
    ).entityCount;
    expect(few).toBe(2);
    expect(many).toBe(7);
  });

  it("grows with longer if-then and relation chains", () => {
    const one = complexityOf("If the depot is open, then ship the order.").inferenceSteps;
    const two = complexityOf(
      "If the depot is open, then the truck leaves, therefore the order ships.",
    ).inferenceSteps;
    const chain = complexityOf(
      "A supplies B, which supplies C, which supplies D, which supplies E; so who supplies E indirectly because of A?",
    ).inferenceSteps;
    expect(complexityOf("Ship the order.").inferenceSteps).toBe(1);
    expect(one).toBe(2);
    expect(two).toBe(3);
    expect(chain).toBeGreaterThan(two + 1);
  });

  it("clamps depth to 1..15 and inference to 1..10", () => {
    const nested = Array.from({ length: 20 }, (_, i) => `the clerk who knows the agent ${i}`).join(" that ");
    const f = complexityOf(`${nested} is here.`);
    expect(f.syntacticDepth).toBe(15);
    const ifs = Array.from({ length: 15 }, (_, i) => `if step ${i} holds then`).join(" ");
    expect(complexityOf(`${ifs} we win.`).inferenceSteps).toBe(10);
  });
});

describe("user-declared taxonomy", () => {
  const business = resolveTaxonomy({
    taskTypes: [
      {
        id: "billing",
        description: "invoices, payments, refunds and charges on the customer's account",
        examples: [
          "I was charged twice for my subscription this month",
          "Can I get a copy of last month's invoice?",
          "My credit card payment was declined",
        ],
      },
      {
        id: "shipping",
        description: "delivery of parcels, tracking, couriers and delivery addresses",
        examples: [
          "Where is my parcel? The tracking number does not work",
          "Can the courier deliver to my office address instead?",
          "The delivery is three days late",
        ],
      },
      {
        id: "hr",
        description: "employees, holidays, salaries, hiring and contracts of staff",
        examples: [
          "How many vacation days do I have left this year?",
          "When will the new salary be paid to employees?",
          "We need to hire two engineers for the Lyon team",
        ],
      },
    ],
    modalities: [
      {
        id: "email",
        description: "a formal written message",
        examples: ["Dear team, please find attached the report. Best regards"],
      },
      {
        id: "chat",
        description: "a quick informal chat line",
        examples: ["hey can u check this real quick"],
      },
    ],
  });
  const custom = createClassifier(business);
  const taskIn = (text: string) => business.taskTypes[custom.classify(text).taskIndex]!.id;

  it("classifies its own examples correctly", () => {
    for (const category of business.taskTypes) {
      for (const example of category.examples) expect(taskIn(example), example).toBe(category.id);
    }
  });

  it("classifies new utterances from descriptions and examples alone", () => {
    expect(taskIn("Please refund the payment for invoice 88")).toBe("billing");
    expect(taskIn("The courier lost my parcel")).toBe("shipping");
    expect(taskIn("Our new employees need contracts before their holidays")).toBe("hr");
  });

  it("matches multi-word keywords as phrases", () => {
    const phrased = resolveTaxonomy({
      taskTypes: [
        { id: "availability", keywords: ["in stock"] },
        { id: "inventory", keywords: ["stock"] },
      ],
      modalities: [{ id: "question" }],
    });
    const c = createClassifier(phrased);
    expect(phrased.taskTypes[c.classify("Is the blue chair in stock?").taskIndex]!.id).toBe("availability");
    expect(phrased.taskTypes[c.classify("Count the stock, then the chairs.").taskIndex]!.id).toBe(
      "inventory",
    );
  });

  it("falls back to prototypes for custom modalities", () => {
    const f = custom.classify("Dear colleagues, please find the signed report attached. Best regards, Ana");
    expect(f.modalityScores).toHaveLength(2);
    expect(business.modalities[f.modalityIndex]!.id).toBe("email");
    expect(business.modalities[custom.classify("hey u there? quick check").modalityIndex]!.id).toBe("chat");
  });
});

describe("conversation-aware classification (issue 11)", () => {
  const taxonomy = resolveTaxonomy({
    taskTypes: [
      {
        id: "restaurants",
        description: "find and book a table at a restaurant",
        examples: ["Book a table for two"],
      },
      { id: "hotels", description: "find and book a hotel room", examples: ["I need a hotel room in Paris"] },
      { id: "weather", description: "weather forecast for a city", examples: ["Will it rain tomorrow?"] },
    ],
    modalities: [{ id: "text", description: "any text" }],
  });
  const classifier = createClassifier(taxonomy);
  const id = (f: { taskIndex: number }) => taxonomy.taskTypes[f.taskIndex]!.id;

  it("reports no confidence for a turn without domain words, and keeps the current task", () => {
    const alone = classifier.classify("Yes, that's right.");
    expect(alone.confidence).toBeLessThan(0.05);
    const hotel = classifier.classify("I need a hotel room in Rome for three nights");
    expect(id(hotel)).toBe("hotels");
    expect(hotel.confidence).toBeGreaterThan(0.3);
    const yes = classifier.classify("Yes, that's right.", { previousTaskScores: hotel.taskScores });
    expect(id(yes)).toBe("hotels");
  });

  it("follows the offer made in the previous answer", () => {
    const table = classifier.classify("Book a table for two at an Italian restaurant");
    expect(id(table)).toBe("restaurants");
    const yes = classifier.classify("Yes please.", {
      previousTaskScores: table.taskScores,
      previousAnswer: "Your table is booked for 8 pm. Shall I also book a hotel room nearby?",
    });
    expect(id(yes)).toBe("hotels");
  });

  it("keeps the task through a run of turns without domain words (belief filter: no flattening)", () => {
    const filtered = createClassifier(taxonomy, { hazardPriorTurns: 0 });
    let features = filtered.classify("I need a hotel room in Rome for three nights");
    const confident = Math.max(...features.taskScores);
    for (const text of ["Yes.", "Okay.", "Sure.", "Three.", "No, not that one.", "Sounds good."]) {
      features = filtered.classify(text, { previousTaskScores: features.taskScores });
      expect(id(features)).toBe("hotels");
    }
    // the belief settles at the hazard's fixed point, clearly above the other tasks'
    expect(Math.max(...features.taskScores)).toBeLessThanOrEqual(confident + 1e-6);
    expect(Math.max(...features.taskScores)).toBeGreaterThan(0.5);
  });

  it("reads each turn alone when the hazard is 1 − ε and the answer is ignored", () => {
    const alone = createClassifier(taxonomy, { switchHazard: 0.999, hazardPriorTurns: 0, answerWeight: 0 });
    const hotel = alone.classify("I need a hotel room in Rome");
    const yes = alone.classify("Yes.", { previousTaskScores: hotel.taskScores });
    const uniform = 1 / taxonomy.taskTypes.length;
    for (const p of yes.taskScores) expect(p).toBeCloseTo(uniform, 2);
  });

  it("learns the switch hazard from the traffic: high when every turn changes task, low in task dialogues", () => {
    const texts = [
      "I need a hotel room in Rome for three nights",
      "Will it rain in Rome tomorrow? What is the weather forecast?",
      "Book a table for two at an Italian restaurant",
    ];
    const hopping = createClassifier(taxonomy);
    let previous: Float32Array | undefined;
    for (let i = 0; i < 600; i++) {
      const f = hopping.classify(texts[i % 3]!, previous ? { previousTaskScores: previous } : undefined);
      previous = f.taskScores;
    }
    const staying = createClassifier(taxonomy);
    previous = undefined;
    for (let i = 0; i < 600; i++) {
      // a new task every 12 turns, domain-free turns between
      const text = i % 12 === 0 ? texts[(i / 12) % 3]! : "Yes, that's right.";
      const f = staying.classify(text, previous ? { previousTaskScores: previous } : undefined);
      previous = f.taskScores;
    }
    expect(hopping.hazard()).toBeGreaterThan(0.3);
    expect(staying.hazard()).toBeLessThan(0.12);
    expect(hopping.hazard()).toBeGreaterThan(3 * staying.hazard());
  });

  it("lets a turn that names a new task switch", () => {
    const hotel = classifier.classify("I need a hotel room in Rome");
    const rain = classifier.classify("Will it rain in Rome tomorrow? What is the weather forecast?", {
      previousTaskScores: hotel.taskScores,
    });
    expect(id(rain)).toBe("weather");
  });
});
