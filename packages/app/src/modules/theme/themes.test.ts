import { darkTheme, lightTheme } from './themes';

describe.each([
  ['light', lightTheme],
  ['dark', darkTheme],
])('the %s theme', (_, theme) => {
  // the Material UI 5 theme, whose type the union getTheme returns hides
  const v5 = theme.getTheme('v5') as unknown as {
    components: {
      MuiTableCell: {
        styleOverrides: Record<string, (props: object) => object>;
      };
    };
  };
  const tableCell = v5.components.MuiTableCell.styleOverrides;

  it('keeps words whole in table cells and headers', () => {
    for (const part of ['root', 'head']) {
      expect(tableCell[part]({ theme: theme.getTheme('v5') })).toMatchObject({
        wordBreak: 'normal',
        overflowWrap: 'break-word',
      });
    }
  });

  it("keeps the rest of Backstage's table cell style", () => {
    expect(tableCell.root({ theme: theme.getTheme('v5') })).toMatchObject({
      verticalAlign: 'middle',
      borderBottom: 0,
    });
  });
});
