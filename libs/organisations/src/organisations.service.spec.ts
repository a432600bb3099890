import { randomUUID } from 'node:crypto';
import { anOrganisation } from '../../../test/support/builders';
import { refusalOf, rowCounts } from '../../../test/support/refusals';
import { startTestApp, TestApp } from '../../../test/support/test-app';
import { OrganisationKind } from './organisation-codes';
import { CreateOrganisationInput } from './organisation.types';
import { OrganisationsService } from './organisations.service';

const newOrganisation = (overrides: Partial<CreateOrganisationInput> = {}) =>
  ({ ...anOrganisation(), ...overrides }) as CreateOrganisationInput;

describe('OrganisationsService (against the database)', () => {
  let t: TestApp;
  let organisations: OrganisationsService;
  const count = async () => (await rowCounts(t.dataSource, ['organisation'])).organisation;

  beforeAll(async () => {
    t = await startTestApp();
    organisations = t.app.get(OrganisationsService);
  });
  afterAll(() => t.close());

  /** A locality with two PCNs, each with practices: the shape GP federations and commissioners query by. */
  async function aLocality() {
    const locality = await organisations.create(
      newOrganisation({ name: 'Colchester', kind: OrganisationKind.LOCALITY, odsCode: null }),
    );
    const north = await organisations.create(
      newOrganisation({ name: 'North Colchester PCN', kind: OrganisationKind.PRIMARY_CARE_NETWORK, parentId: locality.id }),
    );
    const south = await organisations.create(
      newOrganisation({ name: 'South Colchester PCN', kind: OrganisationKind.PRIMARY_CARE_NETWORK, parentId: locality.id }),
    );
    const practice = (name: string, parentId: string) => organisations.create(newOrganisation({ name, parentId }));
    const [mile, highwoods, rowhedge] = [
      await practice('Mile End Surgery', north.id),
      await practice('Highwoods Surgery', north.id),
      await practice('Rowhedge Surgery', south.id),
    ];
    return { locality, north, south, mile, highwoods, rowhedge };
  }

  const namesUnder = async (id: string, kind?: OrganisationKind) =>
    (await organisations.pageUnder({ id, kind, first: 50 })).nodes.map((o) => o.name);

  it('lists the practices under a PCN, and under a locality through its PCNs', async () => {
    const { locality, north, mile } = await aLocality();
    expect(await namesUnder(north.id)).toEqual(['Highwoods Surgery', 'Mile End Surgery']);
    expect(await namesUnder(locality.id, OrganisationKind.GP_PRACTICE)).toEqual([
      'Highwoods Surgery',
      'Mile End Surgery',
      'Rowhedge Surgery',
    ]);
    expect(await namesUnder(locality.id)).toHaveLength(5);
    expect(mile).toMatchObject({ parentId: north.id, path: [locality.id, north.id, mile.id], version: 1 });
  });

  it('pages through everything under a locality in name order, each once', async () => {
    const { locality } = await aLocality();
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await organisations.pageUnder({ id: locality.id, first: 2, after });
      seen.push(...page.nodes.map((o) => o.name));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toEqual([...seen].sort());
    expect(seen).toHaveLength(5);
  });

  it('moving a practice to another PCN moves it in every list, and moving a PCN takes its practices along', async () => {
    const { locality, north, south, mile } = await aLocality();
    const moved = await organisations.update({ id: mile.id, expectedVersion: 1, parentId: south.id });
    expect(moved).toMatchObject({ parentId: south.id, path: [locality.id, south.id, mile.id], version: 2 });
    expect(await namesUnder(south.id)).toEqual(['Mile End Surgery', 'Rowhedge Surgery']);

    const elsewhere = await organisations.create(
      newOrganisation({ name: 'Tendring', kind: OrganisationKind.LOCALITY, odsCode: null }),
    );
    await organisations.update({ id: south.id, expectedVersion: 1, parentId: elsewhere.id });
    expect(await namesUnder(elsewhere.id, OrganisationKind.GP_PRACTICE)).toEqual(['Mile End Surgery', 'Rowhedge Surgery']);
    expect(await namesUnder(locality.id)).toEqual(['Highwoods Surgery', 'North Colchester PCN']);
    expect((await organisations.findById(mile.id))?.path).toEqual([elsewhere.id, south.id, mile.id]);
    expect((await organisations.findById(north.id))?.parentId).toBe(locality.id);
  });

  it('refuses to put a locality under one of its own practices, or an organisation under itself', async () => {
    const { locality, mile } = await aLocality();
    expect(await refusalOf(organisations.update({ id: locality.id, expectedVersion: 1, parentId: mile.id }))).toBe(
      'ORGANISATION_HIERARCHY_CYCLE',
    );
    expect(await refusalOf(organisations.update({ id: mile.id, expectedVersion: 1, parentId: mile.id }))).toBe(
      'ORGANISATION_HIERARCHY_CYCLE',
    );
    expect(await organisations.findById(locality.id)).toMatchObject({ parentId: null, version: 1 });
  });

  it('refuses a second organisation with the same ODS code, naming the first, and writes nothing', async () => {
    const first = await organisations.create(newOrganisation());
    const before = await count();
    const error = await organisations.create(newOrganisation({ odsCode: first.odsCode })).catch((e) => e);
    expect(error).toMatchObject({ code: 'ODS_CODE_TAKEN', details: { existingOrganisationId: first.id } });
    const other = await organisations.create(newOrganisation());
    expect(await refusalOf(organisations.update({ id: other.id, expectedVersion: 1, odsCode: first.odsCode }))).toBe(
      'ODS_CODE_TAKEN',
    );
    expect(await count()).toBe(before + 1);
    expect(await organisations.findById(other.id)).toMatchObject({ version: 1, odsCode: other.odsCode });
  });

  it('keeps organisations without an ODS code apart, however many there are', async () => {
    const a = await organisations.create(
      newOrganisation({ odsCode: null, name: 'Friends of Wivenhoe', kind: OrganisationKind.VOLUNTARY_OR_COMMUNITY }),
    );
    const b = await organisations.create(
      newOrganisation({ odsCode: null, name: 'Age Well East', kind: OrganisationKind.VOLUNTARY_OR_COMMUNITY }),
    );
    expect(a.id).not.toBe(b.id);
  });

  it('refuses an unknown parent and writes nothing; an unknown organisation has nothing under it to list', async () => {
    const before = await count();
    expect(await refusalOf(organisations.create(newOrganisation({ parentId: randomUUID() })))).toBe('ORGANISATION_NOT_FOUND');
    expect(await refusalOf(organisations.pageUnder({ id: randomUUID(), first: 10 }))).toBe('ORGANISATION_NOT_FOUND');
    expect(await count()).toBe(before);
  });

  it('an update from a stale version is refused with VERSION_CONFLICT and writes nothing', async () => {
    const practice = await organisations.create(newOrganisation());
    await organisations.update({ id: practice.id, expectedVersion: 1, name: 'Tiptree Health Centre' });
    const error = await organisations.update({ id: practice.id, expectedVersion: 1, name: 'Stale' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    expect(await organisations.findById(practice.id)).toMatchObject({ name: 'Tiptree Health Centre', version: 2 });
    expect(await refusalOf(organisations.update({ id: practice.id, expectedVersion: 2, name: null as unknown as string }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('practices created under PCNs while the PCNs move all end up with paths that match their parents', async () => {
    const { locality, north, south } = await aLocality();
    const elsewhere = await organisations.create(
      newOrganisation({ name: 'Harwich', kind: OrganisationKind.LOCALITY, odsCode: null }),
    );
    await Promise.all([
      organisations.update({ id: north.id, expectedVersion: 1, parentId: elsewhere.id }),
      ...Array.from({ length: 6 }, (_, i) =>
        organisations.create(newOrganisation({ name: `New ${i}`, parentId: i % 2 ? north.id : south.id })),
      ),
      organisations.update({ id: south.id, expectedVersion: 1, parentId: elsewhere.id }),
    ]);
    const stale = await t.dataSource.query(
      `SELECT o.name FROM organisation o JOIN organisation parent ON parent.id = o.parent_id
        WHERE o.path <> parent.path || o.id`,
    );
    expect(stale).toEqual([]);
    expect(await namesUnder(elsewhere.id, OrganisationKind.GP_PRACTICE)).toHaveLength(9);
    expect(await namesUnder(locality.id)).toEqual([]);
  });
});
