import { useLocation } from 'react-router-dom';
import { useSearchParamsUpdate } from '../searchParams';
import { DrillDownFigure, drillDownFigures } from './DrillDown';

/**
 * The figure whose rows are open, kept in the page's address (`drill=`), the
 * link that opens a figure's rows, and `close`.
 */
export function useDrillDownParam() {
  const location = useLocation();
  const update = useSearchParamsUpdate();
  const drill = drillDownFigures.find(
    f => f === new URLSearchParams(location.search).get('drill'),
  );
  const drillDownUrl = (figure: DrillDownFigure) => {
    const params = new URLSearchParams(location.search);
    params.set('drill', figure);
    return `${location.pathname}?${params}`;
  };
  return { drill, drillDownUrl, close: () => update({ drill: undefined }) };
}
