import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { DataSource } from 'typeorm';
import { AccessCheck, peopleOfUser, PersonRecord, RelationshipsService, User } from '@app/access';
import { DomainError } from '@app/errors';
import { assertValidFhir } from './fhir-validator';
import { cursorAfter, parseSearch, ParsedSearch } from './fhir-search';
import { Found, FhirType } from './fhir-type';
import { FhirTypes } from './fhir-types';
import { outcomeOf } from './operation-outcome';
import { Interaction, requireScope } from './smart-scopes';

/** What a FHIR interaction answers: the status, the body, and the headers that go with a resource. */
export interface FhirReply {
  status: number;
  body: Resource;
  etag?: string;
  location?: string;
  lastModified?: string;
}

/** One write or read asked for, on its own or as a bundle entry. */
interface Request {
  method: 'GET' | 'POST' | 'PUT';
  type: string;
  id?: string;
  resource?: Resource;
  query?: Record<string, string[]>;
  ifNoneExist?: string;
  ifMatch?: string;
  /** The entry's fullUrl (urn:uuid:...), which other entries may reference. */
  fullUrl?: string;
  /** Validated already, as part of its bundle. */
  validated?: boolean;
}

/** An entry that passed every check that can be made before writing. */
interface Checked {
  request: Request;
  type: FhirType;
  index: number;
  ifMatch?: number;
  ifNoneExist?: ParsedSearch;
}

/** A relationship found missing inside a transaction: refused (and audited) once it has rolled back. */
class RefusedInTransaction extends Error {
  constructor(
    readonly entry: Checked,
    readonly person: PersonRecord,
  ) {
    super('no relationship');
  }
}

const STATUS_TEXT: Record<number, string> = { 200: '200 OK', 201: '201 Created' };

/** The weak ETag of a version; types that keep no versions (CareTeam, PractitionerRole) have none. */
const etagOf = (resource: Resource) => (resource.meta?.versionId ? `W/"${resource.meta.versionId}"` : undefined);

function replyFor(found: Found, status = 200, withLocation = false): FhirReply {
  const { resource } = found;
  return {
    status,
    body: resource,
    etag: etagOf(resource),
    lastModified: resource.meta?.lastUpdated ? new Date(resource.meta.lastUpdated).toUTCString() : undefined,
    location: withLocation ? `${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}` : undefined,
  };
}

/** `W/"3"` or `"3"` as the version 3. */
function versionOf(ifMatch: string): number {
  const version = Number(/^(?:W\/)?"(\d+)"$/.exec(ifMatch.trim())?.[1]);
  if (!Number.isInteger(version) || version < 1) {
    throw new DomainError('BAD_USER_INPUT', `If-Match must be an ETag such as W/"3", not ${ifMatch}`, { expression: ['If-Match'] });
  }
  return version;
}

const queryOf = (search: string): Record<string, string[]> => {
  const query: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(search)) (query[name] ??= []).push(value);
  return query;
};

/**
 * The FHIR interactions (read, vread, history, search, create, update, transaction and batch)
 * over the resource types in FhirTypes, with the same access rules as GraphQL: the activity the
 * user's roles grant, SMART scopes for partner systems, a legitimate relationship to each person
 * whose record is read or changed, and an audit row for every one (in the same transaction as a
 * change). Plain functions of the request: the controller only translates HTTP.
 */
@Injectable()
export class FhirApi {
  constructor(
    private readonly dataSource: DataSource,
    private readonly types: FhirTypes,
    private readonly access: AccessCheck,
    private readonly relationships: RelationshipsService,
  ) {}

  private async allowRead(user: User, type: FhirType, interaction: Interaction, action: string): Promise<void> {
    requireScope(user, type.type, interaction);
    await this.access.authorise(user, type.readActivity, action);
  }

  /** Gives the found resources the user may see, auditing each person's, permitted or refused. */
  private async screen(user: User, action: string, found: Found[]): Promise<Found[]> {
    const records: PersonRecord[] = found.flatMap((f) => (f.personId ? [{ personId: f.personId, entity: f.resource.resourceType }] : []));
    if (records.length === 0) return found;
    const bases = await this.access.screenReads(user, action, records);
    return found.filter((f) => !f.personId || bases.has(f.personId));
  }

