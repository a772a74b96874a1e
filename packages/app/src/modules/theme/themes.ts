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

/**
 * The catalog's "Owned" and "Starred" filters sit in a column about 130 px
 * wide, where Material UI's room for the count (48 px) and the icon (30 px)
 * left their labels 36 px ("Ownec", "Starre"). Doubled selectors (`&&`)
 * outrank Material UI's own list item padding.
 */
const userListPicker = {
  styleOverrides: {
    listIcon: { minWidth: 24 },
    menuItem: { '&&': { paddingLeft: 8, paddingRight: 32 } },
  },
};

const components = {
  ...defaultComponentThemes,
  CatalogReactUserListPicker: userListPicker,
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
