export { CaseloadsModule } from './caseloads.module';
export { CaseloadsService } from './caseloads.service';