  /** One resource (or one version of it) the user may see, or NOT_AUTHORISED / NOT_FOUND. */
  private async readOne(user: User, typeName: string, id: string, interaction: string, load: (t: FhirType) => Promise<Found[] | Found | undefined>) {
    const type = this.types.get(typeName);
    const action = `FHIR ${interaction} ${typeName}`;
    await this.allowRead(user, type, 'r', action);
    const loaded = await load(type);
    const found = loaded === undefined ? [] : Array.isArray(loaded) ? loaded : [loaded];
    if (found.length === 0) throw new DomainError('NOT_FOUND', `No ${typeName}/${id}${interaction === 'vread' ? ' at that version' : ''}`);
    const personId = found[0].personId;
    if (personId) {
      // Refused reads of a person's record are audited as such before the refusal.
      await this.access.authorise(user, type.readActivity, action, { personId, entity: typeName });
    }
    return this.screen(user, action, found);
  }

  async read(user: User, typeName: string, id: string): Promise<FhirReply> {
    const [found] = await this.readOne(user, typeName, id, 'read', (t) => t.read(this.dataSource.manager, id));
    return replyFor(found);
  }

  async vread(user: User, typeName: string, id: string, versionId: string): Promise<FhirReply> {
    const version = Number(versionId);
    const [found] = await this.readOne(user, typeName, id, 'vread', (t) => {
      if (!t.version) throw new DomainError('NOT_SUPPORTED', `${typeName} keeps no past versions`);
      return Number.isInteger(version) && version > 0 ? t.version(this.dataSource.manager, id, version) : Promise.resolve(undefined);
    });
    return replyFor(found);
  }

