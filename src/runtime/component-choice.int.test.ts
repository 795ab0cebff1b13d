/**
 * Prompt components learned from outcomes (issue 11 item 5), measured in the `paper` evaluation
 * world: the RAPO method with the default cast and generator. The beneficial component is
 * confirm-entities (without it the simulated model uses a pronoun instead of a name 20 % of the
 * time, and the verifier wants the name); nothing inserts it by hand, the bandit has to find it
 * from the verified outcomes the runner feeds back.
 */
import { describe, expect, it } from "vitest";
import { generateDataset } from "../eval/generator/generate.js";
import { RAPO } from "../eval/methods/rapo-methods.js";
import { runMethod } from "../eval/runner/run-method.js";
import { DIRECTIVES } from "../state/prompt-components.js";

const CONVERSATIONS = 300;

/** Share of required turns, per block of 100 conversations, whose prompt carried confirm-entities. */
async function confirmEntitiesShare(banditEnabled: boolean): Promise<number[]> {
  const dataset = generateDataset({ conversations: CONVERSATIONS, seed: 42 });
  const position = new Map(dataset.map((c, i) => [c.id, i]));
  const blocks = [0, 1, 2].map(() => ({ required: 0, carried: 0 }));
  await runMethod(RAPO, dataset, {
    seed: 42,
    overhead: "none",
    recordPrompts: true,
    // the evaluation gives every method an application prompt that already asks for names; here
    // nothing does, so the bandit has to find confirm-entities from the verified outcomes
    applicationPrompt: "",
    config: { promptSpace: { bandit: { enabled: banditEnabled } } },
    onTurn: (o) => {
      const call = o.calls[o.calls.length - 1];
      if (!o.run.required || !call?.prompt) return;
      // what the model reads: its own components and the conventions a handoff packet carries
      const system = call.prompt
        .filter((m) => m.role === "system")
        .map((m) => m.content)
        .join("\n");
      const block = blocks[Math.floor(position.get(o.conversation.id)! / 100)]!;
      block.required++;
      if (system.includes(DIRECTIVES.confirmEntities)) block.carried++;
    },
  });
  return blocks.map((b) => b.carried / b.required);
}

describe("prompt components learned from outcomes (paper world)", () => {
  it("settles on confirm-entities for > 90 % of required turns within the first 300 conversations", async () => {
    const learned = await confirmEntitiesShare(true);
    const fixed = await confirmEntitiesShare(false);
    console.log(
      `confirm-entities share per 100 conversations: bandit ${learned.map((s) => s.toFixed(3))}, top-k of P_i ${fixed.map((s) => s.toFixed(3))}`,
    );
    // runs differ a little: background training steps interleave with turns by wall time, and the
    // β term (∂V_MC/∂P) they feed moves P_i, the bandit's prior (measured 0.90–0.98 for 101–200)
    expect(learned[1]).toBeGreaterThan(0.85);
    expect(learned[2]).toBeGreaterThan(0.9);
    // without the bandit, consensus alone gets there much later if at all (19–30 % over the run in
    // issue 11; 0.14 / 0.71 / 1.00 per block with the one seeded generator of issue 14): the bandit
    // is what finds it early — a property of the two runs, not of particular draws
    expect(learned[0]).toBeGreaterThan(fixed[0]! + 0.3);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(learned)).toBeGreaterThan(mean(fixed) + 0.15);
  }, 900_000);
});
