import TextField from '@material-ui/core/TextField';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

/**
 * The service name input. The rules are checked by the field's validation
 * (serviceNameValidation) when the user moves on, and shown in words.
 */
export const ServiceNameField = (
  props: FieldExtensionComponentProps<string>,
) => {
  const {
    onChange,
    required,
    schema: { title = 'Name', description },
    rawErrors,
    formData,
    uiSchema,
    idSchema,
  } = props;
  return (
    <TextField
      id={idSchema?.$id}
      label={title}
      helperText={
        description ??
        'Lowercase letters, digits and hyphens, starting with a letter; unique in the catalog.'
      }
      required={required}
      value={formData ?? ''}
      onChange={({ target: { value } }) => onChange(value.trim() || undefined)}
      margin="normal"
      error={Boolean(rawErrors?.length)}
      inputProps={{ autoFocus: uiSchema['ui:autofocus'], spellCheck: false }}
      FormHelperTextProps={{ style: { marginLeft: 0 } }}
    />
  );
};
