import { organisationMetricsResponse } from '../../__testUtils__/responses';
import { teamRows } from './useOrganisation';

describe('teamRows', () => {
  const withTeams = (...refs: string[]) => ({
    ...organisationMetricsResponse,
    teams: refs.map(entityRef => ({
      ...organisationMetricsResponse.teams![0],
      entityRef,
    })),
  });

  it('orders the teams by name, numbers in their order', () => {
    const rows = teamRows(
      withTeams(
        'group:default/team-10',
        'group:default/team-2',
        'group:default/Platform',
        'group:default/team-1',
      ),
    );
    expect(rows.map(r => r.group)).toEqual([
      'group:default/Platform',
      'group:default/team-1',
      'group:default/team-2',
      'group:default/team-10',
    ]);
  });

  it("keeps only the chosen owner's team", () => {
    const rows = teamRows(
      withTeams('group:default/team-1', 'group:default/team-2'),
      'group:default/team-2',
    );
    expect(rows.map(r => r.group)).toEqual(['group:default/team-2']);
  });
});
