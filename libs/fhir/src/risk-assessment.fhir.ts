import type { RiskAssessment } from '@medplum/fhirtypes';
import { RiskModel } from '@app/risk';
import { refuseElement } from './fhir-refusal';
import { Ref, refOf } from './references.fhir';
import { EFI_DEFICIT_COUNT_EXTENSION, EFI_DEFICIT_EXTENSION, NHS_NUMBER_SYSTEM, RISK_CATEGORY_EXTENSION, RISK_CATEGORY_SYSTEM, RISK_MODEL_SYSTEM, RISK_SCORE_EXTENSION, RISK_SCORE_IDENTIFIER_SYSTEM } from './uk-core';

/** A risk score as the RiskAssessment source reads it, with its model's name and range. */
export interface RiskScoreRow {
  id: string;
  personId: string;
  nhsNumber: string;
  /** When it was loaded: scores are never changed. */
  lastUpdated: Date;
  modelCode: string;
  modelName: string;
  modelDescription: string;
  value: number;
  category: string | null;
  categoryName: string | null;
  assessedOn: string;
  source: string;
  detail: { deficitCount?: number; deficits?: string[] };
}

/**
 * The models whose score is the probability of an outcome, and what the value is out of. The eFI
 * (a share of deficits), ACG bands and local scores are not probabilities.
 */
const PROBABILITY_OUT_OF: Record<string, number> = { CPM: 1, PARR30: 1, QADMISSIONS: 100 };

const probabilityOf = (score: RiskScoreRow) =>
  PROBABILITY_OUT_OF[score.modelCode] ? Number(score.value) / PROBABILITY_OUT_OF[score.modelCode] : undefined;

/**
 * A score from a stratification model as a RiskAssessment: the model as its method, the value and
 * the model's category for it (eFI FIT..SEVERE, ACG bands) as extensions, and a prediction (the
 * probability, with the category as its qualitative risk) only where the model predicts an
 * outcome: FHIR's prediction is a probability, which the eFI is not. The eFI's deficits are a
 * note. Scores are loaded once and never changed, so every one is version 1.
 */
export function toFhirRiskAssessment(score: RiskScoreRow): RiskAssessment {
  const probability = probabilityOf(score);
  const deficits = score.detail.deficits?.length ? `Deficits present: ${score.detail.deficits.join(', ')}` : undefined;
  const count = score.detail.deficitCount !== undefined ? `${score.detail.deficitCount} of 36 deficits` : undefined;
  const note = [count, deficits].filter((n): n is string => Boolean(n));
  const category = score.category
    ? { coding: [{ system: `${RISK_CATEGORY_SYSTEM}/${score.modelCode.toLowerCase()}`, code: score.category, ...(score.categoryName ? { display: score.categoryName } : {}) }] }
    : undefined;
  return {
    resourceType: 'RiskAssessment',
    id: score.id,
    meta: { versionId: '1', lastUpdated: new Date(score.lastUpdated).toISOString() },
    extension: [
      { url: RISK_SCORE_EXTENSION, valueDecimal: Number(score.value) },
      ...(category ? [{ url: RISK_CATEGORY_EXTENSION, valueCodeableConcept: category }] : []),
      ...(score.detail.deficitCount !== undefined ? [{ url: EFI_DEFICIT_COUNT_EXTENSION, valueInteger: score.detail.deficitCount }] : []),
      ...(score.detail.deficits ?? []).map((deficit) => ({ url: EFI_DEFICIT_EXTENSION, valueString: deficit })),
    ],
    identifier: [{ system: RISK_SCORE_IDENTIFIER_SYSTEM, value: score.id }],
    status: 'final',
    method: { coding: [{ system: RISK_MODEL_SYSTEM, code: score.modelCode, display: score.modelName }], text: score.modelDescription },
    subject: { reference: `Patient/${score.personId}`, identifier: { system: NHS_NUMBER_SYSTEM, value: score.nhsNumber } },
    occurrenceDateTime: score.assessedOn,
    performer: { display: score.source },
    ...(probability !== undefined
      ? { prediction: [{ outcome: { text: score.modelDescription }, probabilityDecimal: probability, ...(category ? { qualitativeRisk: category } : {}) }] }
      : {}),
    ...(note.length ? { note: note.map((text) => ({ text })) } : {}),
  };
}

/** A score as the risk service loads it, before its person is looked up. */
export interface ScoreToLoad {
  patient: Ref;
  model: RiskModel;
  value: number;
  assessedOn: string;
  source: string;
  detail?: { deficitCount?: number; deficits?: string[] };
}

/**
 * A RiskAssessment sent to this service as a score to load: the person (subject), the model
 * (method), the value (the extension this service writes, else a probability converted back to
 * the model's scale), when the model scored them (occurrence), where it comes from (performer's
 * name) and, for the eFI, its deficits. The category is the model's to decide, so it is not read.
 */
export function fromFhirRiskAssessment(assessment: RiskAssessment): ScoreToLoad {
  if (assessment.status === 'entered-in-error' || assessment.status === 'cancelled') {
    throw refuseElement('RiskAssessment.status', `a score to load is final, not ${assessment.status}`);
  }
  const patient = refOf(assessment.subject, 'Patient', NHS_NUMBER_SYSTEM);
  if (!patient) throw refuseElement('RiskAssessment.subject', `name the person as Patient/<id> or by ${NHS_NUMBER_SYSTEM}`);
  const model = assessment.method?.coding?.find((c) => c.system === RISK_MODEL_SYSTEM)?.code;
  if (!model || !(model in RiskModel)) {
    throw refuseElement('RiskAssessment.method', `name the model with a code from ${RISK_MODEL_SYSTEM}: ${Object.keys(RiskModel).join(', ')}`);
  }
  const extensions = assessment.extension ?? [];
  const probability = assessment.prediction?.[0]?.probabilityDecimal;
  const value =
    extensions.find((e) => e.url === RISK_SCORE_EXTENSION)?.valueDecimal ??
    (probability !== undefined && PROBABILITY_OUT_OF[model] ? probability * PROBABILITY_OUT_OF[model] : undefined);
  if (value === undefined) throw refuseElement('RiskAssessment.extension', `give the score as ${RISK_SCORE_EXTENSION} (valueDecimal)`);
  const assessedOn = assessment.occurrenceDateTime?.slice(0, 10);
  if (!assessedOn) throw refuseElement('RiskAssessment.occurrence', 'say when the model scored the person (occurrenceDateTime)');
  const source = assessment.performer?.display;
  if (!source) throw refuseElement('RiskAssessment.performer', 'name the system or extract the score comes from (performer.display)');
  const deficitCount = extensions.find((e) => e.url === EFI_DEFICIT_COUNT_EXTENSION)?.valueInteger;
  const deficits = extensions.filter((e) => e.url === EFI_DEFICIT_EXTENSION).map((e) => e.valueString!);
  const detail = { ...(deficitCount !== undefined ? { deficitCount } : {}), ...(deficits.length ? { deficits } : {}) };
  return { patient, model: model as RiskModel, value, assessedOn, source, ...(Object.keys(detail).length ? { detail } : {}) };
}
