import { CreatePersonRegister1795502400000 } from './1795502400000-create-person-register';
import { AddCareTeamsAndLeadProfessionals1795506000000 } from './1795506000000-add-care-teams-and-lead-professionals';
import { AddAccessControlAndAudit1795509600000 } from './1795509600000-add-access-control-and-audit';
import { AddJointCarePlans1795513200000 } from './1795513200000-add-joint-care-plans';
import { AddActivitiesAsData1795516800000 } from './1795516800000-add-activities-as-data';
import { AddPersonHistoryForFhir1795527600000 } from './1795527600000-add-person-history-for-fhir';
import { AddPartnerSystemsAndOutbox1795529400000 } from './1795529400000-add-partner-systems-and-outbox';

/** Every migration, oldest first. A landed migration is never edited: add a new one. */
export const migrations = [
  CreatePersonRegister1795502400000,
  AddCareTeamsAndLeadProfessionals1795506000000,
  AddAccessControlAndAudit1795509600000,
  AddJointCarePlans1795513200000,
  AddActivitiesAsData1795516800000,
  AddPersonHistoryForFhir1795527600000,
  AddPartnerSystemsAndOutbox1795529400000,
];
