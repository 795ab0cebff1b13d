/**
 * @module runtime/taxonomy-record
 * The taxonomy's task-type and modality ids, kept in the store beside the capability matrices
 * (a small blob) so that a reader without the application's code — `rapo inspect` — can label the
 * rows and columns of each learned matrix.
 */
import type { Taxonomy } from "../state/taxonomy.js";
import type { StateStore } from "../store/contract.js";

/** Blob key of the taxonomy record. */
export const TAXONOMY_BLOB = "taxonomy/ids";

/** Row (task type) and column (modality) ids of the capability matrices, in storage order. */
export interface TaxonomyRecord {
  taskTypes: string[];
  modalities: string[];
}

/** Stores the taxonomy's ids; called when an orchestrator opens its store. */
export async function writeTaxonomyRecord(store: StateStore, taxonomy: Taxonomy): Promise<void> {
  const record: TaxonomyRecord = {
    taskTypes: taxonomy.taskTypes.map((t) => t.id),
    modalities: taxonomy.modalities.map((m) => m.id),
  };
  await store.putBlob(TAXONOMY_BLOB, new TextEncoder().encode(JSON.stringify(record)));
}

/** The stored taxonomy ids, or null when the store has none (or an unreadable one). */
export async function readTaxonomyRecord(store: StateStore): Promise<TaxonomyRecord | null> {
  const bytes = await store.getBlob(TAXONOMY_BLOB);
  if (!bytes) return null;
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as Partial<TaxonomyRecord>;
    const ids = (list: unknown) => Array.isArray(list) && list.every((x) => typeof x === "string");
    return ids(value.taskTypes) && ids(value.modalities) ? (value as TaxonomyRecord) : null;
  } catch {
    return null;
  }
}
