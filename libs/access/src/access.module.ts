import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessCheck } from './access-check';
import { AccessGuard } from './access.guard';
import { AccessInterceptor } from './access.interceptor';
import { AccessResolver } from './access.resolver';
import { AccessService } from './access.service';
import { AuditEvent } from './audit-event.entity';
import { AuditService } from './audit.service';
import { BreakGlassAccess } from './break-glass.entity';
import { PolicyCoverage } from './policy-coverage';
import { RelationshipsService } from './relationships.service';
import { RolesService } from './roles.service';
import { SharingDissent } from './sharing-dissent.entity';

/** Authentication, legitimate relationships, consent, break glass and audit, for every request. */
@Global()
@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature([AuditEvent, BreakGlassAccess, SharingDissent])],
  providers: [
    AccessCheck,
    AccessService,
    AuditService,
    RelationshipsService,
    RolesService,
    AccessResolver,
    PolicyCoverage,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: AccessInterceptor },
  ],
  exports: [RelationshipsService, AuditService, AccessCheck, AccessService],
})
export class AccessModule {}
