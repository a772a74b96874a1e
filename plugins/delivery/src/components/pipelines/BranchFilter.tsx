import FormControl from '@material-ui/core/FormControl';
import InputBase from '@material-ui/core/InputBase';
import InputLabel from '@material-ui/core/InputLabel';
import { makeStyles } from '@material-ui/core/styles';
import { useEffect, useState } from 'react';

// looks like Backstage's Select beside it: bold label above a bordered box
const useStyles = makeStyles(theme => ({
  formControl: { margin: theme.spacing(1, 0) },
  label: {
    transform: 'initial',
    fontWeight: 'bold',
    fontSize: theme.typography.body2.fontSize,
    color: theme.palette.text.primary,
    '&.Mui-focused': { color: theme.palette.text.primary },
  },
  root: { 'label + &': { marginTop: theme.spacing(3) } },
  input: {
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.background.paper,
    border: `1px solid ${theme.palette.grey[400]}`,
    fontSize: theme.typography.body1.fontSize,
    // as tall as the selects' boxes
    padding: theme.spacing(1.5),
    '&:focus': { borderColor: theme.palette.primary.main },
  },
}));

/** A branch name, applied on Enter or when the field is left; empty means every branch. */
export function BranchFilter(props: {
  branch?: string;
  onChange: (branch: string | undefined) => void;
}) {
  const classes = useStyles();
  const [value, setValue] = useState(props.branch ?? '');
  useEffect(() => setValue(props.branch ?? ''), [props.branch]);
  const apply = () => {
    if (value.trim() !== (props.branch ?? '')) {
      props.onChange(value.trim() || undefined);
    }
  };
  return (
    <FormControl fullWidth className={classes.formControl}>
      <InputLabel
        shrink
        htmlFor="pipeline-runs-branch"
        className={classes.label}
      >
        Branch
      </InputLabel>
      <InputBase
        id="pipeline-runs-branch"
        classes={{ root: classes.root, input: classes.input }}
        placeholder="All branches"
        title="Type a branch and press Enter"
        value={value}
        inputProps={{ maxLength: 255 }}
        onChange={e => setValue(e.target.value)}
        onBlur={apply}
        onKeyDown={e => {
          if (e.key === 'Enter') apply();
        }}
      />
    </FormControl>
  );
}
