/** ONS (GSS) codes of the councils whose residents the population holds. */
export const LOCAL_AUTHORITY = {
  ESSEX: 'E10000012',
  SOUTHEND: 'E06000033',
  THURROCK: 'E06000034',
  SUFFOLK: 'E10000029',
} as const;

/** A postcode district and a town in it, weighted by how many people live there. */
export interface Place {
  district: string;
  town: string;
  weight: number;
}

/** A neighbouring council's area where some of a locality's registered patients live. */
export interface AcrossBorder {
  district: string;
  town: string;
  localAuthority: string;
}

export interface LocalitySpec {
  /** A short key (letters only), not an ODS code: localities have none. */
  code: string;
  name: string;
  /** The commissioning place (former CCG area) the locality belongs to. */
  area: string;
  /** The council that funds social care for most people living here. */
  localAuthority: string;
  /** People registered with the locality's practices, roughly as it is today. */
  population: number;
  places: readonly Place[];
  acrossBorder: readonly AcrossBorder[];
}

/**
 * Essex's GP localities, in the order a population grows into them: North East Essex first (three
 * localities, about 320,000 people, as the seeds describe it), then South East Essex, Thurrock,
 * Mid Essex and Basildon and Brentwood, about 1.5 million in all. Thurrock's people live in RM and
 * SS17 postcodes, as they do.
 */