  async history(user: User, typeName: string, id: string, base: string): Promise<FhirReply> {
    const versions = await this.readOne(user, typeName, id, 'history', (t) => {
      if (!t.history) throw new DomainError('NOT_SUPPORTED', `${typeName} keeps no past versions`);
      return t.history(this.dataSource.manager, id);
    });
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'history',
      total: versions.length,
      link: [{ relation: 'self', url: `${base}/${typeName}/${id}/_history` }],
      entry: versions.map(({ resource }) => ({
        fullUrl: `${base}/${typeName}/${id}`,
        resource,
        request: { method: resource.meta?.versionId === '1' ? 'POST' : 'PUT', url: resource.meta?.versionId === '1' ? typeName : `${typeName}/${id}` },
        response: { status: resource.meta?.versionId === '1' ? '201 Created' : '200 OK', etag: etagOf(resource), lastModified: resource.meta?.lastUpdated },
      })),
    };
    return { status: 200, body: bundle };
  }

  /**
   * A page of matches in (lastUpdated, id) order, with a `next` link while more follow: one SQL
   * statement a page. A search that names no one (no parameter of the type's that names one person
   * or record: patient, identifier, _id...) looks among the people the user has a relationship with,
   * not through everyone's records.
   */
  async search(user: User, typeName: string, query: Record<string, unknown>, base: string): Promise<FhirReply> {
    const type = this.types.get(typeName);
    const action = `FHIR search ${typeName}`;
    requireScope(user, typeName, 's');
    await this.access.authorise(user, type.readActivity, action);
    const search = parseSearch(query, type.searchParams.map((p) => p.name));
    if (!type.searchParams.some((p) => p.namesOne && search.params[p.name]?.length)) search.people = peopleOfUser(user);
    const rows = await type.search(this.dataSource.manager, search);
    const page = rows.slice(0, search.count);
    const visible = await this.screen(user, action, page);
    const self = new URLSearchParams();
    for (const [name, values] of Object.entries(query)) for (const v of [values].flat()) if (name !== '_cursor') self.append(name, String(v));
    const link = [{ relation: 'self', url: `${base}/${typeName}?${self}` }];
    if (rows.length > search.count) {
      const last = page[page.length - 1];
      const next = new URLSearchParams(self);
      next.set('_cursor', cursorAfter(last.position, last.resource.id!));
      link.push({ relation: 'next', url: `${base}/${typeName}?${next}` });
    }
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      link,
      entry: visible.map(({ resource }) => ({ fullUrl: `${base}/${typeName}/${resource.id}`, resource, search: { mode: 'match' } })),
    };
    return { status: 200, body: bundle };
  }

  create(user: User, typeName: string, resource: unknown, ifNoneExist?: string): Promise<FhirReply> {
    return this.writeAll(user, 'FHIR create', [{ method: 'POST', type: typeName, resource: resource as Resource, ifNoneExist }]).then(([r]) => r);
  }

  update(user: User, typeName: string, id: string, resource: unknown, ifMatch?: string): Promise<FhirReply> {
    return this.writeAll(user, 'FHIR update', [{ method: 'PUT', type: typeName, id, resource: resource as Resource, ifMatch }]).then(([r]) => r);
  }

  /**
   * A transaction is all or nothing: every entry is checked first, then all are written in one
   * database transaction (creates first, so that `urn:uuid` references to them resolve), with
   * their audit. A batch answers each entry on its own.
   */
  async bundle(user: User, bundle: unknown, base: string): Promise<FhirReply> {
    assertValidFhir(bundle, 'Bundle');
    const { type, entry = [] } = bundle as Bundle;
    if (type !== 'transaction' && type !== 'batch') {
      throw new DomainError('BAD_USER_INPUT', `POST /fhir takes a transaction or batch Bundle, not ${type}`, { expression: ['Bundle.type'] });
    }
    const requests = entry.map((e, i) => this.requestOf(e, i));
    if (type === 'transaction') {
      const replies = await this.writeAll(user, 'FHIR transaction', requests, base);
      return { status: 200, body: this.responseBundle('transaction-response', replies) };
    }
    const replies: FhirReply[] = [];
    for (const request of requests) {
      try {
        replies.push(
          request.method === 'GET'
            ? await this.get(user, request, base)
            : (await this.writeAll(user, 'FHIR batch', [request], base))[0],
        );
      } catch (error) {
        const { status, outcome } = outcomeOf(error);
        replies.push({ status, body: outcome });
      }
    }
    return { status: 200, body: this.responseBundle('batch-response', replies) };
  }

  private responseBundle(type: 'transaction-response' | 'batch-response', replies: FhirReply[]): Bundle {
    return {
      resourceType: 'Bundle',
      type,
      // Writes answer with their location and version (the partner has the resource already);
      // reads with what they read.
      entry: replies.map((r) => ({
        ...(r.body.resourceType === 'OperationOutcome' || r.location ? {} : { resource: r.body }),
        response: {
          status: STATUS_TEXT[r.status] ?? String(r.status),
          ...(r.location ? { location: r.location } : {}),
          ...(r.etag ? { etag: r.etag } : {}),
          ...(r.body.meta?.lastUpdated ? { lastModified: r.body.meta.lastUpdated } : {}),
          ...(r.body.resourceType === 'OperationOutcome' ? { outcome: r.body } : {}),
        },
      })),
    };
  }

  private requestOf(entry: BundleEntry, index: number): Request {
    const at = (element: string, message: string) =>
      new DomainError('BAD_USER_INPUT', `Bundle.entry[${index}].${element}: ${message}`, { expression: [`Bundle.entry[${index}].${element}`] });
    const method = entry.request?.method;
    const url = entry.request?.url ?? '';
    const [path, search = ''] = url.split('?');
    const [type, id, ...rest] = path.split('/');
    if (rest.length || !type) throw at('request.url', `${url} is not Type, Type/id or Type?search`);
    if (method === 'GET') return { method, type, id, query: id ? undefined : queryOf(search) };
    // Validated with the bundle.
    const validated = true;
    if (method === 'POST' && !id) {
      return { method, type, resource: entry.resource, ifNoneExist: entry.request?.ifNoneExist, fullUrl: entry.fullUrl, validated };
    }
    if (method === 'PUT' && id) {
      return { method, type, id, resource: entry.resource, ifMatch: entry.request?.ifMatch, fullUrl: entry.fullUrl, validated };
    }
    throw at('request', `${method} ${url} is not supported: entries create (POST Type), update (PUT Type/id) or read (GET)`);
  }

  private get(user: User, request: Request, base: string): Promise<FhirReply> {
    return request.id ? this.read(user, request.type, request.id) : this.search(user, request.type, request.query ?? {}, base);
  }

  /**
   * Writes the entries in one transaction. Before it starts: each resource is validated, each
   * entry's activity and scope are checked, and so is the relationship with each person an update
   * changes. Inside it: creates (with the relationship, where one is needed, once references to
   * other entries are resolved), then updates, then the audit of every person written.
   */
  private async writeAll(user: User, action: string, requests: Request[], base = ''): Promise<FhirReply[]> {
    if (action !== 'FHIR transaction') return this.writeAllOf(user, action, requests, base);
    try {
      return await this.writeAllOf(user, action, requests, base);
    } catch (error) {
      const index = (error as { entryIndex?: number }).entryIndex;
      if (!(error instanceof DomainError) || index === undefined) throw error;
      // A transaction's refusal says which entry it was about.
      throw new DomainError(error.code, `Bundle.entry[${index}]: ${error.message}`, { ...error.details, entry: index });
    }
  }

  private async writeAllOf(user: User, action: string, requests: Request[], base: string): Promise<FhirReply[]> {
    try {
      return await this.writeChecked(user, action, requests, base);
    } catch (error) {
      if (!(error instanceof RefusedInTransaction)) throw error;
      // Refused, and the refusal audited, now that nothing it wrote remains (no relationship: null).
      const { entry, person } = error;
      await forEntry(entry.index, () => this.access.authorise(user, entry.type.writes!.createActivity, `${action} ${entry.type.type}`, person, null));
      throw error;
    }
  }

  private async writeChecked(user: User, action: string, requests: Request[], base: string): Promise<FhirReply[]> {
    const checked: Checked[] = [];
    for (const [index, request] of requests.entries()) {
      checked.push(await forEntry(index, () => this.check(user, action, request, index)));
    }
    // Plain creates get their ids now, so that any entry may refer to any of them by its urn:uuid;
    // a conditional create's id is known once it has found or created its resource.
    const creates = checked.filter((c) => c.request.method === 'POST');
    const plain = creates.filter((c) => !c.ifNoneExist).map((c) => ({ ...c, id: randomUUID() }));
    const resolved = new Map<string, string>();
    for (const { request, type, id } of plain) if (request.fullUrl) resolved.set(request.fullUrl, `${type.type}/${id}`);
    // People this transaction registers: the sender needs no relationship with them yet.
    const registered = new Set<string>(plain.filter((c) => c.type.type === 'Patient').map((c) => c.id));

    const replies = await this.dataSource.transaction(async (tx) => {
      const out: FhirReply[] = new Array(requests.length);
      const written: PersonRecord[] = [];
      const done = ({ request, type, index }: Checked, found: Found, status: number) => {
        if (request.fullUrl) resolved.set(request.fullUrl, `${type.type}/${found.resource.id}`);
        out[index] = replyFor(found, status, true);
        if (found.personId && status !== 200) written.push({ personId: found.personId, entity: type.type });
        if (type.type === 'Patient' && status === 201) registered.add(found.resource.id!);
      };
      // The domain's input for a create, with its references to other entries resolved. A create
      // that needs a relationship with its person is checked now that the person is known, even
      // when named through another entry (which may have found someone already registered).
      const prepare = (c: Checked) =>
        forEntry(c.index, async () => {
          const resource = resolveReferences(c.request.resource!, resolved, c.index);
          const personId = c.type.writes!.createNeedsRelationship ? await c.type.writes!.personOf(tx, resource) : null;
          if (personId && !registered.has(personId) && !(await this.relationships.basesFor(user, [personId], tx)).has(personId)) {
            throw new RefusedInTransaction(c, { personId, entity: c.type.type });
          }
          return c.type.writes!.prepare(resource);
        });
      // Conditional creates one by one; plain creates of a type in one statement; then updates.
      for (const c of creates.filter((c) => c.ifNoneExist)) {
        const prepared = await prepare(c);
        const { found, created } = await forEntry(c.index, () => c.type.writes!.createIfNoneExist(tx, prepared, c.ifNoneExist!, user));
        done(c, found, created ? 201 : 200);
      }
      for (const type of new Set(plain.map((c) => c.type))) {
        const group = plain.filter((c) => c.type === type);
        const prepared: unknown[] = [];
        for (const c of group) prepared.push(await prepare(c));
        const ids = group.map((c) => c.id);
        const found = await forEntry(group.length === 1 ? group[0].index : undefined, () => type.writes!.createMany(tx, prepared, ids, user));
        group.forEach((c, i) => done(c, found[i], 201));
      }
      for (const c of checked.filter((c) => c.request.method === 'PUT')) {
        await forEntry(c.index, async () => {
          const resource = resolveReferences(c.request.resource!, resolved, c.index);
          const found = await c.type.writes!.update!(tx, c.request.id!, resource, c.ifMatch, user);
          out[c.index] = replyFor(found, 200, true);
          if (found.personId) written.push({ personId: found.personId, entity: c.type.type });
        });
      }
      await this.access.recordChanges(user, action, written, tx);
      return out;
    });
    // Reads in a transaction see what it wrote; they run after it, as FHIR orders them.
    for (const [index, request] of requests.entries()) if (request.method === 'GET') replies[index] = await this.get(user, request, base);
    return replies;
  }

  /**
   * Everything about one entry that can be checked before anything is written: the type, the
   * scope, the resource's validity, the activity, and for an update the relationship with the
   * person it changes (refusals audited).
   */
  private async check(user: User, action: string, request: Request, index: number): Promise<Checked> {
    const type = this.types.get(request.type);
    if (request.method === 'GET') return { request, type, index };
    const writes = type.writes;
    if (!writes) throw new DomainError('NOT_SUPPORTED', `${request.type} is read-only through FHIR`);
    if (request.method === 'PUT' && !writes.update) {
      throw new DomainError('NOT_SUPPORTED', `${request.type} is created through FHIR but changes only by its own workflow, not by update`);
    }
    requireScope(user, type.type, request.method === 'POST' ? 'c' : 'u');
    if (!request.validated) assertValidFhir(request.resource, request.type);
    const activity = request.method === 'POST' ? writes.createActivity : writes.updateActivity;
    const personId = request.method === 'PUT' ? await writes.personOf(this.dataSource.manager, request.resource!, request.id) : null;
    await this.access.authorise(user, activity, `${action} ${type.type}`, personId ? { personId, entity: type.type } : undefined);
    const names = type.searchParams.map((p) => p.name);
    return {
      request,
      type,
      index,
      ifMatch: request.ifMatch ? versionOf(request.ifMatch) : undefined,
      ifNoneExist: request.ifNoneExist ? parseSearch(queryOf(request.ifNoneExist), names) : undefined,
    };
  }
}

/** Runs one entry's work, marking a refusal with the entry it came from. */
async function forEntry<T>(index: number | undefined, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && index !== undefined) Object.assign(error, { entryIndex: index });
    throw error;
  }
}

/** The resource with every `reference` to an earlier entry's urn:uuid fullUrl replaced by Type/id. */
function resolveReferences(resource: Resource, resolved: Map<string, string>, index: number): Resource {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => {
        if (key === 'reference' && typeof v === 'string' && v.startsWith('urn:uuid:')) {
          const target = resolved.get(v);
          if (!target) {
            throw new DomainError('BAD_USER_INPUT', `${v} is not the fullUrl of a resource this transaction creates`, {
              expression: [`Bundle.entry[${index}].resource`],
            });
          }
          return [key, target];
        }
        return [key, walk(v)];
      }),
    );
  };
  return walk(resource) as Resource;
}
