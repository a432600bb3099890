import type { Reference } from '@medplum/fhirtypes';

/** A reference to someone or something by the service's id (`Type/<id>`) or by an identifier. */
export interface Ref {
  id?: string;
  identifier?: string;
}

export function refOf(reference: Reference | undefined, type: string, system: string): Ref | undefined {
  if (reference?.reference?.startsWith(`${type}/`)) return { id: reference.reference.slice(type.length + 1) };
  if (reference?.identifier?.system === system && reference.identifier.value) return { identifier: reference.identifier.value };
  return undefined;
}
