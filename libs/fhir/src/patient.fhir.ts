import type { Extension, Patient } from '@medplum/fhirtypes';
import type { Person } from '@app/persons';
import { CommunicationNeed, NhsNumberVerificationStatus, PersonFlag, Sex } from '@app/persons';
import { refuseElement } from './fhir-refusal';
import {
  COMMUNICATION_NEED_EXTENSION,
  COMMUNICATION_NEED_SYSTEM,
  INTERPRETER_REQUIRED_EXTENSION,
  NHS_NUMBER_SYSTEM,
  NHS_NUMBER_VERIFICATION_STATUS_EXTENSION,
  NHS_NUMBER_VERIFICATION_STATUS_SYSTEM,
  ODS_ORGANISATION_SYSTEM,
  ONS_AREA_SYSTEM,
  PERSON_FLAG_EXTENSION,
  PERSON_FLAG_SYSTEM,
  REASONABLE_ADJUSTMENTS_EXTENSION,
  RESIDENCE_LOCAL_AUTHORITY_EXTENSION,
} from './uk-core';
import { metaOf } from './versioned.fhir';

/** What a Patient carries of a person: everything but the service's own id, version and timestamps. */
export type PersonDetails = Omit<Person, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

/** UK Core's display names for the NHS number verification status codes (England). */
const VERIFICATION_DISPLAY: Record<NhsNumberVerificationStatus, string> = {
  '01': 'Number present and verified',
  '02': 'Number present but not traced',
  '03': 'Trace required',
  '04': 'Trace attempted - No match or multiple match found',
  '05': 'Trace needs to be resolved - (NHS Number or Patient detail conflict)',
  '06': 'Trace in progress',
  '07': 'Number not present and trace not required',
  '08': 'Trace postponed (baby under six weeks old)',
};

const GENDER: Record<Sex, NonNullable<Patient['gender']>> = {
  [Sex.MALE]: 'male',
  [Sex.FEMALE]: 'female',
  [Sex.OTHER]: 'other',
  [Sex.UNKNOWN]: 'unknown',
};
const SEX = Object.fromEntries(Object.entries(GENDER).map(([sex, gender]) => [gender, sex])) as Record<string, Sex>;

const codings = (url: string, system: string, codes: string[]): Extension[] =>
  codes.map((code) => ({ url, valueCoding: { system, code } }));

/** A person as a UK Core Patient, keyed by NHS number, with their GP practice by ODS code. */
export function toFhirPatient(person: Person): Patient {
  const extension: Extension[] = [
    ...(person.residenceLocalAuthority
      ? [{ url: RESIDENCE_LOCAL_AUTHORITY_EXTENSION, valueCoding: { system: ONS_AREA_SYSTEM, code: person.residenceLocalAuthority } }]
      : []),
    ...codings(PERSON_FLAG_EXTENSION, PERSON_FLAG_SYSTEM, person.flags),
    ...codings(COMMUNICATION_NEED_EXTENSION, COMMUNICATION_NEED_SYSTEM, person.communicationNeeds),
    ...(person.reasonableAdjustments ? [{ url: REASONABLE_ADJUSTMENTS_EXTENSION, valueString: person.reasonableAdjustments }] : []),
    ...(person.interpreterLanguage ? [{ url: INTERPRETER_REQUIRED_EXTENSION, valueBoolean: true }] : []),
  ];
  const hasAddress = person.addressLines.length > 0 || person.postcode;
  return {
    resourceType: 'Patient',
    id: person.id,
    meta: metaOf(person),
    ...(extension.length ? { extension } : {}),
    identifier: [
      {
        system: NHS_NUMBER_SYSTEM,
        value: person.nhsNumber,
        extension: [
          {
            url: NHS_NUMBER_VERIFICATION_STATUS_EXTENSION,
            valueCodeableConcept: {
              coding: [
                {
                  system: NHS_NUMBER_VERIFICATION_STATUS_SYSTEM,
                  code: person.nhsNumberVerificationStatus,
                  display: VERIFICATION_DISPLAY[person.nhsNumberVerificationStatus],
                },
              ],
            },
          },
        ],
      },
    ],
    name: [{ use: 'official', family: person.familyName, given: [person.givenName] }],
    gender: GENDER[person.sex],
    birthDate: person.dateOfBirth,
    ...(person.dateOfDeath ? { deceasedDateTime: person.dateOfDeath } : {}),
    ...(hasAddress
      ? {
          address: [
            {
              use: 'home',
              ...(person.addressLines.length ? { line: person.addressLines } : {}),
              ...(person.postcode ? { postalCode: person.postcode } : {}),
            },
          ],
        }
      : {}),
    ...(person.interpreterLanguage
      ? { communication: [{ language: { text: person.interpreterLanguage }, preferred: true }] }
      : {}),
    ...(person.gpPracticeOds
      ? {
          generalPractitioner: [
            { type: 'Organization', identifier: { system: ODS_ORGANISATION_SYSTEM, value: person.gpPracticeOds } },
          ],
        }
      : {}),
  };
}

