/**
 * @module eval/dialogue/routing-figures
 * What the dialogue benchmark measures for a router, accumulated turn by turn: accuracy (share
 * of user turns answered right: routed to the right domain's agent, or — with hidden skills —
 * answered successfully), the same per window of turns and after a warm-up, handoffs (changes of
 * agent inside a conversation) per real domain switch, and — when the router hands over a packet
 * — the share of earlier slot values present in the packet's facts at real switches.
 */
import type { SlotValue } from "./slot-values.js";
import { valueInFacts } from "./slot-values.js";

/** Figures of one router on one workload. */
export interface RoutingFigures {
  router: string;
  turns: number;
  accuracy: number;
  /** accuracy per consecutive window of `window` turns (the last one may be shorter). */
  windows: number[];
  /** accuracy over the turns after the first `warmup`. */
  accuracyAfterWarmup: number;
  handoffs: number;
  realSwitches: number;
  handoffsPerSwitch: number;
  /** real switches at which the router handed over a packet. */
  switchesWithPacket?: number;
  /** earlier slot values at those switches, and the share present in the packet's facts. */
  carriedValues?: number;
  valuesInFacts?: number;
  /** the same share, counting the packet's facts and entities. */
  valuesInFactsOrEntities?: number;
}

/** Accumulates {@link RoutingFigures}. */
export class FiguresAccumulator {
  private turns = 0;
  private right = 0;
  private afterRight = 0;
  private windowRight = 0;
  private readonly windows: number[] = [];
  private handoffs = 0;
  private switches = 0;
  private packets = 0;
  private carried = 0;
  private inFacts = 0;
  private inFactsOrEntities = 0;

  constructor(
    readonly router: string,
    readonly window = 1000,
    readonly warmup = 2000,
  ) {}

  /** Records one user turn: whether it was answered right, and whether it handed off. */
  turn(right: boolean, handoff: boolean, realSwitch: boolean): void {
    this.turns++;
    if (right) {
      this.right++;
      this.windowRight++;
      if (this.turns > this.warmup) this.afterRight++;
    }
    if (handoff) this.handoffs++;
    if (realSwitch) this.switches++;
    if (this.turns % this.window === 0) {
      this.windows.push(this.windowRight / this.window);
      this.windowRight = 0;
    }
  }

  /** Records a packet handed over at a real switch and the slot values established before it. */
  packet(values: readonly SlotValue[], facts: readonly string[], entities: readonly string[]): void {
    this.packets++;
    this.carried += values.length;
    const both = [...facts, ...entities];
    for (const v of values) {
      if (valueInFacts(v, facts)) this.inFacts++;
      if (valueInFacts(v, both)) this.inFactsOrEntities++;
    }
  }

  /** The figures so far. */
  figures(): RoutingFigures {
    const rest = this.turns % this.window;
    const windows = rest > 0 ? [...this.windows, this.windowRight / rest] : [...this.windows];
    const after = this.turns - this.warmup;
    const out: RoutingFigures = {
      router: this.router,
      turns: this.turns,
      accuracy: round(this.right / Math.max(1, this.turns)),
      windows: windows.map(round),
      accuracyAfterWarmup: round(after > 0 ? this.afterRight / after : Number.NaN),
      handoffs: this.handoffs,
      realSwitches: this.switches,
      handoffsPerSwitch: round(this.handoffs / Math.max(1, this.switches)),
    };
    if (this.packets > 0) {
      out.switchesWithPacket = this.packets;
      out.carriedValues = this.carried;
      out.valuesInFacts = round(this.inFacts / Math.max(1, this.carried));
      out.valuesInFactsOrEntities = round(this.inFactsOrEntities / Math.max(1, this.carried));
    }
    return out;
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
