import { ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';

/** The error of the part that failed to load, with a button that loads it again. */
export function RetryableErrorPanel(props: {
  error: Error;
  onRetry: () => void;
  /** what failed to load; the error's own words otherwise */
  title?: string;
}) {
  return (
    <Box>
      <ResponseErrorPanel error={props.error} title={props.title} />
      <Box mt={1}>
        <Button variant="outlined" color="primary" onClick={props.onRetry}>
          Retry
        </Button>
      </Box>
    </Box>
  );
}
