import type { PGliteOptions } from '@electric-sql/pglite';
import { PGliteDriver } from 'typeorm-pglite';
import { PGlitePool } from 'typeorm-pglite/dist/pglite-pool';

type ConnectCallback = Parameters<PGlitePool['connect']>[0];

/**
 * PGlite is a single database session, and typeorm-pglite lends that one session to every query
 * runner at once, so two transactions in flight would interleave and commit each other's work.
 * This pool lends the session to one query runner at a time, which gives each transaction the
 * isolation it would have on a PostgreSQL server. PGlite runs one statement at a time anyway,
 * so nothing is lost but the interleaving.
 */
class OneSessionAtATimePool extends PGlitePool {
  private queue: Promise<void> = Promise.resolve();
  /** The counts pg's Pool keeps, for the pool-use metrics: one session, lent or idle, and who waits for it. */
  readonly totalCount = 1;
  idleCount = 1;
  waitingCount = 0;

  override async connect(callback: ConnectCallback): Promise<void> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.queue;
    this.queue = previous.then(() => turn);
    this.waitingCount += 1;
    await previous;
    this.waitingCount -= 1;
    this.idleCount = 0;
    let released = false;
    await super.connect((error, client) =>
      callback(error, client, () => {
        if (!released) {
          released = true;
          this.idleCount = 1;
          release();
        }
      }),
    );
  }
}

/** A TypeORM `driver` option for the embedded database, keeping its files in `dataDir`. */
export function pgliteDriver(dataDir: string): unknown {
  const options: PGliteOptions = dataDir.startsWith('memory://') ? {} : { dataDir };
  new PGliteDriver(options); // registers the options for the instance typeorm-pglite creates
  return { Pool: OneSessionAtATimePool };
}
