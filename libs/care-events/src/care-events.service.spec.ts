import { PlaceOfDeath } from '@app/care-plans';
import { CareEventKind, CareHomeSetting, DischargeDestination } from './care-event-codes';
import { RecordCareEventInput } from './care-event.types';
import { checkEventDetails } from './care-events.service';

const event = (kind: CareEventKind, details: Partial<RecordCareEventInput> = {}): RecordCareEventInput =>
  Object.assign(new RecordCareEventInput(), { nhsNumber: '9990011001', kind, occurredAt: new Date(), sourceIdentifier: 's', ...details });

const refusal = (input: RecordCareEventInput) => {
  try {
    checkEventDetails(input);
    return undefined;
  } catch (error: any) {
    return [error.code, error.details?.fields?.[0]?.field];
  }
};

describe('the details each kind of care event carries', () => {
  it('takes each kind with its own details', () => {
    expect(refusal(event(CareEventKind.EMERGENCY_ADMISSION))).toBeUndefined();
    expect(refusal(event(CareEventKind.DISCHARGE, { dischargeDestination: DischargeDestination.REABLEMENT }))).toBeUndefined();
    expect(refusal(event(CareEventKind.DISCHARGE, { dischargeDestination: DischargeDestination.OTHER, admissionEventId: 'a' }))).toBeUndefined();
    expect(refusal(event(CareEventKind.CARE_HOME_ADMISSION, { careHomeSetting: CareHomeSetting.NURSING }))).toBeUndefined();
    expect(refusal(event(CareEventKind.DELAYED_TRANSFER, { delayedDays: 3, admissionEventId: 'a' }))).toBeUndefined();
    expect(refusal(event(CareEventKind.DEATH, { placeOfDeath: PlaceOfDeath.HOSPICE }))).toBeUndefined();
  });

  it('refuses a discharge without its destination, a death without its place, a care home admission without its setting', () => {
    expect(refusal(event(CareEventKind.DISCHARGE))).toEqual(['BAD_USER_INPUT', 'dischargeDestination']);
    expect(refusal(event(CareEventKind.DEATH))).toEqual(['BAD_USER_INPUT', 'placeOfDeath']);
    expect(refusal(event(CareEventKind.CARE_HOME_ADMISSION))).toEqual(['BAD_USER_INPUT', 'careHomeSetting']);
  });

  it("refuses another kind's details, and a delayed transfer that does not name its admission", () => {
    expect(refusal(event(CareEventKind.AE_ATTENDANCE, { placeOfDeath: PlaceOfDeath.HOME }))).toEqual(['BAD_USER_INPUT', 'placeOfDeath']);
    expect(refusal(event(CareEventKind.REABLEMENT_START, { admissionEventId: 'a' }))).toEqual(['BAD_USER_INPUT', 'admissionEventId']);
    expect(refusal(event(CareEventKind.DELAYED_TRANSFER, { delayedDays: 2 }))).toEqual(['BAD_USER_INPUT', 'admissionEventId']);
  });
});
