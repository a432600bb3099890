import type { CareTeam, CareTeamParticipant, Organization, Reference } from '@medplum/fhirtypes';
import { CARE_TEAM_ROLE_SYSTEM, LEAD_PROFESSIONAL_ROLE, NHS_NUMBER_SYSTEM, ODS_ORGANISATION_SYSTEM } from './uk-core';

/** A member of a person's care team as the CareTeam source reads it, with the names of who they are. */
export interface CareTeamMemberRow {
  id: string;
  kind: 'PROFESSIONAL' | 'ORGANISATION' | 'TEAM' | 'CARER' | 'RELATIVE' | 'THE_PERSON';
  professionalId: string | null;
  professionalName: string | null;
  organisationId: string | null;
  organisationName: string | null;
  odsCode: string | null;
  teamName: string | null;
  /** The organisation that runs the team, for a TEAM member. */
  teamOrganisationId: string | null;
  name: string | null;
  relationship: string | null;
  roleInCare: string;
  startDate: string;
  endDate: string | null;
  /** Whether they are the person's accountable lead professional now. */
  isLead: boolean;
}

/** Everything a person's CareTeam is made from. */
export interface CareTeamRow {
  /** The person's id: a person has one care team, named by them. */
  id: string;
  personId: string;
  nhsNumber: string;
  lastUpdated: Date;
  members: CareTeamMemberRow[];
}

function memberOf(m: CareTeamMemberRow, personId: string): Pick<CareTeamParticipant, 'member'> & { onBehalfOf?: Reference<Organization> } {
  switch (m.kind) {
    case 'PROFESSIONAL':
      return { member: { reference: `Practitioner/${m.professionalId}`, type: 'Practitioner', display: m.professionalName ?? undefined } };
    case 'ORGANISATION':
      return {
        member: {
          reference: `Organization/${m.organisationId}`,
          type: 'Organization',
          display: m.organisationName ?? undefined,
          ...(m.odsCode ? { identifier: { system: ODS_ORGANISATION_SYSTEM, value: m.odsCode } } : {}),
        },
      };
    case 'TEAM':
      // Teams are not served as resources of their own: named, on behalf of the organisation that runs them.
      return { member: { display: m.teamName ?? 'Team' }, onBehalfOf: { reference: `Organization/${m.teamOrganisationId}` } };
    case 'THE_PERSON':
      return { member: { reference: `Patient/${personId}`, type: 'Patient' } };
    default:
      // A carer or relative is not a RelatedPerson of this service's: named, with how they are related.
      return { member: { type: 'RelatedPerson', display: [m.name, m.relationship && `(${m.relationship})`].filter(Boolean).join(' ') } };
  }
}

/**
 * A person's care team (the MDT around them, carers and the person included) as one CareTeam,
 * whose id is the person's. Past members stay, with the end of their period; the accountable lead
 * professional is the participant with the lead role. Inactive once everyone has left.
 */
export function toFhirCareTeam(team: CareTeamRow): CareTeam {
  const participant = team.members.map((m): CareTeamParticipant => {
    const { member, onBehalfOf } = memberOf(m, team.personId);
    return {
      role: [
        {
          coding: [
            { system: CARE_TEAM_ROLE_SYSTEM, code: m.kind },
            ...(m.isLead ? [{ system: CARE_TEAM_ROLE_SYSTEM, code: LEAD_PROFESSIONAL_ROLE, display: 'Accountable lead professional' }] : []),
          ],
          text: m.roleInCare,
        },
      ],
      member,
      ...(onBehalfOf ? { onBehalfOf } : {}),
      period: { start: m.startDate, ...(m.endDate ? { end: m.endDate } : {}) },
    };
  });
  const active = team.members.some((m) => m.endDate === null);
  return {
    resourceType: 'CareTeam',
    id: team.id,
    meta: { lastUpdated: new Date(team.lastUpdated).toISOString() },
    status: active ? 'active' : 'inactive',
    name: 'Care team',
    subject: { reference: `Patient/${team.personId}`, identifier: { system: NHS_NUMBER_SYSTEM, value: team.nhsNumber } },
    ...(participant.length ? { participant } : {}),
  };
}
