import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Activity } from './activity';

const REFRESH_MS = 60_000;

/** The job roles and the activities each grants, read from access_role_activity. */
@Injectable()
export class RolesService {
  private grants = new Map<string, Activity[]>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(private readonly db: DataSource) {}

  /** The activities a set of roles grants; unknown roles grant nothing. Cached for a minute. */
  async activitiesOf(roles: string[]): Promise<Set<Activity>> {
    if (Date.now() - this.loadedAt > REFRESH_MS) await (this.loading ??= this.load());
    return new Set(roles.flatMap((role) => this.grants.get(role) ?? []));
  }

  private async load(): Promise<void> {
    try {
      const rows: { role_code: string; activity: Activity }[] = await this.db.query(
        'SELECT role_code, activity FROM access_role_activity',
      );
      const grants = new Map<string, Activity[]>();
      for (const { role_code, activity } of rows) grants.set(role_code, [...(grants.get(role_code) ?? []), activity]);
      this.grants = grants;
      this.loadedAt = Date.now();
    } finally {
      this.loading = null;
    }
  }
}
