import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tier written without a practice takes the person's (person_tier_takes_the_practice). The trigger
 * also fired on UPDATE OF person_id, which nothing does. But any row trigger on UPDATE makes
 * PostgreSQL lock each row before updating it, whatever the trigger's columns or condition (to
 * hand it the old row), and the lock writes a WAL record. A pass after a new score for each of a
 * million people wrote 650 to 750 MB of WAL without the UPDATE event, against 780 to 1,000 MB with
 * it (three runs and thirteen; its time moved within the run-to-run spread). INSERT only now.
 */
export class TakeThePracticeOnInsertOnly1795574400000 implements MigrationInterface {
  name = 'TakeThePracticeOnInsertOnly1795574400000';

  async up(db: QueryRunner): Promise<void> {
    await this.trigger(db, 'INSERT');
  }

  async down(db: QueryRunner): Promise<void> {
    await this.trigger(db, 'INSERT OR UPDATE OF person_id');
  }

  private async trigger(db: QueryRunner, events: string): Promise<void> {
    await db.query('DROP TRIGGER person_tier_takes_the_practice ON person_tier');
    await db.query(`
      CREATE TRIGGER person_tier_takes_the_practice BEFORE ${events} ON person_tier
        FOR EACH ROW WHEN (NEW.gp_practice_ods IS NULL) EXECUTE FUNCTION person_tier_takes_the_practice()`);
  }
}