export const ESSEX_LOCALITIES: readonly LocalitySpec[] = [
  {
    code: 'COLCHESTER',
    name: 'Colchester',
    area: 'North East Essex',
    localAuthority: LOCAL_AUTHORITY.ESSEX,
    population: 195_000,
    places: [
      { district: 'CO1', town: 'Colchester', weight: 3 },
      { district: 'CO2', town: 'Colchester', weight: 4 },
      { district: 'CO3', town: 'Colchester', weight: 5 },
      { district: 'CO4', town: 'Colchester', weight: 5 },
      { district: 'CO5', town: 'Tiptree', weight: 1.5 },
      { district: 'CO5', town: 'West Mersea', weight: 1 },
      { district: 'CO6', town: 'West Bergholt', weight: 1 },
      { district: 'CO7', town: 'Wivenhoe', weight: 1.2 },
    ],
    acrossBorder: [
      { district: 'CO6', town: 'Nayland', localAuthority: LOCAL_AUTHORITY.SUFFOLK },
      { district: 'CO10', town: 'Sudbury', localAuthority: LOCAL_AUTHORITY.SUFFOLK },
    ],
  },
  {
    code: 'CLACTON',
    name: 'Clacton',
    area: 'North East Essex',
    localAuthority: LOCAL_AUTHORITY.ESSEX,
    population: 80_000,
    places: [
      { district: 'CO15', town: 'Clacton-on-Sea', weight: 5 },
      { district: 'CO16', town: 'Clacton-on-Sea', weight: 2 },
      { district: 'CO16', town: 'St Osyth', weight: 0.6 },
      { district: 'CO7', town: 'Brightlingsea', weight: 1.2 },
    ],
    acrossBorder: [],
  },
  {
    code: 'HARWICH',
    name: 'Harwich',
    area: 'North East Essex',
    localAuthority: LOCAL_AUTHORITY.ESSEX,
    population: 45_000,
    places: [
      { district: 'CO12', town: 'Harwich', weight: 2 },
      { district: 'CO12', town: 'Dovercourt', weight: 1.5 },
      { district: 'CO13', town: 'Frinton-on-Sea', weight: 1.5 },
      { district: 'CO14', town: 'Walton-on-the-Naze', weight: 1 },
      { district: 'CO11', town: 'Manningtree', weight: 1 },
    ],
    acrossBorder: [{ district: 'CO11', town: 'Brantham', localAuthority: LOCAL_AUTHORITY.SUFFOLK }],
  },
  {
    code: 'SOUTHEND',
    name: 'Southend',
    area: 'South East Essex',
    localAuthority: LOCAL_AUTHORITY.SOUTHEND,
    population: 185_000,
    places: [
      { district: 'SS0', town: 'Westcliff-on-Sea', weight: 3 },
      { district: 'SS1', town: 'Southend-on-Sea', weight: 3 },
      { district: 'SS2', town: 'Southend-on-Sea', weight: 4 },
      { district: 'SS3', town: 'Shoeburyness', weight: 2 },
      { district: 'SS9', town: 'Leigh-on-Sea', weight: 3 },
    ],
    acrossBorder: [
      { district: 'SS4', town: 'Rochford', localAuthority: LOCAL_AUTHORITY.ESSEX },
      { district: 'SS6', town: 'Rayleigh', localAuthority: LOCAL_AUTHORITY.ESSEX },
      { district: 'SS7', town: 'Hadleigh', localAuthority: LOCAL_AUTHORITY.ESSEX },
    ],
  },
  {
    code: 'CASTLEPT',
    name: 'Castle Point',
    area: 'South East Essex',
    localAuthority: LOCAL_AUTHORITY.ESSEX,
    population: 90_000,
    places: [
      { district: 'SS7', town: 'Benfleet', weight: 3 },
      { district: 'SS7', town: 'Hadleigh', weight: 1.5 },
      { district: 'SS8', town: 'Canvey Island', weight: 3.5 },
    ],
    acrossBorder: [{ district: 'SS9', town: 'Leigh-on-Sea', localAuthority: LOCAL_AUTHORITY.SOUTHEND }],
  },
  {
    code: 'ROCHFORD',
    name: 'Rochford',
    area: 'South East Essex',
    localAuthority: LOCAL_AUTHORITY.ESSEX,
    population: 87_000,
    places: [
      { district: 'SS4', town: 'Rochford', weight: 2 },
      { district: 'SS5', town: 'Hockley', weight: 1.5 },
      { district: 'SS6', town: 'Rayleigh', weight: 3.5 },
    ],
    acrossBorder: [{ district: 'SS2', town: 'Southend-on-Sea', localAuthority: LOCAL_AUTHORITY.SOUTHEND }],
  },
  {
    code: 'GRAYS',
    name: 'Grays and Tilbury',
    area: 'Thurrock',
    localAuthority: LOCAL_AUTHORITY.THURROCK,
    population: 95_000,
    places: [
      { district: 'RM17', town: 'Grays', weight: 3 },
      { district: 'RM16', town: 'Chafford Hundred', weight: 2 },
      { district: 'RM18', town: 'Tilbury', weight: 1.5 },
      { district: 'RM20', town: 'West Thurrock', weight: 1 },
      { district: 'RM19', town: 'Purfleet', weight: 1 },
    ],
    acrossBorder: [],
  },
  {
    code: 'STANFORD',
    name: 'Stanford and Corringham',
    area: 'Thurrock',
    localAuthority: LOCAL_AUTHORITY.THURROCK,
    population: 63_000,
    places: [
      { district: 'SS17', town: 'Stanford-le-Hope', weight: 3 },
      { district: 'SS17', town: 'Corringham', weight: 2.5 },
      { district: 'RM16', town: 'Chadwell St Mary', weight: 1.2 },
    ],
    acrossBorder: [{ district: 'SS16', town: 'Langdon Hills', localAuthority: LOCAL_AUTHORITY.ESSEX }],
  },
  {
    code: 'CHELMSFORD',
    name: 'Chelmsford',
    area: 'Mid Essex',
    localAuthority: LOCAL_AUTHORITY.ESSEX,
    population: 180_000,
    places: [
      { district: 'CM1', town: 'Chelmsford', weight: 5 },
      { district: 'CM2', town: 'Chelmsford', weight: 4 },
      { district: 'CM3', town: 'South Woodham Ferrers', weight: 1.5 },
      { district: 'CM3', town: 'Danbury', weight: 0.7 },
      { district: 'CM4', town: 'Ingatestone', weight: 0.8 },
    ],
    acrossBorder: [],
  },
  {
    code: 'BRAINTREE',
    name: 'Braintree',
    area: 'Mid Essex',
    localAuthority: LOCAL_AUTHORITY.ESSEX,
    population: 155_000,
    places: [
      { district: 'CM7', town: 'Braintree', weight: 4 },
      { district: 'CM77', town: 'Rayne', weight: 0.6 },
      { district: 'CM8', town: 'Witham', weight: 2.5 },
      { district: 'CO9', town: 'Halstead', weight: 1.5 },
    ],
    acrossBorder: [{ district: 'CO10', town: 'Sudbury', localAuthority: LOCAL_AUTHORITY.SUFFOLK }],
  },
  {
    code: 'MALDON',
    name: 'Maldon',
    area: 'Mid Essex',
    localAuthority: LOCAL_AUTHORITY.ESSEX,
    population: 65_000,
    places: [
      { district: 'CM9', town: 'Maldon', weight: 3 },
      { district: 'CM9', town: 'Heybridge', weight: 1 },
      { district: 'CM0', town: 'Burnham-on-Crouch', weight: 1.2 },
    ],
    acrossBorder: [],
  },
  {
    code: 'BASILDON',
    name: 'Basildon',
    area: 'Basildon and Brentwood',
    localAuthority: LOCAL_AUTHORITY.ESSEX,
    population: 185_000,
    places: [
      { district: 'SS14', town: 'Basildon', weight: 3 },
      { district: 'SS13', town: 'Pitsea', weight: 2 },
      { district: 'SS15', town: 'Laindon', weight: 2 },
      { district: 'SS16', town: 'Langdon Hills', weight: 1.5 },
      { district: 'SS12', town: 'Wickford', weight: 2 },
      { district: 'CM12', town: 'Billericay', weight: 2.5 },
    ],
    acrossBorder: [{ district: 'SS17', town: 'Stanford-le-Hope', localAuthority: LOCAL_AUTHORITY.THURROCK }],
  },
  {
    code: 'BRENTWOOD',
    name: 'Brentwood',
    area: 'Basildon and Brentwood',
    localAuthority: LOCAL_AUTHORITY.ESSEX,
    population: 77_000,
    places: [
      { district: 'CM14', town: 'Brentwood', weight: 3 },
      { district: 'CM13', town: 'Hutton', weight: 1.5 },
      { district: 'CM15', town: 'Shenfield', weight: 1.5 },
    ],
    acrossBorder: [],
  },
];

/** Of the patients of a practice beside a council boundary, the share who live across it. */
export const ACROSS_BORDER_SHARE = 0.06;
