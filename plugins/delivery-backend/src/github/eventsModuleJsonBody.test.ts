import { parseJsonBody } from './eventsModuleJsonBody';

const parse = (body: unknown, topic: string, charset?: string) =>
  parseJsonBody(
    { body } as any,
    { type: 'application/json', parameters: charset ? { charset } : {} },
    topic,
  );

describe('parseJsonBody', () => {
  it('parses JSON as the events backend does', async () => {
    const body = Buffer.from('{"zen":"hi"}');
    await expect(parse(body, 'other')).resolves.toEqual({
      bodyParsed: { zen: 'hi' },
      bodyBuffer: body,
      encoding: 'utf-8',
    });
  });

  it('passes a GitHub body that is no JSON on as text, for the signature check', async () => {
    const body = Buffer.from('{"zen":');
    await expect(parse(body, 'github')).resolves.toEqual({
      bodyParsed: '{"zen":',
      bodyBuffer: body,
      encoding: 'utf-8',
    });
  });

  it('refuses a body that is no JSON on other topics, and odd charsets, with a 400', async () => {
    await expect(parse(Buffer.from('{"zen":'), 'other')).rejects.toMatchObject({
      name: 'InputError',
      message: 'The request body is not valid JSON',
    });
    await expect(
      parse(Buffer.from('{}'), 'github', 'x-no-such-charset'),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'Unsupported charset: x-no-such-charset',
    });
    await expect(parse(undefined, 'github')).rejects.toMatchObject({
      name: 'InputError',
    });
  });
});
