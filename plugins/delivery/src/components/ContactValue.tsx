import { parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { safeHttpUrl } from './pipelines';

const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const person = /^(user|group):/i;

/**
 * A contact from an annotation: a link when it is a URL, an e-mail address or
 * a catalog user or group (`user:alice`), text otherwise (a chat channel).
 */
export function ContactValue(props: { value: string }) {
  const { value } = props;
  const url = safeHttpUrl(value);
  if (url) return <Link to={url}>{value}</Link>;
  if (email.test(value)) {
    return <Link to={`mailto:${encodeURI(value)}`}>{value}</Link>;
  }
  if (person.test(value)) {
    try {
      return <EntityRefLink entityRef={parseEntityRef(value)} />;
    } catch {
      // not a valid reference: shown as written
    }
  }
  return <>{value}</>;
}

/** Says that an annotation is missing and what to add to catalog-info.yaml. */
export function MissingAnnotation(props: {
  annotation: string;
  example: string;
}) {
  return (
    <em>
      not set (add{' '}
      <code style={{ overflowWrap: 'anywhere' }}>
        {`${props.annotation}: "${props.example}"`}
      </code>{' '}
      to catalog-info.yaml)
    </em>
  );
}
