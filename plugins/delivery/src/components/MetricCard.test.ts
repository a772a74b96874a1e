import { levelColors } from './MetricCard';

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map(i => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('level badges', () => {
  it.each(Object.entries(levelColors))(
    'the %s badge keeps its white text at WCAG AA contrast (4.5:1)',
    (_, colour) => {
      const contrast = 1.05 / (luminance(colour) + 0.05);
      expect(contrast).toBeGreaterThanOrEqual(4.5);
    },
  );
});
