/**
 * @module store/testing
 * What a store author needs to check a new backend against the {@link StateStore} contract: the
 * conformance suite, its StoreError assertion and realistic record builders. No test runner is
 * imported here (the suite is given one), so using `rapo/testing` adds no dependency.
 */
export { answered, makeAgentState, makeConversation, makeHandoff, makeTurn } from "./fixtures.js";
export { runStoreSpec } from "./run-store-spec.js";
export {
  expectStoreError,
  type StoreSpecAssertion,
  type StoreSpecOptions,
  type StoreSpecTestApi,
} from "./store-spec-support.js";