const codesOf = (extensions: Extension[], url: string, system: string) =>
  extensions.filter((e) => e.url === url && e.valueCoding?.system === system).map((e) => e.valueCoding!.code!);

function enumValues<T extends string>(values: Record<string, T>, codes: string[], expression: string): T[] {
  const known = new Set<string>(Object.values(values));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length) throw refuseElement(expression, `unknown code ${unknown.join(', ')}`);
  return [...new Set(codes)] as T[];
}

/** A Patient element the register cannot do without. */
function required<T>(value: T | undefined, expression: string): T {
  if (value === undefined || value === null || value === '') throw refuseElement(expression, 'is required');
  return value;
}

/** What a Patient may leave out: the NHS number verification status (a new person defaults to not traced). */
export type PatientDetails = Omit<PersonDetails, 'nhsNumberVerificationStatus'> &
  Partial<Pick<PersonDetails, 'nhsNumberVerificationStatus'>>;

/**
 * The person a Patient describes. A Patient is the whole record (a FHIR update replaces it), so
 * optional details it leaves out are cleared, and the NHS number, name, birth date and gender are
 * required. The result still goes through the register's own checks (NHS number check digit,
 * dates, postcode and ODS code formats).
 */
export function fromFhirPatient(patient: Patient): PatientDetails {
  const nhs = (patient.identifier ?? []).filter((i) => i.system === NHS_NUMBER_SYSTEM);
  if (nhs.length !== 1 || !nhs[0].value) {
    throw refuseElement('Patient.identifier', `exactly one identifier with system ${NHS_NUMBER_SYSTEM} is required`, 'NHS_NUMBER_INVALID');
  }
  const status = nhs[0].extension
    ?.find((e) => e.url === NHS_NUMBER_VERIFICATION_STATUS_EXTENSION)
    ?.valueCodeableConcept?.coding?.find((c) => c.system === NHS_NUMBER_VERIFICATION_STATUS_SYSTEM)?.code;
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  const address = patient.address?.find((a) => a.use === 'home') ?? patient.address?.[0];
  const practice = patient.generalPractitioner?.find((r) => r.identifier?.system === ODS_ORGANISATION_SYSTEM);
  if (patient.generalPractitioner?.length && !practice) {
    throw refuseElement('Patient.generalPractitioner', `the GP practice is named by identifier with system ${ODS_ORGANISATION_SYSTEM}`);
  }
  if (patient.gender && !(patient.gender in SEX)) throw refuseElement('Patient.gender', `unknown gender ${patient.gender}`);
  if (patient.deceasedDateTime && !/^\d{4}-\d{2}-\d{2}/.test(patient.deceasedDateTime)) {
    throw refuseElement('Patient.deceasedDateTime', 'a date of death needs a day');
  }
  const extensions = patient.extension ?? [];
  const council = extensions.find((e) => e.url === RESIDENCE_LOCAL_AUTHORITY_EXTENSION)?.valueCoding?.code;
  const language = patient.communication?.find((c) => c.preferred)?.language ?? patient.communication?.[0]?.language;
  const details: PatientDetails = {
    nhsNumber: nhs[0].value,
    ...(status ? { nhsNumberVerificationStatus: enumValues(NhsNumberVerificationStatus, [status], 'Patient.identifier.extension')[0] } : {}),
    givenName: required(name?.given?.join(' '), 'Patient.name.given'),
    familyName: required(name?.family, 'Patient.name.family'),
    dateOfBirth: required(patient.birthDate, 'Patient.birthDate'),
    sex: SEX[required(patient.gender, 'Patient.gender')],
    addressLines: address?.line ?? [],
    postcode: address?.postalCode ?? null,
    gpPracticeOds: practice?.identifier?.value ?? null,
    residenceLocalAuthority: council ?? null,
    dateOfDeath: patient.deceasedDateTime?.slice(0, 10) ?? null,
    flags: enumValues(PersonFlag, codesOf(extensions, PERSON_FLAG_EXTENSION, PERSON_FLAG_SYSTEM), 'Patient.extension'),
    communicationNeeds: enumValues(
      CommunicationNeed,
      codesOf(extensions, COMMUNICATION_NEED_EXTENSION, COMMUNICATION_NEED_SYSTEM),
      'Patient.extension',
    ),
    interpreterLanguage: language?.text ?? language?.coding?.[0]?.display ?? language?.coding?.[0]?.code ?? null,
    reasonableAdjustments: extensions.find((e) => e.url === REASONABLE_ADJUSTMENTS_EXTENSION)?.valueString ?? null,
  };
  return details;
}
