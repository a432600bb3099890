import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@app/errors';
import { teamNotFound } from '@app/organisations';
import { dueAt, NoOpeningHours, ServiceHours } from './due-time';
import { ReferralPriority, StandardUnit } from './referral-states';
import {
  BankHoliday,
  ReferralService,
  ResponseStandard,
  SetBankHolidayInput,
  SetResponseStandardInput,
  SetTeamServiceInput,
  TeamService,
} from './referral-hours.types';

type Db = DataSource | EntityManager;

const serviceNotFound = (code: string) =>
  new DomainError('REFERRAL_SERVICE_NOT_FOUND', `No referral service ${code}: see referralServices`, {
    fields: [{ field: 'serviceCode', message: 'unknown service' }],
  });

/**
 * The data due times are computed from: services, response standards per service and priority,
 * each team's hours per service, and bank holidays. Kept in the directory (MANAGE_DIRECTORY).
 */
@Injectable()
export class ReferralHoursService {
  constructor(private readonly db: DataSource) {}

  async services(): Promise<ReferralService[]> {
    const rows = await this.db.query(`
      SELECT s.code, s.name,
        coalesce((SELECT json_agg(json_build_object('priority', r.priority, 'amount', r.amount, 'unit', r.unit) ORDER BY r.priority)
                  FROM response_standard r WHERE r.service_code = s.code), '[]') AS standards
      FROM referral_service s ORDER BY s.code`);
    return rows.map((r: any) => ({ code: r.code, name: r.name, standards: r.standards.map((s: any) => ({ serviceCode: r.code, ...s })) }));
  }

  async setResponseStandard(input: SetResponseStandardInput): Promise<ResponseStandard> {
    await this.assertService(this.db, input.serviceCode);
    await this.db.query(
      `INSERT INTO response_standard (service_code, priority, amount, unit) VALUES ($1, $2, $3, $4)
       ON CONFLICT (service_code, priority) DO UPDATE SET amount = excluded.amount, unit = excluded.unit`,
      [input.serviceCode, input.priority, input.amount, input.unit],
    );
    return { ...input };
  }

  /** A team's services and hours per weekday, in UK local time. */
  async teamServices(teamId: string): Promise<TeamService[]> {
    const rows = await this.db.query(
      `SELECT s.team_id, s.service_code, s.works_bank_holidays,
         coalesce((SELECT json_agg(json_build_object('weekday', h.weekday, 'opensAt', to_char(h.opens_at, 'HH24:MI'),
                                                     'closesAt', CASE WHEN h.closes_at = '24:00' THEN '24:00' ELSE to_char(h.closes_at, 'HH24:MI') END)
                                   ORDER BY h.weekday)
                   FROM team_service_hours h WHERE h.team_id = s.team_id AND h.service_code = s.service_code), '[]') AS hours
       FROM team_service s WHERE s.team_id = $1 ORDER BY s.service_code`,
      [teamId],
    );
    return rows.map((r: any) => ({ teamId: r.team_id, serviceCode: r.service_code, worksBankHolidays: r.works_bank_holidays, hours: r.hours }));
  }

  /** Sets the hours a team provides a service (replacing those it had); no hours at all stops the service. */
  async setTeamService(input: SetTeamServiceInput): Promise<TeamService[]> {
    await this.db.transaction(async (tx) => {
      const [team] = await tx.query(`SELECT id FROM team WHERE id = $1 FOR UPDATE`, [input.teamId]);
      if (!team) throw teamNotFound(input.teamId);
      await this.assertService(tx, input.serviceCode);
      const weekdays = input.hours.map((h) => h.weekday);
      if (new Set(weekdays).size !== weekdays.length) {
        throw new DomainError('BAD_USER_INPUT', 'Give each weekday at most once', { fields: [{ field: 'hours', message: 'a weekday twice' }] });
      }
      if (input.hours.some((h) => h.closesAt <= h.opensAt)) {
        throw new DomainError('BAD_USER_INPUT', 'A team closes after it opens', { fields: [{ field: 'hours', message: 'closes before it opens' }] });
      }
      await tx.query(`DELETE FROM team_service WHERE team_id = $1 AND service_code = $2`, [input.teamId, input.serviceCode]);
      if (input.hours.length === 0) return;
      await tx.query(`INSERT INTO team_service (team_id, service_code, works_bank_holidays) VALUES ($1, $2, $3)`, [
        input.teamId,
        input.serviceCode,
        input.worksBankHolidays,
      ]);
      await tx.query(
        `INSERT INTO team_service_hours (team_id, service_code, weekday, opens_at, closes_at)
         SELECT $1, $2, * FROM unnest($3::smallint[], $4::time[], $5::time[])`,
        [input.teamId, input.serviceCode, weekdays, input.hours.map((h) => h.opensAt), input.hours.map((h) => h.closesAt)],
      );
    });
    return this.teamServices(input.teamId);
  }

