import http from 'node:http';
import type { Pool } from 'pg';
import { ApiDriver, Asker, GraphQLResponse, SqlDriver } from './scenario';

/**
 * The API over HTTP, as a client on the same machine reaches it: keep-alive connections, at most
 * `connections` of them, each request with a bearer token for whoever asks (one token per asker,
 * made once). Loopback only: the benchmark drives nothing but the process it started.
 */
export function httpApiDriver(
  port: number,
  connections: number,
  tokenFor: (asker: Asker) => Promise<string>,
): ApiDriver & { close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const tokens = new Map<string, Promise<string>>();
  const bearer = (as: Asker) => {
    const key = JSON.stringify([as.practiceOds, as.analystAt, as.professionalId, as.org, as.roles]);
    if (!tokens.has(key)) tokens.set(key, tokenFor(as));
    return tokens.get(key)!;
  };
  /** One request on a kept-alive connection, answered as parsed JSON. */
  const send = async <T>(method: string, path: string, contentType: string, body: string | undefined, as: Asker) => {
    const authorization = `Bearer ${await bearer(as)}`;
    return new Promise<{ status: number; body: T }>((resolve, reject) => {
      const headers: Record<string, string | number> = { authorization, accept: 'application/json, application/fhir+json' };
      if (body !== undefined) Object.assign(headers, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
      const request = http.request({ host: '127.0.0.1', port, path, method, agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as T });
          } catch {
            reject(new Error(`The API answered HTTP ${response.statusCode} with something not JSON: ${text.slice(0, 200)}`));
          }
        });
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });
  };
  return {
    graphql: async <T>(query: string, variables: Record<string, unknown>, as: Asker) =>
      (await send<GraphQLResponse<T>>('POST', '/graphql', 'application/json', JSON.stringify({ query, variables }), as)).body,
    fhir: <T>(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, as: Asker) =>
      send<T>(method, `/fhir${path}`, 'application/fhir+json', body === undefined ? undefined : JSON.stringify(body), as),
    close: () => agent.destroy(),
  };
}

/** Bare SQL through a pg pool. */
export function pgSqlDriver(pool: Pool): SqlDriver {
  return { query: async (sql, parameters) => (await pool.query(sql, parameters)).rows };
}
