import type { FastifyReply } from 'fastify';

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
