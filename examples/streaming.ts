/**
 * Streaming: `sendStream` routes the turn, then resolves at the model's first token with the
 * chosen agent and a text stream; `result` resolves with the whole turn (handoff, usage, latency)
 * once the stream ends. A caller's AbortSignal stops a stream midway.
 *
 * The agents are rapo's simulated models with `timeScale: 1`, so they wait real time (about 200 ms
 * plus 8 ms per token) and their words arrive one by one, as from a hosted model.
 *
 * Run: npx tsx examples/streaming.ts
 */
import { Orchestrator, simulatedModel } from "rapo";

const slow = { timeScale: 1 }; // wait the simulated latency in real time
const rapo = await Orchestrator.create({
  agents: [
    {
      id: "analyst",
      role: "Data analyst",
      model: simulatedModel({ id: "analyst", skills: { math: 0.95 }, ...slow }),
      capabilityPrior: { math: 0.9 },
    },
    {
      id: "writer",
      role: "Creative writer",
      model: simulatedModel({ id: "writer", skills: { creative: 0.95 }, ...slow }),
      capabilityPrior: { creative: 0.9 },
    },
  ],
  config: { loop: { autoStart: false } },
});

const conversationId = await rapo.startConversation();
const questions = [
  "The stock of Lyon-Depot is 420 units. The stock of Paris-Hub is 300 units. What is the difference in stock between Lyon-Depot and Paris-Hub?",
  "Write a slogan for Lyon-Depot that mentions its stock.",
];
for (const content of questions) {
  const started = performance.now();
  const stream = await rapo.sendStream({ conversationId, content });
  const firstTokenMs = performance.now() - started;
  console.log(`→ ${stream.agentId} (agent chosen; first token after ${firstTokenMs.toFixed(0)} ms)`);
  let chunks = 0;
  let streamed = "";
  for await (const chunk of stream.textStream) {
    process.stdout.write(chunk);
    streamed += chunk;
    chunks++;
  }
  const turn = await stream.result;
  const whole =
    streamed === turn.content ? "the stream is the recorded answer" : "the stream DIFFERS from the answer";
  console.log(
    `\n  ${chunks} chunks (${whole}); task ${turn.taskType}; ${turn.handoff ? `handoff from ${turn.handoff.fromAgentId}` : "no handoff"}\n`,
  );
}

// a caller that gives up: the stream stops and the turn is recorded as failed
const controller = new AbortController();
const stream = await rapo.sendStream({
  conversationId,
  content: "What is the combined stock of Lyon-Depot and Paris-Hub?",
  signal: controller.signal,
});
let received = "";
try {
  for await (const chunk of stream.textStream) {
    received += chunk;
    if (received.length > 20) controller.abort();
  }
  await stream.result;
} catch (error) {
  console.log(
    `aborted after ${received.length} characters: ${(error as { code?: string }).code} (${(error as Error).message})`,
  );
}
await rapo.close();
