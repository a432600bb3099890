import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedRecord } from '@app/database';
import { PartnerAuth, PartnerScope, SyncedResourceType } from './partner-codes';

/**
 * A partner's FHIR server that receives pushes of what changed for the people it serves. Secrets
 * are never stored here: only the name of a secret, read from PARTNER_SECRETS_DIR or the environment.
 */
@ObjectType({ description: "A partner's FHIR server that receives pushes of changes for the people it serves." })
@Entity({ name: 'partner_system' })
export class PartnerSystem extends VersionedRecord {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('text')
  name: string;

  @Field({ description: 'FHIR R4 base address, such as https://fhir.council.example/R4.' })
  @Column('text')
  baseUrl: string;

  @Field(() => PartnerAuth)
  @Column('text')
  authKind: PartnerAuth;

  @Field(() => String, {
    nullable: true,
    description: 'Name of the secret (a bearer token, or the client secret): a file in PARTNER_SECRETS_DIR or PARTNER_SECRET_<NAME>.',
  })
  @Column('text', { nullable: true })
  secretName: string | null;

  @Field(() => String, { nullable: true, description: "The partner's OAuth token endpoint (client credentials)." })
  @Column('text', { nullable: true })
  tokenUrl: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  clientId: string | null;

  @Field(() => [SyncedResourceType])
  @Column('text', { array: true })
  resourceTypes: SyncedResourceType[];

  @Field(() => PartnerScope)
  @Column('text')
  scopeKind: PartnerScope;

  @Field(() => String, { nullable: true, description: 'ONS local authority code or postcode area, by scopeKind.' })
  @Column('text', { nullable: true })
  scopeCode: string | null;

  @Field(() => ID, { nullable: true, description: 'The organisation whose care teams decide the people (IN_CARE_TEAM).' })
  @Column('uuid', { nullable: true })
  organisationId: string | null;

  @Field({ description: 'Inactive partners keep their queue but receive nothing until made active again.' })
  @Column('boolean')
  active: boolean;
}
