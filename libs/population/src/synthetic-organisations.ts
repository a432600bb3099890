import { OrganisationKind } from '@app/organisations';
import { AREA_PROVIDERS, COMMUNITY_TRUST, COUNCILS, Provider, VOLUNTARY_ORGANISATIONS } from './care-system';
import { generatedId } from './generated-ids';
import { PopulationSize, PracticeHierarchy } from './practice-hierarchy';
import { createPrng, Prng } from './prng';

/** One row of the organisation table, as the organisations stage writes it. */
export interface SyntheticOrganisation {
  id: string;
  odsCode: string | null;
  name: string;
  kind: OrganisationKind;
  parentId: string | null;
  /** Ids from the top of the hierarchy down to the organisation itself. */
  path: string[];
}

/** A care home's made-up ODS code: C1X and four digits. */
const careHomeCode = (n: number) => `C1X${String(n).padStart(4, '0')}`;

/**
 * The organisations of the population's care system: each locality (its letters-only key for an
 * ODS code, made up: localities have none), PCN and practice of the hierarchy, in their hierarchy;
 * beside them the councils its people live under, the acute trust and hospice of each place, the
 * community trust, a voluntary organisation and the care homes its practices look after. Ids are
 * drawn from the seed, so the same seed gives the same organisations with the same ids.
 */
export class CareSystem {
  readonly organisations: SyntheticOrganisation[] = [];
  private readonly byKey = new Map<string, SyntheticOrganisation>();

  constructor(
    readonly hierarchy: PracticeHierarchy,
    { seed }: Pick<PopulationSize, 'seed'>,
  ) {
    const prng = createPrng(seed, 'organisations');
    for (const locality of hierarchy.localities) {
      this.add(prng, `locality:${locality.code}`, { odsCode: locality.code, name: locality.name, kind: OrganisationKind.LOCALITY });
    }
    for (const pcn of hierarchy.pcns) {
      const what = { odsCode: pcn.code, name: pcn.name, kind: OrganisationKind.PRIMARY_CARE_NETWORK };
      this.add(prng, `pcn:${pcn.code}`, what, this.locality(pcn.localityCode));
    }
    for (const practice of hierarchy.practices) {
      const what = { odsCode: practice.odsCode, name: practice.name, kind: OrganisationKind.GP_PRACTICE };
      this.add(prng, `practice:${practice.odsCode}`, what, this.pcn(practice.pcnCode));
    }
    const councils = new Set(hierarchy.localities.map((l) => l.localAuthority));
    for (const practice of hierarchy.practices) for (const across of practice.acrossBorder) councils.add(across.localAuthority);
    for (const gss of councils) {
      this.add(prng, `council:${gss}`, { odsCode: gss, name: COUNCILS[gss], kind: OrganisationKind.LOCAL_AUTHORITY });
    }
    const areaProviders = hierarchy.localities.flatMap((l) => Object.values(this.areaProviders(l.area)));
    const providers = [COMMUNITY_TRUST, ...areaProviders, ...VOLUNTARY_ORGANISATIONS];
    for (const provider of providers) {
      if (!this.byKey.has(`provider:${provider.odsCode}`)) this.add(prng, `provider:${provider.odsCode}`, provider);
    }
    // A practice's care homes, each once: two practices in one town may look after the same home.
    let careHomes = 0;
    for (const practice of hierarchy.practices) {
      for (const home of practice.careHomes) {
        const town = home.addressLines[home.addressLines.length - 1];
        const existing = this.byKey.get(`care-home:${home.name}|${town}`);
        const careHome =
          existing ??
          this.add(prng, `care-home:${home.name}|${town}`, {
            odsCode: careHomeCode((careHomes += 1)),
            name: `${home.name}, ${town}`,
            kind: OrganisationKind.CARE_HOME,
          });
        this.byKey.set(`care home of:${practice.odsCode}|${home.name}`, careHome);
      }
    }
  }

  locality(code: string): SyntheticOrganisation {
    return this.get(`locality:${code}`);
  }

  pcn(code: string): SyntheticOrganisation {
    return this.get(`pcn:${code}`);
  }

  practice(odsCode: string): SyntheticOrganisation {
    return this.get(`practice:${odsCode}`);
  }

  /** A council by its ONS (GSS) code, as people carry it in residence_local_authority. */
  council(gss: string): SyntheticOrganisation {
    return this.get(`council:${gss}`);
  }

  provider(provider: Provider): SyntheticOrganisation {
    return this.get(`provider:${provider.odsCode}`);
  }

  /** The acute trust and hospice of a locality's place. */
  areaProviders(area: string): { acuteTrust: Provider; hospice: Provider } {
    const providers = AREA_PROVIDERS[area];
    if (!providers) throw new Error(`no acute trust or hospice is known for ${area}`);
    return providers;
  }

  /** The care home a practice looks after, by the name its residents have as the first line of their address. */
  careHome(practiceOds: string, name: string): SyntheticOrganisation | undefined {
    return this.byKey.get(`care home of:${practiceOds}|${name}`);
  }

  private get(key: string): SyntheticOrganisation {
    const organisation = this.byKey.get(key);
    if (!organisation) throw new Error(`the care system has no ${key}`);
    return organisation;
  }

  private add(prng: Prng, key: string, what: Pick<SyntheticOrganisation, 'odsCode' | 'name' | 'kind'>, parent?: SyntheticOrganisation) {
    const id = generatedId(prng);
    const organisation: SyntheticOrganisation = {
      id,
      odsCode: what.odsCode,
      name: what.name,
      kind: what.kind,
      parentId: parent?.id ?? null,
      path: [...(parent?.path ?? []), id],
    };
    this.organisations.push(organisation);
    this.byKey.set(key, organisation);
    return organisation;
  }
}
