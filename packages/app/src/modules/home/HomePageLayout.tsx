import { Content } from '@backstage/core-components';
import { CustomHomepageGrid } from '@backstage/plugin-home';
import { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';
import { Fragment, useMemo } from 'react';

/**
 * Twelve columns down to tablet width. The default grid has ten at laptop
 * width (960 to 1280 px), where cards configured for twelve no longer fit
 * side by side and fall under each other, leaving holes.
 */
const columns = { xl: 12, lg: 12, md: 12, sm: 6, xs: 4, xxs: 2 };

/** The customisable home page grid, laid out from `defaultConfig`. */
export function HomePageLayout(props: HomePageLayoutProps) {
  const { widgets, defaultConfig } = props;
  const config = useMemo(
    () =>
      defaultConfig?.map(({ column, row, ...item }) => ({
        ...item,
        x: column,
        y: row,
      })),
    [defaultConfig],
  );
  return (
    <Content>
      <CustomHomepageGrid config={config} cols={columns}>
        {widgets.map((widget, index) => (
          <Fragment key={widget.name ?? index}>{widget.component}</Fragment>
        ))}
      </CustomHomepageGrid>
    </Content>
  );
}
