import { randomUUID } from 'node:crypto';
import { anOrganisation, aProfessional } from '../../../test/support/builders';
import { refusalOf, rowCounts } from '../../../test/support/refusals';
import { startTestApp, TestApp } from '../../../test/support/test-app';
import { RegistrationBody } from './organisation-codes';
import { CreateOrganisationInput } from './organisation.types';
import { OrganisationsService } from './organisations.service';
import { CreateProfessionalInput } from './professional.types';
import { ProfessionalsService } from './professionals.service';

const newProfessional = (overrides: Partial<CreateProfessionalInput> = {}) =>
  ({ ...aProfessional(), ...overrides }) as CreateProfessionalInput;

describe('ProfessionalsService (against the database)', () => {
  let t: TestApp;
  let professionals: ProfessionalsService;
  let practiceId: string;
  const counts = () => rowCounts(t.dataSource, ['professional', 'professional_role']);

  beforeAll(async () => {
    t = await startTestApp();
    professionals = t.app.get(ProfessionalsService);
    practiceId = (await t.app.get(OrganisationsService).create(anOrganisation() as CreateOrganisationInput)).id;
  });
  afterAll(() => t.close());

  it('adds a professional with their registration, found again by it however it is written', async () => {
    const matron = await professionals.create(newProfessional({ registrationNumber: '99A7001E' }));
    expect(matron).toMatchObject({ version: 1, registrationBody: 'NMC', caseloadCapacity: 40 });
    expect(await professionals.findByRegistration(RegistrationBody.NMC, '99A7001E')).toMatchObject({ id: matron.id });
  });

  it('refuses a registration number another professional holds with the same body, but not with another body', async () => {
    const gp = await professionals.create(
      newProfessional({ registrationBody: RegistrationBody.GMC, registrationNumber: '7654321' }),
    );
    const before = await counts();
    const error = await professionals
      .create(newProfessional({ registrationBody: RegistrationBody.GMC, registrationNumber: '7654321' }))
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'REGISTRATION_TAKEN', details: { existingProfessionalId: gp.id } });
    expect(await counts()).toEqual(before);
    await professionals.create(newProfessional({ registrationBody: RegistrationBody.GPHC, registrationNumber: '7654321' }));

    const other = await professionals.create(newProfessional());
    expect(
      await refusalOf(
        professionals.update({
          id: other.id,
          expectedVersion: 1,
          registrationBody: RegistrationBody.GMC,
          registrationNumber: '7654321',
        }),
      ),
    ).toBe('REGISTRATION_TAKEN');
    expect(await professionals.findById(other.id)).toMatchObject({ version: 1, registrationBody: 'NMC' });
  });

  it('refuses half a registration', async () => {
    expect(await refusalOf(professionals.create(newProfessional({ registrationBody: null })))).toBe('BAD_USER_INPUT');
    const nurse = await professionals.create(newProfessional());
    expect(await refusalOf(professionals.update({ id: nurse.id, expectedVersion: 1, registrationNumber: null }))).toBe(
      'BAD_USER_INPUT',
    );
    const unregistered = await professionals.update({
      id: nurse.id,
      expectedVersion: 1,
      registrationNumber: null,
      registrationBody: null,
    });
    expect(unregistered).toMatchObject({ version: 2, registrationBody: null, registrationNumber: null });
  });

  it('changes a caseload capacity from the version read, refusing a stale one', async () => {
    const nurse = await professionals.create(newProfessional());
    expect(await professionals.update({ id: nurse.id, expectedVersion: 1, caseloadCapacity: 55 })).toMatchObject({
      caseloadCapacity: 55,
      version: 2,
    });
    expect(await refusalOf(professionals.update({ id: nurse.id, expectedVersion: 1, caseloadCapacity: 10 }))).toBe(
      'VERSION_CONFLICT',
    );
    expect(await refusalOf(professionals.update({ id: randomUUID(), expectedVersion: 1, caseloadCapacity: 10 }))).toBe(
      'PROFESSIONAL_NOT_FOUND',
    );
  });

  it('records a role in an organisation and ends it once, keeping it as history', async () => {
    const nurse = await professionals.create(newProfessional());
    const role = await professionals.addRole({
      professionalId: nurse.id,
      organisationId: practiceId,
      jobTitle: 'Community matron',
      startDate: '2024-04-01',
    });
    expect(role).toMatchObject({ jobTitle: 'Community matron', endDate: null, organisation: { id: practiceId } });

    const ended = await professionals.endRole({ id: role.id, endDate: '2025-03-31' });
    expect(ended.endDate).toBe('2025-03-31');
    const again = await professionals.endRole({ id: role.id }).catch((e) => e);
    expect(again).toMatchObject({ code: 'ROLE_ALREADY_ENDED', details: { endDate: '2025-03-31' } });
    expect(await professionals.rolesOf([nurse.id], false)).toEqual([]);
    expect((await professionals.rolesOf([nurse.id], true)).map((r) => r.endDate)).toEqual(['2025-03-31']);
  });

  it('refuses a role for an unknown professional or organisation, and an end before the start or in the future, writing nothing', async () => {
    const nurse = await professionals.create(newProfessional());
    const role = await professionals.addRole({
      professionalId: nurse.id,
      organisationId: practiceId,
      jobTitle: 'District nurse',
      startDate: '2024-04-01',
    });
    const before = await counts();
    const add = { professionalId: nurse.id, organisationId: practiceId, jobTitle: 'Nurse' };
    expect(await refusalOf(professionals.addRole({ ...add, professionalId: randomUUID() }))).toBe('PROFESSIONAL_NOT_FOUND');
    expect(await refusalOf(professionals.addRole({ ...add, organisationId: randomUUID() }))).toBe('ORGANISATION_NOT_FOUND');
    expect(await refusalOf(professionals.endRole({ id: role.id, endDate: '2024-03-31' }))).toBe('DATES_OUT_OF_ORDER');
    expect(await refusalOf(professionals.endRole({ id: role.id, endDate: '2999-01-01' }))).toBe('DATE_IN_FUTURE');
    expect(await refusalOf(professionals.endRole({ id: randomUUID() }))).toBe('ROLE_NOT_FOUND');
    expect(await counts()).toEqual(before);
    expect((await professionals.rolesOf([nurse.id], false))[0].endDate).toBeNull();
  });
});
