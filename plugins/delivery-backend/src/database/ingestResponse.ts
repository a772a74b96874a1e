import { IngestResponse } from '@internal/plugin-delivery-common';
import { IngestResult } from './upsertByKey';

/** The events API's answer: every item's result, by its index in the request. */
export function toIngestResponse(results: IngestResult[]): IngestResponse {
  return {
    accepted: results.length,
    items: results.map((result, index) => ({ index, ...result })),
  };
}
