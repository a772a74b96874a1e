import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { serviceNameValidation } from './serviceNameValidation';

/** Runs the field validation as the scaffolder form does and returns its errors. */
async function errorsFor(
  name: string,
  existing: { kind: string; name: string }[] = [],
) {
  const getEntities = jest.fn(async ({ filter }: any) => ({
    items: existing
      .filter(e => e.name === filter['metadata.name'])
      .map(e => ({ kind: e.kind, metadata: { name: e.name } })),
  }));
  const errors: string[] = [];
  await serviceNameValidation(
    name,
    { addError: (e: string) => errors.push(e) } as any,
    {
      apiHolder: {
        get: (ref: any) =>
          ref.id === catalogApiRef.id ? { getEntities } : undefined,
      } as any,
      formData: {},
      schema: {},
    },
  );
  return { errors, getEntities };
}

describe('LaunchpadServiceName validation', () => {
  it('accepts a new name after asking the catalog', async () => {
    const { errors, getEntities } = await errorsFor('orders-api');
    expect(errors).toEqual([]);
    expect(getEntities).toHaveBeenCalledWith({
      filter: {
        'metadata.namespace': 'default',
        'metadata.name': 'orders-api',
      },
      fields: ['kind', 'metadata.name'],
    });
  });

  it('refuses a name the catalog already has, naming the component first', async () => {
    const { errors } = await errorsFor('payments-api', [
      { kind: 'API', name: 'payments-api' },
      { kind: 'Component', name: 'payments-api' },
    ]);
    expect(errors).toEqual([
      'The name payments-api is already taken in the catalog (by the component payments-api). Choose another name.',
    ]);
  });

  it('refuses a name that another kind of entity has', async () => {
    const { errors } = await errorsFor('checkout', [
      { kind: 'API', name: 'checkout' },
    ]);
    expect(errors).toEqual([
      'The name checkout is already taken in the catalog (by the API checkout). Choose another name.',
    ]);
  });

  it.each([
    [
      'Payments_API',
      'Use only lowercase letters (a to z), digits and hyphens: no capitals, spaces, dots or underscores.',
    ],
    ['ab', 'Use 3 to 63 characters.'],
    ['a'.repeat(64), 'Use 3 to 63 characters.'],
    ['1payments', 'Start with a lowercase letter.'],
    ['payments-', 'End with a letter or a digit, not a hyphen.'],
    ['pay--ments', 'Do not put two hyphens in a row.'],
  ])(
    'refuses %j with one rule in words and no pattern',
    async (name, message) => {
      const { errors, getEntities } = await errorsFor(name);
      expect(errors).toEqual([message]);
      expect(errors[0]).not.toMatch(/[\^$\\[\]]/);
      expect(getEntities).not.toHaveBeenCalled();
    },
  );
});
