export { MdtDecision, NominationStatus, RiskModel, TierBasis, TierDirection } from './risk-codes';
export { RiskModule } from './risk.module';
export { RiskScoresService } from './risk-scores.service';
export { retierSql, StratificationService } from './stratification.service';
