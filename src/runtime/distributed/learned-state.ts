/**
 * @module runtime/distributed/learned-state
 * The leader-owned learned state of a deployment as one binary value (issue 15): per agent the
 * prompt vector P_i, context vector C_i (empty when never routed), capability matrix M_i and its
 * evidence (float32), turns served, plus the contextual routing model's posterior and the
 * leader's signal bookkeeping (`applied` signals so far, and the stream ids of those applied but
 * not yet acknowledged). The leader writes it through the fencing check; the same
 * bytes are the routing-table snapshot fronts and workers swap in.
 *
 * Layout: uint32 header length, the JSON header, then float32 arrays in agent order and the
 * contextual model's bytes (offsets in the header).
 */
import type { RuntimeContext } from "../runtime-context.js";

/** What encoding and applying learned state reads and writes: the agents, the config. */
export type LearnedStatePorts = Pick<RuntimeContext, "agents" | "config">;

/** The leader's signal bookkeeping carried with the learned state. */
export interface SignalProgress {
  /** signals applied since the deployment started. */
  applied: number;
  /**
   * stream ids of signals this state has applied whose acknowledgement the leader has not seen
   * succeed yet: a successor that finds them still pending acknowledges them without applying.
   */
  unacked: string[];
}

interface Header {
  v: 1;
  progress: SignalProgress;
  agents: { id: string; turns: number; prompt: number; context: number; cells: number }[];
  contextual: number;
}

/** Encodes the learned state of `ctx`'s agents. */
export function encodeLearnedState(ctx: LearnedStatePorts, progress: SignalProgress): Uint8Array {
  const agents = ctx.agents.all;
  const contextual = ctx.agents.table.contextual?.serialize() ?? new Uint8Array(0);
  const header: Header = {
    v: 1,
    progress,
    agents: agents.map((a) => ({
      id: a.id,
      turns: a.learned.turns,
      prompt: a.learned.prompt.length,
      context: a.learned.contextIfAllocated?.length ?? 0,
      cells: a.learned.capability.values.length,
    })),
    contextual: contextual.byteLength,
  };
  const json = Buffer.from(JSON.stringify(header), "utf8");
  let floats = 0;
  for (const a of header.agents) floats += a.prompt + a.context + 2 * a.cells;
  const out = Buffer.alloc(4 + json.length + 4 * floats + contextual.byteLength);
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  let offset = 4 + json.length;
  const put = (values: Float32Array) => {
    for (let i = 0; i < values.length; i++) out.writeFloatLE(values[i]!, offset + 4 * i);
    offset += 4 * values.length;
  };
  for (const a of agents) {
    put(a.learned.prompt);
    const context = a.learned.contextIfAllocated;
    if (context !== null) put(context);
    put(a.learned.capability.values);
    put(a.learned.capability.evidenceValues);
  }
  Buffer.from(contextual).copy(out, offset);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Applies encoded learned state to `ctx`'s agents (those whose ids and shapes match) and the
 * contextual model; returns the signal progress it carried, or null for bytes that are not one.
 */
export function applyLearnedState(ctx: LearnedStatePorts, bytes: Uint8Array): SignalProgress | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 4) return null;
  const length = buffer.readUInt32LE(0);
  let header: Header;
  try {
    header = JSON.parse(buffer.subarray(4, 4 + length).toString("utf8")) as Header;
  } catch {
    return null;
  }
  if (header.v !== 1) return null;
  let offset = 4 + length;
  const take = (n: number) => {
    const values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = buffer.readFloatLE(offset + 4 * i);
    offset += 4 * n;
    return values;
  };
  for (const entry of header.agents) {
    const prompt = take(entry.prompt);
    const context = take(entry.context);
    const capability = take(entry.cells);
    const evidence = take(entry.cells);
    const agent = ctx.agents.find(entry.id);
    if (agent === undefined || agent.learned.capability.values.length !== entry.cells) continue;
    if (prompt.length === agent.learned.prompt.length) agent.learned.prompt.set(prompt);
    if (context.length > 0 && context.length === ctx.config.state.contextDim)
      agent.learned.context.set(context);
    agent.learned.capability.values.set(capability);
    agent.learned.capability.evidenceValues.set(evidence);
    agent.learned.turns = entry.turns;
    agent.learned.publishCapability();
    agent.learned.restoreTrials();
  }
  const model = ctx.agents.table.contextual;
  if (model !== null && header.contextual > 0)
    model.restore(new Uint8Array(buffer.subarray(offset, offset + header.contextual)));
  return header.progress;
}

/** The signal progress carried by encoded learned state, or null (inspection, tests). */
export function readSignalProgress(bytes: Uint8Array): SignalProgress | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 4) return null;
  try {
    const header = JSON.parse(buffer.subarray(4, 4 + buffer.readUInt32LE(0)).toString("utf8")) as Header;
    return header.v === 1 ? header.progress : null;
  } catch {
    return null;
  }
}
