import request from 'supertest';
import { testNhsNumber } from './builders';
import { DEFAULT_TEST_USER, TestApp, TestUser } from './test-app';

export interface FhirResponse {
  status: number;
  body: any;
  headers: Record<string, string>;
}

/** A FHIR client over HTTP, as a partner would call the service, acting as `as`. */
export function fhirClient(t: TestApp, as: TestUser | null = DEFAULT_TEST_USER) {
  const http = t.app.getHttpServer();
  const call = async (method: 'get' | 'post' | 'put', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<FhirResponse> => {
    let req = request(http)[method](`/fhir${path}`).set('accept', 'application/fhir+json');
    if (as) req = req.set('authorization', `Bearer ${await t.tokenFor(as)}`);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    if (body !== undefined) req = req.set('content-type', 'application/fhir+json').send(JSON.stringify(body));
    const response = await req;
    return { status: response.status, body: JSON.parse(response.text || 'null'), headers: response.headers as Record<string, string> };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call('get', path, undefined, headers),
    post: (path: string, body: unknown, headers?: Record<string, string>) => call('post', path, body, headers),
    put: (path: string, body: unknown, headers?: Record<string, string>) => call('put', path, body, headers),
  };
}

/** A UK Core Patient as a partner would send it: a new test NHS number, registered at F81001. */
export function aPatient(overrides: Record<string, unknown> = {}) {
  return {
    resourceType: 'Patient',
    identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: testNhsNumber() }],
    name: [{ use: 'official', family: 'Hale', given: ['Margaret'] }],
    gender: 'female',
    birthDate: '1938-04-02',
    address: [{ use: 'home', line: ['12 Lexden Road', 'Colchester'], postalCode: 'CO3 3NE' }],
    generalPractitioner: [{ type: 'Organization', identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'F81001' } }],
    ...overrides,
  };
}

export const nhsNumberOf = (patient: { identifier: { value: string }[] }) => patient.identifier[0].value;
