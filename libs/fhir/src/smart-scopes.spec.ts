import type { User } from '@app/access';
import { DomainError } from '@app/errors';
import { Interaction, requireScope } from './smart-scopes';

const withScopes = (...scopes: string[]) => ({ scopes }) as unknown as User;
const allowed = (user: User, type: string, interaction: Interaction) => {
  try {
    requireScope(user, type, interaction);
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_AUTHORISED') return false;
    throw error;
  }
};

describe("a partner system's SMART scopes", () => {
  it('let system/Patient.read read and search Patients, and nothing else', () => {
    const reader = withScopes('system/Patient.read');
    expect(['r', 's', 'c', 'u'].map((i) => allowed(reader, 'Patient', i as Interaction))).toEqual([true, true, false, false]);
    expect(allowed(reader, 'Organization', 'r')).toBe(false);
  });

  it('let system/*.write create and update any type, but not read it', () => {
    const writer = withScopes('system/*.write');
    expect(['r', 'c', 'u'].map((i) => allowed(writer, 'Practitioner', i as Interaction))).toEqual([false, true, true]);
  });

  it('take SMART v2 letters', () => {
    const v2 = withScopes('system/Patient.rs', 'system/Organization.c');
    expect([allowed(v2, 'Patient', 's'), allowed(v2, 'Patient', 'u'), allowed(v2, 'Organization', 'c')]).toEqual([true, false, true]);
  });

  it("do not limit a person's token, which carries no SMART scopes (their roles do)", () => {
    expect(allowed(withScopes(), 'Patient', 'c')).toBe(true);
    expect(allowed(withScopes('openid', 'profile'), 'Patient', 'u')).toBe(true);
  });
});
