import { DoraLevel } from '@internal/plugin-delivery-common';
import { createTheme, getContrastRatio } from '@material-ui/core/styles';
import { levelColors } from './MetricCard';

const levels: DoraLevel[] = ['elite', 'high', 'medium', 'low'];

describe('level badges', () => {
  const themes = {
    light: createTheme(),
    dark: createTheme({ palette: { type: 'dark' } }),
    // a theme whose warning colour is mid-grey, where white and black are closest
    grey: createTheme({ palette: { warning: { main: '#777777' } } }),
  };

  it.each(
    Object.entries(themes).flatMap(([name, theme]) =>
      levels.map(level => [name, level, theme] as const),
    ),
  )(
    'the %s theme gives the %s badge text at WCAG AA contrast (4.5:1)',
    (_, level, theme) => {
      const { backgroundColor, color } = levelColors(theme, level);
      expect(getContrastRatio(backgroundColor, color)).toBeGreaterThanOrEqual(
        4.5,
      );
    },
  );

  it('takes the colours from the theme, elite darker than high', () => {
    const theme = createTheme({
      palette: { success: { main: '#2e7d32', dark: '#1b5e20' } },
    });
    expect(levelColors(theme, 'elite').backgroundColor).toBe('#1b5e20');
    expect(levelColors(theme, 'high').backgroundColor).toBe('#2e7d32');
    expect(levelColors(theme, 'low').backgroundColor).toBe(
      theme.palette.error.main,
    );
  });
});
