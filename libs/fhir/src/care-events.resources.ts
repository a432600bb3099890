import { Injectable } from '@nestjs/common';
import type { Resource } from '@medplum/fhirtypes';
import { SelectQueryBuilder } from 'typeorm';
import { Activity } from '@app/access';
import { CareEvent } from '@app/care-events';
import { toFhirEncounter, toFhirEpisodeOfCare, EventRow } from './care-events.fhir';
import { EntityResources, referenceParam } from './entity-resources';

/** Care events of some kinds as one FHIR type: read and searched by patient, part of the person's record. */
abstract class CareEventResources extends EntityResources<EventRow> {
  readonly readActivity = Activity.VIEW_PERSON_RECORD;
  protected readonly entity = CareEvent;
  protected readonly changedAt = 'recorded_at';
  protected readonly params = [referenceParam('patient', 'Patient', 'q.person_id')];
  protected abstract readonly kinds: string[];
  /** What ends an event of these kinds, as a condition on `ending` (the first after it). */
  protected abstract readonly endedBy: string;

  protected personOf(row: EventRow) {
    return row.personId;
  }

  protected withJoins(query: SelectQueryBuilder<EventRow>) {
    return query
      .andWhere('q.kind IN (:...kinds)', { kinds: this.kinds })
      .leftJoinAndSelect('q.person', 'person')
      .leftJoinAndMapOne(
        'q.ending',
        CareEvent,
        'ending',
        `ending.id = (SELECT x.id FROM care_event x WHERE x.person_id = q.person_id AND ${this.endedBy}
                      AND x.occurred_at >= q.occurred_at ORDER BY x.occurred_at, x.id LIMIT 1)`,
      );
  }
}

/** Emergency admissions (with their discharge) and A&E attendances as Encounters. */
@Injectable()
export class EncounterResources extends CareEventResources {
  readonly type = 'Encounter';
  protected readonly kinds = ['EMERGENCY_ADMISSION', 'AE_ATTENDANCE'];
  protected readonly endedBy = `x.kind = 'DISCHARGE' AND x.admission_id = q.id`;
  protected toFhir(row: EventRow): Resource {
    return toFhirEncounter(row);
  }
}

/** Reablement (to its end) and permanent care home admissions as EpisodesOfCare. */
@Injectable()
export class EpisodeOfCareResources extends CareEventResources {
  readonly type = 'EpisodeOfCare';
  protected readonly kinds = ['REABLEMENT_START', 'CARE_HOME_ADMISSION'];
  protected readonly endedBy = `x.kind = 'REABLEMENT_END' AND q.kind = 'REABLEMENT_START'`;
  protected toFhir(row: EventRow): Resource {
    return toFhirEpisodeOfCare(row);
  }
}
