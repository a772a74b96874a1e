import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI runs every package's tests at once on two cores: the first render of a
// test file (loading Material UI, material-table and recharts) can take
// seconds there, which says nothing about the component.
configure({ asyncUtilTimeout: 5_000 });
jest.setTimeout(20_000);

// recharts' ResponsiveContainer observes its size; jsdom has no ResizeObserver.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!('ResizeObserver' in globalThis)) {
  (globalThis as any).ResizeObserver = NoopResizeObserver;
}
