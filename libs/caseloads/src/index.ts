export { CaseloadsModule } from './caseloads.module';
export { caseloadPageQuery, CaseloadsService } from './caseloads.service';
