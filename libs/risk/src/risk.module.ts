import { Module } from '@nestjs/common';
import { CareTeamsModule } from '@app/care-teams';
import { AtRiskService } from './at-risk.service';
import { MdtNominationsService } from './mdt-nominations.service';
import { RiskResolver } from './risk.resolver';
import { RiskScoresService } from './risk-scores.service';
import { StratificationService } from './stratification.service';

/** Risk scores, stratification policies and tiers, the federation's at-risk view and MDT case finding. */
@Module({
  imports: [CareTeamsModule],
  providers: [RiskScoresService, StratificationService, AtRiskService, MdtNominationsService, RiskResolver],
  exports: [RiskScoresService, StratificationService],
})
export class RiskModule {}
