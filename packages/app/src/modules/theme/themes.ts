import {
  createUnifiedTheme,
  defaultComponentThemes,
  palettes,
} from '@backstage/theme';

type StyleOverride = (props: { theme: unknown }) => Record<string, unknown>;

const tableCellDefaults = defaultComponentThemes?.MuiTableCell
  ?.styleOverrides as Record<'root' | 'head', StyleOverride>;

/**
 * Backstage's `word-break: break-word` on table cells lets a column shrink
 * until names break mid-word ("Launc hpad"); cells size to whole words
 * instead, and only what is longer than its cell wraps.
 */
const wholeWords = { wordBreak: 'normal', overflowWrap: 'break-word' };

const components = {
  ...defaultComponentThemes,
  MuiTableCell: {
    styleOverrides: {
      ...tableCellDefaults,
      root: (props: { theme: unknown }) => ({
        ...tableCellDefaults.root(props),
        ...wholeWords,
      }),
      head: (props: { theme: unknown }) => ({
        ...tableCellDefaults.head(props),
        ...wholeWords,
      }),
    },
  },
};

export const lightTheme = createUnifiedTheme({
  palette: palettes.light,
  components: components as typeof defaultComponentThemes,
});

export const darkTheme = createUnifiedTheme({
  palette: palettes.dark,
  components: components as typeof defaultComponentThemes,
});
