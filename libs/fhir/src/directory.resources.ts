import { Injectable } from '@nestjs/common';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Activity } from '@app/access';
import { Organisation, Professional, ProfessionalRole } from '@app/organisations';
import { today } from '@app/validation';
import { toFhirOrganization, toFhirPractitioner, toFhirPractitionerRole } from './directory.fhir';
import { EntityResources, referenceParam, SearchParam, tokenParam } from './entity-resources';
import { parseToken } from './fhir-search';
import { ODS_ORGANISATION_SYSTEM, REGISTRATION_SYSTEMS } from './uk-core';

/** The directory is not part of anyone's record: reading it needs VIEW_DIRECTORY, and no relationship. */
abstract class DirectoryResources<Row extends ObjectLiteral & { id: string }> extends EntityResources<Row> {
  readonly readActivity = Activity.VIEW_DIRECTORY;
  protected personOf(): null {
    return null;
  }
}

/** The directory's organisations as Organizations (read-only: the directory is kept over GraphQL). */
@Injectable()
export class OrganizationResources extends DirectoryResources<Organisation> {
  readonly type = 'Organization';
  protected readonly entity = Organisation;
  protected readonly params = [
    tokenParam('identifier', 'q.ods_code', ODS_ORGANISATION_SYSTEM, `ODS code: ${ODS_ORGANISATION_SYSTEM}|<code>`),
    referenceParam('partof', 'Organization', 'q.parent_id'),
  ];
  protected toFhir = toFhirOrganization;
}

/** The directory's professionals as Practitioners, found by their registration (GMC, NMC...). */
@Injectable()
export class PractitionerResources extends DirectoryResources<Professional> {
  readonly type = 'Practitioner';
  protected readonly entity = Professional;
  protected readonly params: SearchParam[] = [
    {
      name: 'identifier',
      type: 'token',
      documentation: `Registration: ${Object.values(REGISTRATION_SYSTEMS).join(', ')}|<number>`,
      where: (query, raw, key) => {
        const { system, value } = parseToken('identifier', raw);
        const body = Object.entries(REGISTRATION_SYSTEMS).find(([, s]) => s === system)?.[0];
        query.andWhere(`q.registration_number = :${key}`, { [key]: value });
        if (system) query.andWhere(`q.registration_body = :${key}body`, { [`${key}body`]: body ?? '-' });
      },
    },
  ];
  protected toFhir = toFhirPractitioner;
}

/** Professionals' roles in organisations as PractitionerRoles. */
@Injectable()
export class PractitionerRoleResources extends DirectoryResources<ProfessionalRole> {
  readonly type = 'PractitionerRole';
  protected readonly entity = ProfessionalRole;
  protected readonly changedAt = 'created_at';
  protected readonly params = [
    referenceParam('practitioner', 'Practitioner', 'q.professional_id'),
    referenceParam('organization', 'Organization', 'q.organisation_id'),
  ];
  protected toFhir = (role: ProfessionalRole) => toFhirPractitionerRole(role, today());
  protected withJoins(query: SelectQueryBuilder<ProfessionalRole>) {
    return query.leftJoinAndSelect('q.organisation', 'organisation');
  }
}
