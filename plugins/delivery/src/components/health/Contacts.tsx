import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_CHAT_CHANNEL,
  ANNOTATION_ON_CALL,
  HealthContacts,
} from '@internal/plugin-delivery-common';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { ContactValue, MissingAnnotation } from '../ContactValue';

function Row(props: { label: string; children: ReactNode }) {
  return (
    <Typography component="li" variant="body2">
      <strong>{props.label}:</strong> {props.children}
    </Typography>
  );
}

const missing = (annotation: string, example: string) => (
  <MissingAnnotation annotation={annotation} example={example} />
);

/** Owner, on-call and chat channel; says which annotation to add for each one missing. */
export function Contacts(props: { contacts: HealthContacts }) {
  const { owner, onCall, chatChannel } = props.contacts;
  return (
    <ul aria-label="Who can act" style={{ paddingLeft: 16, margin: 0 }}>
      <Row label="Owner">
        {owner ? <EntityRefLink entityRef={owner} /> : <em>no owner</em>}
      </Row>
      <Row label="On call">
        {onCall ? (
          <ContactValue value={onCall} />
        ) : (
          missing(ANNOTATION_ON_CALL, '#team-oncall')
        )}
      </Row>
      <Row label="Chat channel">
        {chatChannel ? (
          <ContactValue value={chatChannel} />
        ) : (
          missing(ANNOTATION_CHAT_CHANNEL, '#team')
        )}
      </Row>
    </ul>
  );
}