  async bankHolidays(from: string, to: string): Promise<BankHoliday[]> {
    const rows = await this.db.query(
      `SELECT to_char(holiday_date, 'YYYY-MM-DD') AS date, name FROM bank_holiday WHERE holiday_date BETWEEN $1 AND $2 ORDER BY holiday_date`,
      [from, to],
    );
    return rows;
  }

  async setBankHoliday(input: SetBankHolidayInput): Promise<BankHoliday> {
    if (input.remove) {
      await this.db.query(`DELETE FROM bank_holiday WHERE holiday_date = $1`, [input.date]);
    } else {
      await this.db.query(
        `INSERT INTO bank_holiday (holiday_date, name) VALUES ($1, $2) ON CONFLICT (holiday_date) DO UPDATE SET name = excluded.name`,
        [input.date, input.name],
      );
    }
    return { date: input.date, name: input.name };
  }

  /**
   * When a referral received at `receivedAt` for the service is due with this team at this
   * priority: the standard, the team's hours and the bank holidays around then, in one statement.
   */
  async dueTime(db: Db, teamId: string, serviceCode: string, priority: ReferralPriority, receivedAt: Date): Promise<Date> {
    const [row] = await db.query(
      `SELECT s.works_bank_holidays,
         (SELECT json_build_object('amount', r.amount, 'unit', r.unit) FROM response_standard r
          WHERE r.service_code = s.service_code AND r.priority = $3) AS standard,
         (SELECT json_agg(json_build_object('weekday', h.weekday, 'opensAt', to_char(h.opens_at, 'HH24:MI'),
                                            'closesAt', CASE WHEN h.closes_at = '24:00' THEN '24:00' ELSE to_char(h.closes_at, 'HH24:MI') END))
          FROM team_service_hours h WHERE h.team_id = s.team_id AND h.service_code = s.service_code) AS days,
         (SELECT coalesce(array_agg(to_char(b.holiday_date, 'YYYY-MM-DD')), '{}') FROM bank_holiday b
          WHERE b.holiday_date BETWEEN $4::timestamptz::date - 1 AND $4::timestamptz::date + 400) AS holidays
       FROM team_service s WHERE s.team_id = $1 AND s.service_code = $2`,
      [teamId, serviceCode, priority, receivedAt],
    );
    const notOffered = () =>
      new DomainError('SERVICE_NOT_OFFERED', `The team does not provide ${serviceCode}, or has no hours for it: see teamServices`, {
        teamId,
        serviceCode,
      });
    if (!row || !row.days) throw notOffered();
    if (!row.standard) {
      throw new DomainError('RESPONSE_STANDARD_MISSING', `No response standard is set for ${serviceCode} at priority ${priority}`, {
        serviceCode,
        priority,
      });
    }
    const hours: ServiceHours = { days: row.days, worksBankHolidays: row.works_bank_holidays, bankHolidays: new Set(row.holidays) };
    try {
      return dueAt(receivedAt, { amount: row.standard.amount, unit: row.standard.unit as StandardUnit }, hours);
    } catch (error) {
      if (error instanceof NoOpeningHours) throw notOffered();
      throw error;
    }
  }

  async assertService(db: Db, code: string): Promise<void> {
    const [row] = await db.query(`SELECT 1 FROM referral_service WHERE code = $1`, [code]);
    if (!row) throw serviceNotFound(code);
  }
}
