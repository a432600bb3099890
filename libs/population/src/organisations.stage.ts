import { countGenerated, deleteGenerated } from './generated-ids';
import { Column, PopulationStage, unnestInsert, writeInBatches } from './population-stage';
import { SyntheticOrganisation } from './synthetic-organisations';
import { workforceOf } from './workforce-of';

const COLUMNS: Column<SyntheticOrganisation>[] = [
  { name: 'id', type: 'uuid', value: (o) => o.id },
  { name: 'ods_code', type: 'text', value: (o) => o.odsCode },
  { name: 'name', type: 'text', value: (o) => o.name },
  { name: 'kind', type: 'text', value: (o) => o.kind },
  { name: 'parent_id', type: 'uuid', value: (o) => o.parentId },
  { name: 'path', type: 'uuid[]', value: (o) => o.path },
];

const insertOrganisations = unnestInsert('organisation', COLUMNS);

/**
 * The care system's organisations: localities, PCNs and practices in their hierarchy, councils,
 * trusts, hospices, a voluntary organisation and care homes.
 */
export const organisationsStage: PopulationStage = {
  name: 'organisations',
  plannedRows: (context) => workforceOf(context).careSystem.organisations.length,
  existingRows: (db) => countGenerated(db, 'organisation'),
  reset: (db) => deleteGenerated(db, ['organisation']),
  run: async (context) => {
    const { organisations } = workforceOf(context).careSystem;
    const codes = organisations.map((o) => o.odsCode);
    const taken = await context.db.query('SELECT ods_code FROM organisation WHERE ods_code = ANY($1::text[]) ORDER BY ods_code', [codes]);
    if (taken.length > 0) {
      throw new Error(
        `The database already has organisations with the generator's ODS codes (${taken.map((r: { ods_code: string }) => r.ods_code).join(', ')})`,
      );
    }
    // A level at a time, so that no batch names a parent that another batch is still writing.
    let written = 0;
    for (let depth = 1; written < organisations.length; depth++) {
      written += await writeInBatches(
        organisations.filter((o) => o.path.length === depth),
        context,
        insertOrganisations,
      );
    }
    return written;
  },
};
