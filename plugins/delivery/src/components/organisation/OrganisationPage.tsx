import {
  Content,
  ContentHeader,
  EmptyState,
  Link,
  Progress,
  Select,
  SelectedItems,
  Table,
  TableColumn,
} from '@backstage/core-components';
import {
  defaultEntityPresentation,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { createContext, useContext, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useEntityTitles } from '../../hooks';
import {
  parseReportYear,
  reportYearOptions,
  windowOptions,
} from '../deliveryView';
import { DemoDataNotice } from '../DemoDataNotice';
import { formatDateRange, plural } from '../format';
import { useMetricsDocsLink } from '../metricsDocs';
import {
  FigureKey,
  FigureLevel,
  ServiceName,
  compactHeaderStyle,
  figureLevelLabels,
  serviceFigureColumns,
  serviceFigures,
  teamFigures,
} from '../serviceFigures';
import { RetryableErrorPanel } from '../RetryableErrorPanel';
import { useSearchParamsUpdate } from '../searchParams';
import { lastDays } from '../window';
import { organisationCsv } from './organisationCsv';
import { OrganisationRow, filterRows } from './organisationRows';
import { TeamRow, teamRows, useOrganisation } from './useOrganisation';

const DEFAULT_WINDOW_DAYS = 30;
const ANY = 'any';

// entity names are identifiers: breaking them mid-word makes them unreadable
const noWrap = { whiteSpace: 'nowrap' } as const;

/**
 * The page's links to owners, systems and teams, their routes resolved once
 * for all cells: an `EntityRefLink` per cell resolves its route and draws
 * an icon and a tooltip, which for a hundred cells took a fifth of the
 * page's drawing.
 */
const EntityLinks = createContext<
  | { link: (entityRef: string) => string; titles: Map<string, string> }
  | undefined
>(undefined);

function EntityName(props: { entityRef: string }) {
  const links = useContext(EntityLinks);
  if (!links) throw new Error('EntityName outside the organisation page');
  return (
    <Link to={links.link(props.entityRef)}>
      {links.titles.get(props.entityRef) ??
        defaultEntityPresentation(props.entityRef).primaryTitle}
    </Link>
  );
}

const serviceColumns: TableColumn<OrganisationRow>[] = [
  {
    title: 'Service',
    field: 'name',
    cellStyle: noWrap,
    render: row => (
      <ServiceName
        entityRef={row.entityRef}
        title={row.name}
        demo={row.demo && !!row.figures && !row.figures.noDataYet}
      />
    ),
  },
  {
    title: 'Owner',
    field: 'owner',
    cellStyle: noWrap,
    render: row =>
      row.owner ? <EntityName entityRef={row.owner} /> : 'No owner',
  },
  {
    title: 'System',
    field: 'system',
    cellStyle: noWrap,
    render: row => (row.system ? <EntityName entityRef={row.system} /> : '–'),
  },
  ...serviceFigureColumns<OrganisationRow>(row => row.figures),
];

const teamColumns: TableColumn<TeamRow>[] = [
  {
    title: 'Team',
    field: 'group',
    cellStyle: noWrap,
    render: row => <EntityName entityRef={row.group} />,
  },
  {
    title: 'Services',
    field: 'services',
    type: 'numeric',
    align: 'left',
  },
  ...serviceFigureColumns<TeamRow>(row => row.figures, teamFigures),
];

function download(csv: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

/** The distinct entity refs among the given ones. */
function distinctRefs(refs: Array<string | undefined>): string[] {
  return [...new Set(refs.filter((r): r is string => !!r))];
}

/** Distinct refs as select options, named as the table names them. */
function refOptions(
  refs: Array<string | undefined>,
  titles: Map<string, string>,
) {
  return [
    { label: 'Any', value: ANY },
    ...distinctRefs(refs)
      .map(ref => ({ label: titles.get(ref) ?? ref, value: ref }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  ];
}

const figureOptions = serviceFigures.map(f => ({
  label: f.title,
  value: f.key,
}));

const levelOptions = [
  { label: 'Any', value: ANY },
  ...(Object.keys(figureLevelLabels) as FigureLevel[]).map(level => ({
    label: figureLevelLabels[level],
    value: level,
  })),
];

/** Window, benchmark year, filters and figure kept in the URL, so a view can be shared. */
function useViewParams() {
  const [params] = useSearchParams();
  const update = useSearchParamsUpdate();
  const windowDays =
    windowOptions.find(o => String(o.value) === params.get('window'))?.value ??
    DEFAULT_WINDOW_DAYS;
  const figure = (serviceFigures.find(f => f.key === params.get('figure'))
    ?.key ?? 'deploymentFrequency') as FigureKey;
  const level = levelOptions.find(
    o => o.value !== ANY && o.value === params.get('level'),
  )?.value as FigureLevel | undefined;
  const set = (key: string, value: SelectedItems) =>
    update({
      [key]: value === ANY || Array.isArray(value) ? undefined : String(value),
    });
  return {
    windowDays,
    reportYear: parseReportYear(params),
    owner: params.get('owner') || undefined,
    system: params.get('system') || undefined,
    figure,
    level,
    set,
  };
}

/**
 * Every service of the organisation with its five figures and levels, and every
 * team with its figures: sortable, filterable by owner, system and level,
 * exportable as CSV.
 */
export function OrganisationPage() {
  const view = useViewParams();
  const docsLink = useMetricsDocsLink();
  const query = useMemo(
    () => ({ ...lastDays(view.windowDays), reportYear: view.reportYear }),
    [view.windowDays, view.reportYear],
  );
  const organisation = useOrganisation(query);
  const rows = organisation.value?.rows;
  const teams = useMemo(
    () =>
      organisation.value && teamRows(organisation.value.metrics, view.owner),
    [organisation.value, view.owner],
  );
  const titles = useEntityTitles(
    useMemo(
      () =>
        distinctRefs([
          ...(rows ?? []).flatMap(r => [r.owner, r.system]),
          ...(organisation.value?.metrics.teams ?? []).map(t => t.entityRef),
        ]),
      [rows, organisation.value],
    ),
  );
  const entityLink = useEntityRefLink();
  const links = useMemo(
    () => ({ link: entityLink, titles }),
    [entityLink, titles],
  );
  const visible = useMemo(
    () => filterRows(rows ?? [], view),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rows, view.owner, view.system, view.figure, view.level],
  );

  let body: JSX.Element;
  if (organisation.loading) body = <Progress />;
  else if (organisation.error) {
    body = (
      <RetryableErrorPanel
        error={organisation.error}
        title="Could not load the organisation's figures"
        onRetry={organisation.retry}
      />
    );
  } else if (!rows?.length) {
    body = (
      <EmptyState
        missing="data"
        title="No services yet"
        description="Services appear here once the catalog has components with the github.com/project-slug annotation."
      />
    );
  } else {
    const demoCount = rows.filter(r => r.demo).length;
    body = (
      <Box display="flex" flexDirection="column" gridGap={24}>
        {demoCount > 0 && (
          <DemoDataNotice>
            {demoCount === rows.length
              ? 'Every service listed is an example service whose deployments, changes and incidents Launchpad generates.'
              : `${demoCount} of the ${rows.length} services ${
                  demoCount === 1
                    ? 'is an example service'
                    : 'are example services'
                } whose deployments, changes and incidents Launchpad generates.`}{' '}
            Their figures describe no real delivery.
          </DemoDataNotice>
        )}
        <Box display="flex" flexWrap="wrap" gridGap={16} alignItems="flex-end">
          <Select
            label="Window"
            items={windowOptions}
            selected={view.windowDays}
            onChange={value => view.set('window', value)}
          />
          <Select
            label="Benchmark levels"
            items={reportYearOptions}
            selected={view.reportYear}
            onChange={value => view.set('year', value)}
          />
          <Select
            label="Owner"
            items={refOptions(
              rows.map(r => r.owner),
              titles,
            )}
            selected={view.owner ?? ANY}
            onChange={value => view.set('owner', value)}
          />
          <Select
            label="System"
            items={refOptions(
              rows.map(r => r.system),
              titles,
            )}
            selected={view.system ?? ANY}
            onChange={value => view.set('system', value)}
          />
          <Select
            label="Level of"
            items={figureOptions}
            selected={view.figure}
            onChange={value => view.set('figure', value)}
          />
          <Select
            label="Level"
            items={levelOptions}
            selected={view.level ?? ANY}
            onChange={value => view.set('level', value)}
          />
          <Button
            variant="outlined"
            color="primary"
            onClick={() =>
              download(organisationCsv(visible), 'launchpad-delivery.csv')
            }
          >
            Download CSV
          </Button>
        </Box>
        <Typography variant="body2" color="textSecondary">
          {plural(visible.length, 'service')} of {rows.length} ·{' '}
          {formatDateRange(query.from, query.to)} · production environments ·
          levels of DORA {view.reportYear} ·{' '}
          <Link to={docsLink()}>How the figures are computed</Link>
        </Typography>
        <Table<OrganisationRow>
          title="Services"
          options={{
            paging: visible.length > 20,
            pageSize: 20,
            search: true,
            padding: 'dense',
            headerStyle: compactHeaderStyle,
          }}
          columns={serviceColumns}
          data={visible}
        />
        <Table<TeamRow>
          title="Teams"
          subtitle="Each figure is the median of the own figures of the team's services (its child teams' included), over those with enough data. Deploys is the median service's deploy days per week, on which the level is judged, with the rate of all the team's deployments in total under it. The owner filter keeps its team; the system and level filters choose services only."
          options={{
            paging: false,
            search: false,
            padding: 'dense',
            headerStyle: compactHeaderStyle,
          }}
          columns={teamColumns}
          data={teams ?? []}
        />
      </Box>
    );
  }

  return (
    <Content>
      <ContentHeader title="Delivery across the organisation" />
      <EntityLinks.Provider value={links}>{body}</EntityLinks.Provider>
    </Content>
  );
}
