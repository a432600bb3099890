import { registerEnumType } from '@nestjs/graphql';

export enum OrganisationKind {
  GP_PRACTICE = 'GP_PRACTICE',
  /** A primary care network, or a GP federation: a group of practices. */
  PRIMARY_CARE_NETWORK = 'PRIMARY_CARE_NETWORK',
  /** A locality or place: the area PCNs, hubs and commissioners work to. */
  LOCALITY = 'LOCALITY',
  NHS_TRUST = 'NHS_TRUST',
  LOCAL_AUTHORITY = 'LOCAL_AUTHORITY',
  VOLUNTARY_OR_COMMUNITY = 'VOLUNTARY_OR_COMMUNITY',
  CARE_HOME = 'CARE_HOME',
  HOSPICE = 'HOSPICE',
  OTHER = 'OTHER',
}

export enum Profession {
  GP = 'GP',
  CONSULTANT_GERIATRICIAN = 'CONSULTANT_GERIATRICIAN',
  COMMUNITY_MATRON = 'COMMUNITY_MATRON',
  DISTRICT_NURSE = 'DISTRICT_NURSE',
  PRACTICE_NURSE = 'PRACTICE_NURSE',
  MENTAL_HEALTH_NURSE = 'MENTAL_HEALTH_NURSE',
  PALLIATIVE_CARE_NURSE = 'PALLIATIVE_CARE_NURSE',
  SOCIAL_WORKER = 'SOCIAL_WORKER',
  OCCUPATIONAL_THERAPIST = 'OCCUPATIONAL_THERAPIST',
  PHYSIOTHERAPIST = 'PHYSIOTHERAPIST',
  PHARMACIST = 'PHARMACIST',
  PARAMEDIC = 'PARAMEDIC',
  CARE_NAVIGATOR = 'CARE_NAVIGATOR',
  OTHER = 'OTHER',
}

/** The regulator a professional is registered with. */
export enum RegistrationBody {
  /** General Medical Council: doctors. */
  GMC = 'GMC',
  /** Nursing and Midwifery Council. */
  NMC = 'NMC',
  /** Health and Care Professions Council: therapists, paramedics and others. */
  HCPC = 'HCPC',
  SOCIAL_WORK_ENGLAND = 'SOCIAL_WORK_ENGLAND',
  /** General Pharmaceutical Council. */
  GPHC = 'GPHC',
}

export enum TeamKind {
  MULTIDISCIPLINARY_TEAM = 'MULTIDISCIPLINARY_TEAM',
  LOCALITY_HUB = 'LOCALITY_HUB',
  COMMUNITY_HEALTH = 'COMMUNITY_HEALTH',
  SOCIAL_CARE = 'SOCIAL_CARE',
  MENTAL_HEALTH = 'MENTAL_HEALTH',
  RAPID_RESPONSE = 'RAPID_RESPONSE',
  CARE_COORDINATION = 'CARE_COORDINATION',
  PALLIATIVE_CARE = 'PALLIATIVE_CARE',
  OTHER = 'OTHER',
}

registerEnumType(OrganisationKind, { name: 'OrganisationKind' });
registerEnumType(Profession, { name: 'Profession' });
registerEnumType(RegistrationBody, { name: 'RegistrationBody', description: 'The regulator a professional is registered with.' });
registerEnumType(TeamKind, { name: 'TeamKind' });
