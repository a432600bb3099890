import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ACCESS_POLICY, PUBLIC } from './policy';

// Where @nestjs/graphql records that a method resolves a Query or a Mutation.
const RESOLVER_TYPE = 'graphql:resolver_type';

/**
 * Refuses to start a service with a GraphQL operation that declares no access policy. The guard
 * would refuse such an operation at run time anyway; this makes the omission a start-up error
 * that every test run sees.
 */
@Injectable()
export class PolicyCoverage implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onApplicationBootstrap(): void {
    const missing: string[] = [];
    for (const { instance } of this.discovery.getProviders()) {
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = prototype[name];
        const type = Reflect.getMetadata(RESOLVER_TYPE, method);
        if ((type === 'Query' || type === 'Mutation') && !Reflect.getMetadata(ACCESS_POLICY, method) && !Reflect.getMetadata(PUBLIC, method)) {
          missing.push(`${prototype.constructor.name}.${name}`);
        }
      }
    }
    if (missing.length > 0) throw new Error(`GraphQL operations with no access policy (@Authorise): ${missing.join(', ')}`);
  }
}
