import { Entity, UserEntity } from '@backstage/catalog-model';
import {
  InfoCard,
  InfoCardVariants,
  Link,
  Progress,
} from '@backstage/core-components';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_CHAT_CHANNEL,
  ANNOTATION_ESCALATION,
  ANNOTATION_ON_CALL,
  parseEscalation,
} from '@internal/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { ContactValue, MissingAnnotation } from '../ContactValue';
import { RetryableErrorPanel } from '../RetryableErrorPanel';
import { plural } from '../format';
import { ownerRefOf, useOwnership } from './useOwnership';

/** The section of Launchpad's docs on ownership and contact annotations. */
const OWNERSHIP_DOCS_URL =
  '/docs/default/component/launchpad-portal/delivery-views/#ownership-of-a-component';

export interface OwnershipCardProps {
  /** `gridItem` (the default) stretches the card to its row on the overview */
  variant?: InfoCardVariants;
  /** members listed before "and N more"; 8 unless set */
  maxMembers?: number;
}

function Section(props: {
  label: string;
  /** the heading shown, when it says more than the label */
  heading?: string;
  children: ReactNode;
}) {
  return (
    <Box mb={1.5} role="group" aria-label={props.label}>
      <Typography variant="overline" component="h3" color="textSecondary">
        {props.heading ?? props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Box>
  );
}

/** The entity's own annotation, else its owner's, saying when it is the owner's. */
function annotationOf(
  annotation: string,
  entity: Entity,
  owner: Entity | undefined,
): { value: string; fromOwner: boolean } | undefined {
  const own = entity.metadata.annotations?.[annotation]?.trim();
  if (own) return { value: own, fromOwner: false };
  const inherited = owner?.metadata.annotations?.[annotation]?.trim();
  return inherited ? { value: inherited, fromOwner: true } : undefined;
}

function FromOwner(props: { shown: boolean }) {
  if (!props.shown) return null;
  return (
    <Typography variant="caption" color="textSecondary" component="span">
      {' '}
      (the team's)
    </Typography>
  );
}

function Contact(props: {
  annotation: string;
  example: string;
  entity: Entity;
  owner?: Entity;
}) {
  const found = annotationOf(props.annotation, props.entity, props.owner);
  if (!found) {
    return (
      <MissingAnnotation
        annotation={props.annotation}
        example={props.example}
      />
    );
  }
  return (
    <>
      <ContactValue value={found.value} />
      <FromOwner shown={found.fromOwner} />
    </>
  );
}

function Escalation(props: { entity: Entity; owner?: Entity }) {
  const found = annotationOf(ANNOTATION_ESCALATION, props.entity, props.owner);
  const steps = parseEscalation(found?.value);
  if (!found || !steps.length) {
    return (
      <MissingAnnotation
        annotation={ANNOTATION_ESCALATION}
        example="#team-leads, lead@example.com"
      />
    );
  }
  return (
    <>
      <ol aria-label="Escalation steps" style={{ margin: 0, paddingLeft: 20 }}>
        {steps.map((step, i) => (
          <li key={`${i}-${step}`}>
            <ContactValue value={step} />
          </li>
        ))}
      </ol>
      <FromOwner shown={found.fromOwner} />
    </>
  );
}

function Member(props: { user: UserEntity }) {
  const { user } = props;
  const email = user.spec?.profile?.email;
  return (
    <li>
      <EntityRefLink entityRef={user} />
      {email && (
        <>
          {' · '}
          <ContactValue value={email} />
        </>
      )}
    </li>
  );
}

function Members(props: {
  ownerRef: string;
  owner: Entity;
  members: UserEntity[];
  max: number;
}) {
  const { owner, members, max } = props;
  if (owner.kind.toLowerCase() === 'user') {
    return <>Owned by one person, not a team.</>;
  }
  if (!members.length) {
    return <>The team lists no members in the catalog.</>;
  }
  const more = members.length - max;
  return (
    <ul aria-label="Members" style={{ margin: 0, paddingLeft: 20 }}>
      {members.slice(0, max).map(user => (
        <Member key={user.metadata.name} user={user} />
      ))}
      {more > 0 && (
        <li>
          <EntityRefLink entityRef={props.ownerRef}>
            and {plural(more, 'more member')} on the team's page
          </EntityRefLink>
        </li>
      )}
    </ul>
  );
}

/**
 * Who owns a component and who to reach: the owning group with a link, its
 * members, and the on-call, chat channel and escalation annotations (the
 * component's own, else the group's).
 */
export function OwnershipDetails(props: {
  /** members listed before "and N more"; 8 unless set */
  maxMembers?: number;
}) {
  const { entity } = useEntity();
  const ownerRef = ownerRefOf(entity);
  const { value, loading, error, retry } = useOwnership(ownerRef);
  const owner = value?.owner;

  let ownerNode: ReactNode;
  let membersNode: ReactNode;
  if (!ownerRef) {
    ownerNode = (
      <em>
        no owner (set <code>spec.owner</code> in catalog-info.yaml)
      </em>
    );
  } else if (loading) {
    ownerNode = <EntityRefLink entityRef={ownerRef} />;
    membersNode = <Progress />;
  } else if (error) {
    ownerNode = <EntityRefLink entityRef={ownerRef} />;
    membersNode = <RetryableErrorPanel error={error} onRetry={retry} />;
  } else if (!owner) {
    ownerNode = (
      <>
        <code>{ownerRef}</code>, which is not in the catalog: register it to see
        its members
      </>
    );
  } else {
    ownerNode = <EntityRefLink entityRef={owner} />;
    membersNode = (
      <Members
        ownerRef={ownerRef}
        owner={owner}
        members={value.members}
        max={props.maxMembers ?? 8}
      />
    );
  }

  return (
    <>
      <Section label="Owner">{ownerNode}</Section>
      {membersNode && (
        <Section
          label="Members"
          heading={
            value?.members.length && owner?.kind.toLowerCase() !== 'user'
              ? `Members (${value.members.length})`
              : undefined
          }
        >
          {membersNode}
        </Section>
      )}
      <Section label="On call">
        <Contact
          annotation={ANNOTATION_ON_CALL}
          example="#team-oncall"
          entity={entity}
          owner={owner}
        />
      </Section>
      <Section label="Chat channel">
        <Contact
          annotation={ANNOTATION_CHAT_CHANNEL}
          example="#team"
          entity={entity}
          owner={owner}
        />
      </Section>
      <Section label="Escalation">
        <Escalation entity={entity} owner={owner} />
      </Section>
      <Typography variant="caption" color="textSecondary" component="p">
        <Link to={OWNERSHIP_DOCS_URL}>How ownership and contacts are set</Link>
      </Typography>
    </>
  );
}

/** The overview's card of {@link OwnershipDetails}. */
export function OwnershipCard(props: OwnershipCardProps) {
  return (
    <InfoCard title="Ownership" variant={props.variant ?? 'gridItem'}>
      <OwnershipDetails maxMembers={props.maxMembers} />
    </InfoCard>
  );
}
