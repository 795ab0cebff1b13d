/**
 * @module config
 * The typed configuration object and its validation.
 */
export { resolveConfig } from "./resolve.js";
export * from "./schema.js";
