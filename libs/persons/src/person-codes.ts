import { registerEnumType } from '@nestjs/graphql';

/** Administrative sex, as FHIR's AdministrativeGender. */
export enum Sex {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
  OTHER = 'OTHER',
  UNKNOWN = 'UNKNOWN',
}

/**
 * UK Core NHS number verification status (England), codes 01-08. Only 01 means the number was
 * traced against the national register (PDS) and confirmed.
 */
export enum NhsNumberVerificationStatus {
  NUMBER_PRESENT_AND_VERIFIED = '01',
  NUMBER_PRESENT_BUT_NOT_TRACED = '02',
  TRACE_REQUIRED = '03',
  TRACE_ATTEMPTED_NO_MATCH_OR_MULTIPLE = '04',
  TRACE_NEEDS_TO_BE_RESOLVED = '05',
  TRACE_IN_PROGRESS = '06',
  NUMBER_NOT_PRESENT_AND_TRACE_NOT_REQUIRED = '07',
  TRACE_POSTPONED = '08',
}

/** Flags every professional in the person's care should see before acting. */
export enum PersonFlag {
  LEARNING_DISABILITY = 'LEARNING_DISABILITY',
  DEMENTIA = 'DEMENTIA',
  END_OF_LIFE = 'END_OF_LIFE',
  SAFEGUARDING = 'SAFEGUARDING',
}

/** Communication needs and reasonable adjustments (after the NHS Accessible Information Standard). */
export enum CommunicationNeed {
  EASY_READ = 'EASY_READ',
  INTERPRETER = 'INTERPRETER',
  BSL_INTERPRETER = 'BSL_INTERPRETER',
  LARGE_PRINT = 'LARGE_PRINT',
  BRAILLE = 'BRAILLE',
  HEARING_LOOP = 'HEARING_LOOP',
  ADVOCATE = 'ADVOCATE',
}

registerEnumType(Sex, { name: 'Sex', description: 'Administrative sex (FHIR AdministrativeGender).' });
registerEnumType(NhsNumberVerificationStatus, {
  name: 'NhsNumberVerificationStatus',
  description: 'UK Core NHS number verification status; the value is the code 01-08.',
});
registerEnumType(PersonFlag, { name: 'PersonFlag' });
registerEnumType(CommunicationNeed, { name: 'CommunicationNeed' });
