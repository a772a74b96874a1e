import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  text: {
    fontSize: 26,
    fontWeight: 700,
    color: '#7df3e1',
  },
});

export const LogoIcon = () => {
  const classes = useStyles();
  return <span className={classes.text}>L</span>;
};
