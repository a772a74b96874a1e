import { Link } from '@backstage/core-components';
import {
  DeploymentRow,
  DeploymentStatus,
} from '@internal/plugin-delivery-common';
import Tooltip from '@material-ui/core/Tooltip';
import { Timestamp } from './Timestamp';
import { deploymentUrl } from './links';

/** The deployment's commit, short, linked to its run or to the commit on GitHub. */
export function DeploymentCommit(props: { row: DeploymentRow }) {
  return (
    <Link to={deploymentUrl(props.row)}>
      <code>{props.row.sha.slice(0, 7)}</code>
    </Link>
  );
}

/** What became of a deployment, in words that follow its commit: "a1b2c3d succeeded". */
export const deploymentStatusWords: Record<DeploymentStatus, string> = {
  queued: 'queued',
  in_progress: 'in progress',
  success: 'succeeded',
  failure: 'failed',
  cancelled: 'cancelled',
};

/** What became of a deployment and when: "succeeded 3 hours ago", "in progress, started 5 minutes ago". */
export function DeploymentOutcome(props: { row: DeploymentRow }) {
  const { row } = props;
  const when = <Timestamp iso={row.finishedAt ?? row.startedAt} />;
  if (row.status === 'in_progress') return <>in progress, started {when}</>;
  return (
    <>
      {deploymentStatusWords[row.status] ?? row.status} {when}
    </>
  );
}

/** Characters of a branch name shown before it is cut, the full ref on hover. */
const REF_LENGTH = 40;

/**
 * A git ref as people say it: a branch without `refs/heads/`, "tag v1.2",
 * "pull request #12", a commit as its short sha; a long name cut with the
 * whole ref on hover.
 */
export function readableRef(ref: string): { text: string; full: string } {
  const full = ref.trim();
  let text = full.replace(/^refs\/heads\//, '');
  const tag = /^refs\/tags\/(.+)$/.exec(full);
  const pull = /^refs\/pull\/(\d+)\//.exec(full);
  if (tag) text = `tag ${tag[1]}`;
  else if (pull) text = `pull request #${pull[1]}`;
  else if (/^[0-9a-f]{40}$/i.test(full)) text = full.slice(0, 7);
  if (text.length > REF_LENGTH) text = `${text.slice(0, REF_LENGTH - 1)}…`;
  return { text, full };
}

/** A deployment's ref, readable, with the whole ref on hover when it says more. */
export function RefLabel(props: { gitRef: string | null }) {
  if (!props.gitRef) return <>–</>;
  const { text, full } = readableRef(props.gitRef);
  if (text === full) return <>{text}</>;
  return (
    <Tooltip title={full}>
      <span aria-label={full}>{text}</span>
    </Tooltip>
  );
}

/**
 * Why a deployment was made, as the rework rate sees it: a rollback, a hotfix
 * (flag or branch), a fix (it shipped a hotfix change or one naming an open
 * incident; only known for counted deployments), or planned.
 */
export function deploymentKind(row: DeploymentRow & { rework?: boolean }) {
  if (row.isRollback) return 'Rollback';
  if (row.isHotfix) return 'Hotfix';
  if (row.rework)
    return 'Fix: ships a hotfix change or one naming an open incident';
  return 'Planned';
}
