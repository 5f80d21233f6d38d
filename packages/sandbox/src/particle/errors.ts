import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** Error body in the Particle Cloud's `{ ok: false, error, info? }` form. */
export function sendParticleError(reply: FastifyReply, status: number, error: string, info?: string) {
  return reply.code(status).send(info === undefined ? { ok: false, error } : { ok: false, error, info });
}

/** OAuth error in the `{ error, error_description }` form the cloud uses on /oauth/token and for bad tokens. */
export function sendOAuthError(
  reply: FastifyReply,
  status: number,
  error: string,
  description: string,
  extra?: object,
) {
  return reply.code(status).send({ error, error_description: description, ...extra });
}

/** Errors thrown while parsing or handling a Particle request (bad JSON, bad multipart, …) in the Particle shape. */
export function particleErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  // busboy reports broken multipart bodies without a status code.
  if (
    !error.statusCode &&
    /multipart|end of form|part terminated|malformed part|boundary/i.test(error.message)
  )
    return sendParticleError(reply, 400, 'Malformed multipart/form-data body', error.message);
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  return sendParticleError(reply, status, status === 500 ? 'Internal Server Error' : error.message);
}
