import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { PipelineRunRow } from '@internal/plugin-delivery-common';
import { runState, runStateLabel } from './runs';

const STATUS_COMPONENTS: Record<string, typeof StatusOK> = {
  success: StatusOK,
  failure: StatusError,
  timed_out: StatusError,
  action_required: StatusWarning,
  cancelled: StatusAborted,
  skipped: StatusAborted,
  neutral: StatusAborted,
  queued: StatusPending,
  in_progress: StatusRunning,
};

/** A run's state with the theme's status colour and icon. */
export function RunStatus(props: { run: PipelineRunRow }) {
  const Status = STATUS_COMPONENTS[runState(props.run)] ?? StatusPending;
  return <Status>{runStateLabel(props.run)}</Status>;
}
