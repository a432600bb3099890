import { CreatePersonRegister1795502400000 } from './1795502400000-create-person-register';
import { AddCareTeamsAndLeadProfessionals1795506000000 } from './1795506000000-add-care-teams-and-lead-professionals';
import { AddAccessControlAndAudit1795509600000 } from './1795509600000-add-access-control-and-audit';
import { AddJointCarePlans1795513200000 } from './1795513200000-add-joint-care-plans';
import { AddActivitiesAsData1795516800000 } from './1795516800000-add-activities-as-data';
import { AddSinglePointOfReferral1795520400000 } from './1795520400000-add-single-point-of-referral';
import { AddRiskStratification1795524000000 } from './1795524000000-add-risk-stratification';
import { AddCaseloadIndexes1795524000001 } from './1795524000001-add-caseload-indexes';
import { AddPersonHistoryForFhir1795527600000 } from './1795527600000-add-person-history-for-fhir';
import { AddPartnerSystemsAndOutbox1795529400000 } from './1795529400000-add-partner-systems-and-outbox';
import { IndexTeamCaseloads1795531200000 } from './1795531200000-index-team-caseloads';
import { KeepPracticeOnPersonTier1795531200001 } from './1795531200001-keep-practice-on-person-tier';
import { SyncEveryPersonLevelResource1795534800000 } from './1795534800000-sync-every-person-level-resource';
import { AddCareEventsAndReviewTriggers1795538400000 } from './1795538400000-add-care-events-and-review-triggers';
import { KeepLeadAndPlanOnPersonTier1795545600000 } from './1795545600000-keep-lead-and-plan-on-person-tier';
import { IndexPersonLevelRowsByPerson1795549200000 } from './1795549200000-index-person-level-rows-by-person';
import { SyncGoalsFlagsTasksConsentsAndAuditReads1795552800000 } from './1795552800000-sync-goals-flags-tasks-consents-and-audit-reads';
import { SyncCareEventsAndNotifications1795556400000 } from './1795556400000-sync-care-events-and-notifications';
import { ReadCaseloadsFromTheirIndexes1795560000000 } from './1795560000000-read-caseloads-from-their-indexes';
import { CheckCareTeamRelationshipsFromAnIndex1795560000001 } from './1795560000001-check-care-team-relationships-from-an-index';
import { FindAPersonsRecordByIndex1795563600000 } from './1795563600000-find-a-persons-record-by-index';
import { FindAnOrganisationsPeopleByIndex1795567200000 } from './1795567200000-find-an-organisations-people-by-index';
import { RewriteTiersInPlace1795570800000 } from './1795570800000-rewrite-tiers-in-place';
import { TakeThePracticeOnInsertOnly1795574400000 } from './1795574400000-take-the-practice-on-insert-only';

/** Every migration, oldest first. A landed migration is never edited: add a new one. */
export const migrations = [
  CreatePersonRegister1795502400000,
  AddCareTeamsAndLeadProfessionals1795506000000,
  AddAccessControlAndAudit1795509600000,
  AddJointCarePlans1795513200000,
  AddActivitiesAsData1795516800000,
  AddSinglePointOfReferral1795520400000,
  AddRiskStratification1795524000000,
  AddCaseloadIndexes1795524000001,
  AddPersonHistoryForFhir1795527600000,
  AddPartnerSystemsAndOutbox1795529400000,
  IndexTeamCaseloads1795531200000,
  KeepPracticeOnPersonTier1795531200001,
  SyncEveryPersonLevelResource1795534800000,
  AddCareEventsAndReviewTriggers1795538400000,
  KeepLeadAndPlanOnPersonTier1795545600000,
  IndexPersonLevelRowsByPerson1795549200000,
  SyncGoalsFlagsTasksConsentsAndAuditReads1795552800000,
  SyncCareEventsAndNotifications1795556400000,
  ReadCaseloadsFromTheirIndexes1795560000000,
  CheckCareTeamRelationshipsFromAnIndex1795560000001,
  FindAPersonsRecordByIndex1795563600000,
  FindAnOrganisationsPeopleByIndex1795567200000,
  RewriteTiersInPlace1795570800000,
  TakeThePracticeOnInsertOnly1795574400000,
];
