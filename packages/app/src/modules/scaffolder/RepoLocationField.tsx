import { useEffect } from 'react';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { RepoLocation, readRepoLocationSettings } from './repoLocationSettings';

/**
 * Where the new repository goes, as the portal's configuration says: on
 * GitHub, an owner (one of launchpad.publish.github.allowedOwners when set)
 * and a repository name defaulting to the service name; on the embedded
 * default, a read-only explanation of the local repository.
 */
export const RepoLocationField = (
  props: FieldExtensionComponentProps<RepoLocation>,
) => {
  const {
    onChange,
    formData,
    formContext,
    rawErrors,
    schema: { title = 'Repository' },
    idSchema,
  } = props;
  const settings = readRepoLocationSettings(useApi(configApiRef));
  const serviceName: string | undefined = formContext?.formData?.name;
  const onlyOwner =
    settings.allowedOwners.length === 1 ? settings.allowedOwners[0] : undefined;

  useEffect(() => {
    if (formData?.target === settings.target) return;
    onChange(
      settings.target === 'local'
        ? { target: 'local' }
        : { target: 'github', owner: onlyOwner },
    );
  }, [formData?.target, settings.target, onlyOwner, onChange]);

  if (settings.target === 'local') {
    return (
      <Box mt={2} mb={1}>
        <Typography variant="subtitle1">{title}</Typography>
        <Typography variant="body2" color="textSecondary">
          This portal keeps new repositories as local git repositories on the
          Launchpad server (it has no GitHub connection). The repository is
          named after the service, and the last page of the run gives you the{' '}
          <code>git clone</code> command to copy.
        </Typography>
      </Box>
    );
  }

  const github = formData?.target === 'github' ? formData : undefined;
  const set = (change: Partial<RepoLocation>) =>
    onChange({
      target: 'github',
      owner: github?.owner,
      repo: github?.repo,
      ...change,
    });
  const error = Boolean(rawErrors?.length);

  return (
    <Box mt={2} mb={1}>
      <Typography variant="subtitle1">{title}</Typography>
      <TextField
        id={`${idSchema?.$id}-owner`}
        label="GitHub owner"
        select={settings.allowedOwners.length > 0}
        required
        fullWidth
        margin="normal"
        value={github?.owner ?? ''}
        onChange={({ target: { value } }) =>
          set({ owner: value.trim() || undefined })
        }
        helperText={`The organisation or user on ${settings.host} that will own the repository.`}
        error={error && !github?.owner}
      >
        {settings.allowedOwners.map(owner => (
          <MenuItem key={owner} value={owner}>
            {owner}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id={`${idSchema?.$id}-repo`}
        label="Repository name"
        fullWidth
        margin="normal"
        value={github?.repo ?? serviceName ?? ''}
        onChange={({ target: { value } }) =>
          set({
            repo:
              value.trim() && value.trim() !== serviceName
                ? value.trim()
                : undefined,
          })
        }
        helperText="Defaults to the service name."
        error={error}
      />
    </Box>
  );
};
