import { Module } from '@nestjs/common';
import { CaseloadsResolver } from './caseloads.resolver';
import { CaseloadsService } from './caseloads.service';

/** Caseloads: the people a professional or team leads or holds, with capacity and load. */
@Module({
  providers: [CaseloadsService, CaseloadsResolver],
  exports: [CaseloadsService],
})
export class CaseloadsModule {}
