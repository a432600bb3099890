import { isLockNotAvailable } from './postgres-errors';
import { rowsOf, SqlRunner } from './sql';

/** What a copy made from the catalog would not carry over: then the table is not rewritten. */
const NOT_COPYABLE_SQL = `
  SELECT c.relacl IS NOT NULL OR c.relrowsecurity OR c.relkind <> 'r' OR c.relispartition
      OR EXISTS (SELECT 1 FROM pg_inherits i WHERE c.oid IN (i.inhrelid, i.inhparent))
      OR EXISTS (SELECT 1 FROM pg_constraint k WHERE k.confrelid = c.oid)
      OR EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
                 WHERE d.refobjid = c.oid AND r.ev_class <> c.oid)
      OR EXISTS (SELECT 1 FROM pg_publication_rel p WHERE p.prrelid = c.oid)
      OR EXISTS (SELECT 1 FROM pg_publication p WHERE p.puballtables) AS not_copyable,
         quote_ident(n.nspname) AS schema, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS qualified,
         coalesce(array_to_string(c.reloptions, ', '), '') AS options
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1::regclass`;

const INDEXES_SQL = `
  SELECT quote_ident(x.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition, k.contype AS constraint_type,
         coalesce(k.condeferrable, false) AS deferrable
  FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
  LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid
  WHERE i.indrelid = $1::regclass ORDER BY x.relname`;

const FOREIGN_KEYS_SQL = `
  SELECT quote_ident(conname) AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
  WHERE conrelid = $1::regclass AND contype = 'f' ORDER BY conname`;

const TRIGGERS_SQL = `SELECT pg_get_triggerdef(oid) AS definition FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal ORDER BY tgname`;

export interface TableRewrite {
  /** Fills the copy (named as given) with the table's new rows. */
  fill(copy: string): Promise<void>;
  /** Under the table's exclusive lock, just before the swap: puts right what writers changed meanwhile. */
  settle(copy: string): Promise<void>;
}

/**
 * Replaces a table with a new copy of its rows, for a change to most of them: a million updates
 * each insert a row into every index, which costs several times filling a bare copy and building
 * each index in one sort. The copy is made from the catalog (columns, defaults, constraints,
 * storage options, indexes, foreign keys, triggers), filled, indexed and analysed beside the table,
 * which readers and writers go on using meanwhile. Its foreign keys are checked once, over all its
 * rows; its triggers are made after it is filled, so they do not fire for the rows `fill` writes.
 * Then, waiting no longer than `lockTimeout` for the table's exclusive lock, `settle` puts right
 * what writers changed meanwhile, and the copy takes the table's place and names. Nothing else may
 * rewrite the table at the same time: the caller makes such writers take turns.
 *
 * Answers false, having changed nothing, when the table has what a copy would lose (grants, row
 * security, publications, views or foreign keys onto it, inheritance) or its lock was not had in
 * time; the caller then writes its change row by row.
 */
export async function rewriteTable(db: SqlRunner, table: string, rewrite: TableRewrite, lockTimeout = '2s'): Promise<boolean> {
  const [{ not_copyable: notCopyable, schema, qualified, options }] = rowsOf(await db.query(NOT_COPYABLE_SQL, [table]));
  const indexes = rowsOf(await db.query(INDEXES_SQL, [table]));
  const foreignKeys = rowsOf(await db.query(FOREIGN_KEYS_SQL, [table]));
  const triggers = rowsOf(await db.query(TRIGGERS_SQL, [table]));
  // A primary key or unique constraint is put back on its index; others (exclusion, deferrable) could not be.
  const putBack: Record<string, string> = { p: 'PRIMARY KEY', u: 'UNIQUE' };
  if (notCopyable || indexes.some((i) => i.deferrable || (i.constraint_type && !putBack[i.constraint_type]))) return false;
  const copy = `${schema}.${table}_rewritten`;
  const renamed = (name: string) => `${name.replace(/"/g, '').slice(0, 50)}_rewritten`;
  const onCopy = (definition: string) => {
    if (!definition.includes(` ON ${qualified} `)) throw new Error(`Cannot place on a copy: ${definition}`);
    return definition.replace(` ON ${qualified} `, ` ON ${copy} `);
  };

  await db.query('SAVEPOINT table_rewrite');
  try {
    await db.query(`CREATE TABLE ${copy} (LIKE ${qualified} INCLUDING ALL EXCLUDING INDEXES)${options ? ` WITH (${options})` : ''}`);
    await rewrite.fill(copy);
    for (const index of indexes) {
      await db.query(onCopy(index.definition).replace(/^(CREATE (UNIQUE )?INDEX )\S+/, `$1${renamed(index.name)}`));
    }
    for (const key of foreignKeys) await db.query(`ALTER TABLE ${copy} ADD CONSTRAINT ${key.name} ${key.definition}`);
    for (const trigger of triggers) await db.query(onCopy(trigger.definition));
    await db.query(`ANALYZE ${copy}`);

    const [{ previous }] = rowsOf(await db.query(`SELECT current_setting('lock_timeout') AS previous`));
    await db.query(`SELECT set_config('lock_timeout', $1, true)`, [lockTimeout]);
    await db.query(`LOCK TABLE ${qualified} IN ACCESS EXCLUSIVE MODE`);
    await db.query(`SELECT set_config('lock_timeout', $1, true)`, [previous]);

    await rewrite.settle(copy);
    await db.query(`DROP TABLE ${qualified}`);
    await db.query(`ALTER TABLE ${copy} RENAME TO ${table}`);
    for (const index of indexes) {
      await db.query(
        index.constraint_type
          ? `ALTER TABLE ${qualified} ADD CONSTRAINT ${index.name} ${putBack[index.constraint_type]} USING INDEX ${renamed(index.name)}`
          : `ALTER INDEX ${schema}.${renamed(index.name)} RENAME TO ${index.name}`,
      );
    }
  } catch (error) {
    await db.query('ROLLBACK TO SAVEPOINT table_rewrite');
    if (isLockNotAvailable(error)) return false;
    throw error;
  }
  await db.query('RELEASE SAVEPOINT table_rewrite');
  return true;
}
