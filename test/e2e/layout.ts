import { expect, Locator } from '@playwright/test';

/**
 * Fails when any text of `container` (a card, a page's content) reaches past
 * the right edge of the container or of a box between them that clips or
 * scrolls it: cut off on screen, or found only by scrolling sideways (a column
 * header that read "REWOR", a figure "Not enou"). Text a component shortens on
 * purpose, with an ellipsis, stays inside its box and passes.
 */
export async function expectNothingCutOff(container: Locator) {
  await expect(container).toBeVisible();
  const cut = await container.evaluate(root => {
    const clipsOrScrolls = (element: Element) =>
      getComputedStyle(element).overflowX !== 'visible';
    const texts = root.querySelectorAll(
      'th, td, h1, h2, h3, h4, h5, h6, p, li, a, button',
    );
    return [...texts]
      .filter(element => {
        const { right, width } = element.getBoundingClientRect();
        if (width === 0) return false;
        for (let box = element.parentElement; box; box = box.parentElement) {
          if (
            (box === root || clipsOrScrolls(box)) &&
            right > box.getBoundingClientRect().right + 1
          ) {
            return true;
          }
          if (box === root) return false;
        }
        return false;
      })
      .map(element => (element.textContent ?? '').trim().slice(0, 60));
  });
  expect(cut, 'text past the right edge of its box').toEqual([]);
}
