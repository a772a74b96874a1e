import { HealthSection } from '@internal/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/**
 * The section's content, or why there is none: what to configure, or what
 * failed, with a button that reads it again.
 */
export function SectionState<T>(props: {
  section: HealthSection<T>;
  /** what the section shows, e.g. "alerts" */
  subject: string;
  onRetry: () => void;
  children: (data: T) => ReactNode;
}) {
  const { section, subject, onRetry } = props;
  if (section.state === 'ok') return <>{props.children(section.data)}</>;
  if (section.state === 'not-configured') {
    return (
      <Typography
        variant="body2"
        role="note"
        aria-label={`How to get ${subject}`}
      >
        No {subject} yet. {section.reason}
      </Typography>
    );
  }
  return (
    <Box
      role="alert"
      aria-label={`${subject} unavailable`}
      border={1}
      borderColor="warning.main"
      borderRadius={4}
      p={1.5}
      display="flex"
      alignItems="center"
      justifyContent="space-between"
    >
      <Typography variant="body2">
        The {subject} could not be read: {section.reason}. The rest of the page
        is current.
      </Typography>
      <Button variant="outlined" size="small" onClick={onRetry}>
        Retry
      </Button>
    </Box>
  );
}
