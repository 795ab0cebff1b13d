/**
 * @module eval/dialogue/domains
 * The 18 service domains of the dialogue workload, and the taxonomy a deployment would declare
 * for them: one task type per service, from the service's description and example utterances.
 */
import type { TaxonomyInput } from "../../state/taxonomy.js";
import type { DomainSpec } from "./domain-spec.js";
import { LEISURE_DOMAINS } from "./domains-leisure.js";
import { SERVICE_DOMAINS } from "./domains-services.js";
import { TRAVEL_DOMAINS } from "./domains-travel.js";

/** Every service domain, in declaration order. */
export const DIALOGUE_DOMAINS: readonly DomainSpec[] = [
  ...TRAVEL_DOMAINS,
  ...LEISURE_DOMAINS,
  ...SERVICE_DOMAINS,
];

/** The declared taxonomy: one task type per domain (description + examples), one modality. */
export function declaredTaxonomy(domains: readonly DomainSpec[] = DIALOGUE_DOMAINS): TaxonomyInput {
  return {
    taskTypes: domains.map((d) => ({ id: d.id, description: d.description, examples: [...d.examples] })),
    modalities: [{ id: "text", description: "any message" }],
  };
}
