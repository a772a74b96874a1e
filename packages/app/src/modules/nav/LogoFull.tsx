import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  text: {
    fontSize: 26,
    fontWeight: 700,
    letterSpacing: 0.5,
    color: '#7df3e1',
    whiteSpace: 'nowrap',
  },
});

export const LogoFull = () => {
  const classes = useStyles();
  return <span className={classes.text}>Launchpad</span>;
};
