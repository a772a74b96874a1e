import { createBackendModule } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { HttpBodyParser } from '@backstage/plugin-events-node';
import { eventsExtensionPoint } from '@backstage/plugin-events-node/alpha';

/**
 * The events backend's `application/json` body parser, except that a body
 * that is no JSON is never a 500: on the `github` topic it goes on to the
 * signature check as text (a signed one then reaches the delivery plugin,
 * which acknowledges and ignores it as a malformed payload; an unsigned one
 * is refused with 403), on any other topic it is a 400.
 */
export const parseJsonBody: HttpBodyParser = async (
  request,
  mediaType,
  topic,
) => {
  const bodyBuffer: unknown = request.body;
  if (!Buffer.isBuffer(bodyBuffer)) {
    throw new InputError('The request body could not be read');
  }
  const encoding = mediaType.parameters.charset ?? 'utf-8';
  if (!Buffer.isEncoding(encoding)) {
    throw new InputError(`Unsupported charset: ${encoding.slice(0, 40)}`);
  }
  const text = bodyBuffer.toString(encoding);
  try {
    return { bodyParsed: JSON.parse(text), bodyBuffer, encoding };
  } catch {
    if (topic === 'github') return { bodyParsed: text, bodyBuffer, encoding };
    throw new InputError('The request body is not valid JSON');
  }
};

/**
 * Installs {@link parseJsonBody} in the events backend.
 *
 * @public
 */
export const eventsModuleJsonBody = createBackendModule({
  pluginId: 'events',
  moduleId: 'delivery-json-body',
  register(env) {
    env.registerInit({
      deps: { events: eventsExtensionPoint },
      async init({ events }) {
        events.addHttpPostBodyParser({
          contentType: 'application/json',
          parser: parseJsonBody,
        });
      },
    });
  },
});
