import type { Meta } from '@medplum/fhirtypes';

/** meta.versionId and meta.lastUpdated from a row that keeps a version and when it last changed. */
export function metaOf(row: { version: number; updatedAt: Date }): Meta {
  return { versionId: String(row.version), lastUpdated: new Date(row.updatedAt).toISOString() };
}
