/**
 * Agents on an OpenAI-compatible server (vLLM, llama.cpp server, LM Studio, Ollama's /v1, …).
 *
 * With OPENAI_BASE_URL set (and OPENAI_API_KEY if the server wants one) the agents use that
 * server, with the model names in AGENT_MODELS (comma-separated, default "calc,poet"). Without it,
 * the example starts a tiny local server that speaks the chat-completions protocol (JSON and
 * server-sent-event streaming) with two toy "models": `calc` does arithmetic, `poet` writes a line.
 *
 * Run: npx tsx examples/openai-compatible.ts
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { Orchestrator } from "rapo";

interface ChatRequest {
  model: string;
  stream?: boolean;
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
}

/** The toy models: the answer depends on the model name and the last user message. */
function answer(model: string, user: string): string {
  if (model === "calc") {
    const m = /(\d+)\s*(\+|-|\*|x|times|plus|minus)\s*(\d+)/i.exec(user);
    if (!m) return "I only do arithmetic, e.g. 'What is 12 times 7?'";
    const [a, b] = [Number(m[1]), Number(m[3])];
    const op = m[2]!.toLowerCase();
    const result = op === "+" || op === "plus" ? a + b : op === "-" || op === "minus" ? a - b : a * b;
    return `${a} ${op} ${b} = ${result}`;
  }
  return `A line for you: "${user.replace(/^write (a|an) /i, "").replace(/[.?!]$/, "")}, in autumn light."`;
}

function text(content: ChatRequest["messages"][number]["content"]): string {
  return typeof content === "string" ? content : content.map((p) => p.text ?? "").join("");
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
    res.writeHead(404).end();
    return;
  }
  let body = "";
  for await (const chunk of req) body += chunk;
  const request = JSON.parse(body) as ChatRequest;
  const user = text(request.messages.filter((m) => m.role === "user").at(-1)?.content ?? "");
  const reply = answer(request.model, user);
  const usage = { prompt_tokens: Math.ceil(body.length / 4), completion_tokens: reply.split(" ").length };
  const base = { id: `chatcmpl-${Date.now()}`, created: Math.floor(Date.now() / 1000), model: request.model };
  if (!request.stream) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        ...base,
        object: "chat.completion",
        choices: [{ index: 0, message: { role: "assistant", content: reply }, finish_reason: "stop" }],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      }),
    );
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
  for (const word of reply.split(/(?<= )/)) {
    send({
      ...base,
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta: { content: word }, finish_reason: null }],
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  send({
    ...base,
    object: "chat.completion.chunk",
    choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
    usage,
  });
  res.end("data: [DONE]\n\n");
}

let baseURL = process.env["OPENAI_BASE_URL"];
const server = baseURL ? null : createServer((req, res) => void handle(req, res));
if (server) {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  console.log(`local chat-completions server on ${baseURL}`);
}

const [calcModel = "calc", poetModel = "poet"] = (process.env["AGENT_MODELS"] ?? "")
  .split(",")
  .filter(Boolean);
const provider = createOpenAICompatible({
  name: "local",
  baseURL: baseURL!,
  ...(process.env["OPENAI_API_KEY"] ? { apiKey: process.env["OPENAI_API_KEY"] } : {}),
});

const rapo = await Orchestrator.create({
  agents: [
    { id: "calc", role: "Calculator", model: provider.chatModel(calcModel), capabilityPrior: { math: 0.9 } },
    { id: "poet", role: "Poet", model: provider.chatModel(poetModel), capabilityPrior: { creative: 0.9 } },
  ],
  config: { loop: { autoStart: false } },
});
rapo.on("handoff", (e) =>
  console.log(
    `  (handoff ${e.packet.fromAgentId} → ${e.packet.toAgentId}: ${e.packet.stats.facts} facts carried)`,
  ),
);

const first = await rapo.send({ content: "What is 12 times 7?" });
console.log(`${first.agentId} (${first.taskType}): ${first.content}`);
const second = await rapo.send({
  conversationId: first.conversationId,
  content: "Write a poem about the number 84.",
});
console.log(`${second.agentId} (${second.taskType}): ${second.content}`);

const stream = await rapo.sendStream({
  conversationId: first.conversationId,
  content: "Now compute 84 plus 16.",
});
process.stdout.write(`${stream.agentId} (streaming): `);
for await (const chunk of stream.textStream) process.stdout.write(chunk);
const result = await stream.result;
console.log(`\ntokens in/out: ${result.usage?.inputTokens}/${result.usage?.outputTokens}`);

await rapo.close();
server?.close();
