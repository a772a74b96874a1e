import Tooltip from '@material-ui/core/Tooltip';
import { formatDateTimeWithZone, formatRelativeTime } from './format';

/** A time shown relative to now ("3 hours ago"), with its date, time and zone on hover. */
export function Timestamp(props: { iso: string | null }) {
  if (!props.iso) return <>–</>;
  const absolute = formatDateTimeWithZone(props.iso);
  return (
    <Tooltip title={absolute}>
      <time dateTime={props.iso} aria-label={absolute}>
        {formatRelativeTime(props.iso)}
      </time>
    </Tooltip>
  );
}
