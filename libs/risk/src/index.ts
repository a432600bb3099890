export { atRiskPageQuery } from './at-risk.service';
export { PersonOnAList } from './at-risk.types';
export { MdtDecision, NominationStatus, RiskModel, TierBasis, TierDirection } from './risk-codes';
export { RiskModule } from './risk.module';
export { categoryOf, RiskScoresService } from './risk-scores.service';
export { currentPolicyToRetier, explain, retierPolicy, SHARE_ABOVE_DRIFT, StratificationService } from './stratification.service';
export type { PolicyToRetier, RetierCounts, TierRow } from './stratification.service';
export { RiskScoreInput } from './risk-score.types';
