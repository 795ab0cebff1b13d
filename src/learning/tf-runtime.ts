/**
 * @module learning/tf-runtime
 * TensorFlow.js on its pure-JavaScript CPU backend (SPEC §5: a real autodiff library, no native
 * build, no download). Production mode silences tfjs's "install tfjs-node" banner and debug
 * checks; rapo validates its own inputs instead.
 */
import * as tf from "@tensorflow/tfjs";

let ready: Promise<typeof tf> | null = null;

/** The tfjs namespace with the CPU backend active. Idempotent. */
export function loadTensorFlow(): Promise<typeof tf> {
  ready ??= (async () => {
    tf.enableProdMode();
    const ok = await tf.setBackend("cpu");
    if (!ok) throw new Error("the TensorFlow.js CPU backend could not be initialised");
    await tf.ready();
    return tf;
  })();
  return ready;
}

/** The tfjs namespace type. */
export type TensorFlow = typeof tf;
