import { OrganisationKind } from '@app/organisations';
import { LOCAL_AUTHORITY } from './localities';

/**
 * An organisation of the care system beside the GP practices: a council, an NHS trust, a hospice,
 * a voluntary organisation. The names are the real ones; the ODS codes are made up (R, H and V, a
 * digit, then digits), so that they can never be taken for the generator's practices (F8 and four
 * digits), PCNs (U and five digits) or localities (letters only).
 */
export interface Provider {
  odsCode: string;
  name: string;
  kind: OrganisationKind;
}

/**
 * The councils people live under, by their ONS (GSS) code: a council's organisation takes that code
 * as its ODS code, so that people join to the council that funds their social care on
 * `person.residence_local_authority = organisation.ods_code`.
 */
export const COUNCILS: Readonly<Record<string, string>> = {
  [LOCAL_AUTHORITY.ESSEX]: 'Essex County Council',
  [LOCAL_AUTHORITY.SOUTHEND]: 'Southend-on-Sea City Council',
  [LOCAL_AUTHORITY.THURROCK]: 'Thurrock Council',
  [LOCAL_AUTHORITY.SUFFOLK]: 'Suffolk County Council',
};

const trust = (odsCode: string, name: string): Provider => ({ odsCode, name, kind: OrganisationKind.NHS_TRUST });
const hospice = (odsCode: string, name: string): Provider => ({ odsCode, name, kind: OrganisationKind.HOSPICE });

const ESNEFT = trust('R1X01', 'East Suffolk and North Essex NHS Foundation Trust');
const MSEFT = trust('R1X02', 'Mid and South Essex NHS Foundation Trust');

/** Community nursing, therapy and mental health services across Essex. */
export const COMMUNITY_TRUST = trust('R1X03', 'Essex Partnership University NHS Foundation Trust');

export const VOLUNTARY_ORGANISATIONS: readonly Provider[] = [
  { odsCode: 'V1X01', name: 'Age UK Essex', kind: OrganisationKind.VOLUNTARY_OR_COMMUNITY },
];

/** Who serves each commissioning place (former CCG area): its acute trust and its hospice. */
export const AREA_PROVIDERS: Readonly<Record<string, { acuteTrust: Provider; hospice: Provider }>> = {
  'North East Essex': { acuteTrust: ESNEFT, hospice: hospice('H1X01', 'St Helena Hospice') },
  'South East Essex': { acuteTrust: MSEFT, hospice: hospice('H1X02', 'Fair Havens Hospice') },
  Thurrock: { acuteTrust: MSEFT, hospice: hospice('H1X03', "St Luke's Hospice") },
  'Mid Essex': { acuteTrust: MSEFT, hospice: hospice('H1X04', 'Farleigh Hospice') },
  'Basildon and Brentwood': { acuteTrust: MSEFT, hospice: hospice('H1X03', "St Luke's Hospice") },
};
